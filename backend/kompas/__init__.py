"""Kompas: making collaboration across departments and partners of a municipality tangible."""

__version__ = "0.1.0"
