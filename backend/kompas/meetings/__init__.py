"""Meetings of the programme: sessions with a work format, parties at the table and outcomes."""
