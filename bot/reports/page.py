"""The report as one self-contained HTML file: inline SVG charts beside their data tables,
entry thumbnails as ``data:`` URIs, its own style sheet, printing on A4.

Nothing is fetched: the file can be mailed, archived or opened offline. Every chart is an
``<svg role="img">`` labelled by its alt text, and its figures are a real table beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from bot.engine.i18n import Translator
from bot.reports.figures import Cell, Figure, Section, Table, Thumb

STYLE = """
:root{--ink:#1d1d1d;--muted:#555;--line:#d0d0d0;--accent:ACCENT}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);
max-width:64rem;margin:2rem auto;padding:0 1rem}
header{border-bottom:4px solid var(--accent);margin-bottom:1.5rem}
h1{margin:.2rem 0}h2{margin:0 0 .6rem;font-size:1.2rem}
.meta,.note,figcaption{color:var(--muted)}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:1rem;
margin:1rem 0 2rem;padding:0}
.figures li{list-style:none;border-left:4px solid var(--accent);padding:.2rem .8rem}
.figures strong{display:block;font-size:1.8rem;line-height:1.2}
.figures span{display:block;font-weight:600}
.figures small{color:var(--muted)}
section{margin:0 0 2rem;break-inside:avoid;page-break-inside:avoid}
.pair{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.2rem;align-items:start}
.pair.alone{grid-template-columns:1fr}
figure{margin:0}figure svg{width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;
overflow-wrap:anywhere}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td img{display:block;width:64px;height:auto}
.empty{font-style:italic}
@media (max-width:48rem){.pair{grid-template-columns:1fr}}
@page{size:A4;margin:14mm 12mm}
@media print{
body{font-size:10pt;max-width:none;margin:0;padding:0}
header{margin-bottom:8mm}
.figures{grid-template-columns:repeat(3,1fr);margin-bottom:6mm}
.figures strong{font-size:18pt}
section{margin-bottom:7mm}
.pair{grid-template-columns:minmax(0,11fr) minmax(0,8fr);gap:5mm}
figure svg{max-height:95mm}
table{font-size:8.5pt;table-layout:fixed}
th,td{padding:.15rem .3rem}
a{color:inherit;text-decoration:none}
}
"""


def render_page(
    t: Translator,
    heading: Sequence[str],
    figures: Sequence[Figure],
    sections: Sequence[Section],
    charts: Mapping[str, str] | None,
    accent: str,
) -> str:
    """The whole page. ``heading`` is the title then lines under it; ``charts`` maps a
    section's slug to its ``<svg>`` (None: the charts could not be drawn, said once)."""
    title, *lines = heading
    meta = "".join(f'<p class="meta">{escape(line)}</p>' for line in lines if line)
    tiles = "".join(
        f"<li><strong>{escape(f.value)}</strong><span>{escape(f.label)}</span>"
        f"<small>{escape(f.definition)}</small></li>"
        for f in figures
    )
    missing = f'<p class="note empty">{escape(t("report.no_chart"))}</p>' if charts is None else ""
    body = "".join(_section(s, (charts or {}).get(s.slug)) for s in sections)
    return f"""<!doctype html>
<html lang="{escape(t.locale)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE.replace("ACCENT", accent)}</style></head><body>
<header><h1>{escape(title)}</h1>{meta}</header>
<main>
<h2 class="visually-plain">{escape(t("charts.figures"))}</h2>
<ul class="figures">{tiles}</ul>
{missing}{body}
</main>
</body></html>
"""


def _section(section: Section, chart: str | None) -> str:
    head = f'<section id="{escape(section.slug)}"><h2>{escape(section.title)}</h2>'
    figure = ""
    if section.chart is not None and chart is not None:
        figure = f"<figure>{chart}</figure>"
    elif section.empty:
        figure = f'<p class="empty">{escape(section.empty)}</p>'
    table = _table(section.table) if section.table.rows else ""
    both = "pair" if figure and table else "pair alone"
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in section.notes if note)
    return f'{head}<div class="{both}">{figure}{table}</div>{notes}</section>\n'


def _table(table: Table) -> str:
    numeric = [all(_numeric(row[i]) for row in table.rows) for i in range(len(table.headers))]
    head = "".join(
        f'<th scope="col"{_n(numeric[i])}>{escape(h)}</th>' for i, h in enumerate(table.headers)
    )
    rows = "".join(
        "<tr>"
        + "".join(f"<td{_n(numeric[i])}>{_cell(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _n(numeric: bool) -> str:
    return ' class="n"' if numeric else ""


def _numeric(cell: Cell) -> bool:
    return (
        isinstance(cell, str)
        and bool(cell)
        and cell.replace("\u202f", "")
        .replace("\xa0", "")
        .replace(",", "")
        .replace(".", "")
        .replace(" ", "")
        .replace("%", "")
        .isdigit()
    )


def _cell(cell: Cell) -> str:
    if isinstance(cell, Thumb):
        return f'<img src="{escape(cell.uri)}" alt="{escape(cell.alt)}">'
    return escape(cell)
