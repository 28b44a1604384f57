"""The traceable chain of a driver: the questions, agenda items and successes that serve it.

A feature above agenda, questions and successes, which it reads; the joint layer's links are
what it follows."""
