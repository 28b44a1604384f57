"""The dashboard: the interim results at a glance, for the core team and everyone involved.

It sits above the features (the aggregate rung of the import ladder) and reads their tables with
their own visibility rules; it has no tables of its own."""
