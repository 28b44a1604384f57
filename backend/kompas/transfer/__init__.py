"""Whole-organisation export and import (docs/export.md)."""
