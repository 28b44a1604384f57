"""Shared successes (gedeelde successen) and the parties that endorse them."""
