"""The progress report's stylesheet: served as a file (the page's CSP allows no inline style) and
given to WeasyPrint directly for the PDF. Print first: A4 pages, page numbers, tables that do
not break inside a row; readable on a screen and a phone too."""

STYLESHEET = """\
@page {
  size: A4;
  margin: 2cm 1.8cm 2.2cm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #444; }
}
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt;
  line-height: 1.45; color: #1a1a1a; background: #fff; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.8em; margin: 0 0 0.2em; color: #0b3d6b; }
h2 { font-size: 1.35em; margin: 1.6em 0 0.5em; color: #0b3d6b; border-bottom: 2px solid #0b3d6b;
  padding-bottom: 0.15em; break-after: avoid; }
h3 { font-size: 1.1em; margin: 1.2em 0 0.4em; break-after: avoid; }
.period { margin: 0 0 1em; font-size: 1.05em; }
.organisation { font-weight: bold; }
.purpose { font-size: 1.15em; font-style: italic; border-left: 4px solid #0b3d6b;
  padding-left: 0.8em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1.2em; font-size: 0.95em; }
caption { text-align: left; font-weight: bold; padding: 0 0 0.3em; }
th, td { border: 1px solid #8a8a8a; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
thead th { background: #e8eef5; }
tbody th { font-weight: normal; }
.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
.detail, .kind { color: #444; font-size: 0.9em; }
.suppressed { font-style: italic; }
.nothing { font-style: italic; color: #444; }
footer { margin-top: 2em; font-size: 0.9em; color: #444; border-top: 1px solid #8a8a8a; }
@media screen and (max-width: 40rem) {
  body { padding: 0.5rem; }
  table { display: block; overflow-x: auto; }
}
@media print {
  body { max-width: none; padding: 0; }
}
"""
