"""Search across agenda items, questions, successes, meetings and experiences (zoeken)."""
