"""Joint questions (vraagstukken) and the contributions of the parties involved."""
