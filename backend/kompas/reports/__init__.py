"""The progress report of a period, as a printable HTML page and a tagged PDF.

Like the dashboard it sits above the features and reads them with their own visibility rules;
it has no tables of its own."""
