"""Public feeds (Atom, JSON Feed) and the intranet widget of published experiences and successes."""
