"""The joint future agenda (toekomstagenda)."""
