"""Search across agenda items, questions, successes and meetings (zoeken)."""
