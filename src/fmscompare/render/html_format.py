"""The brief as one self-contained HTML page: styles and the SVG figure inline, no script, no request.

The page carries a Content-Security-Policy that forbids loading anything, so a browser opening it makes no
request even if a later edit slipped in an external reference; links to sources are plain links a reader
follows. Text from the data is escaped (Jinja2's autoescape), so no name or quotation can add markup.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from fmscompare.errors import DataError, Option, Problem

if TYPE_CHECKING:
    from fmscompare.reports.brief import Brief
    from fmscompare.reports.report import Column, Table

INSTALL_HINT = "the HTML brief needs jinja2 and matplotlib: pip install 'fmscompare[report]' (make run installs it)"


def _jinja() -> Any:
    try:
        import jinja2
        import matplotlib  # noqa: F401  (Figure 1 is drawn with it)
    except ImportError:
        raise DataError([Problem(Option("output"), INSTALL_HINT)]) from None
    return jinja2


def render_html(brief: Brief) -> str:
    """The brief's page (Figure 1 drawn by matplotlib as inline SVG)."""
    jinja2 = _jinja()
    from fmscompare.render.chart import spectrum_svg
    from fmscompare.version import __version__

    template_text = resources.files("fmscompare.render").joinpath("templates/brief.html").read_text("utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string(template_text)
    cited = {row["source"] for row in brief.sources.rows}
    figure = spectrum_svg(brief.spectrum)
    return str(template.render(brief=brief, cited=cited, spectrum_svg=figure, version=__version__, heading_of=_heading))


def _heading(table: Table) -> Column | None:
    """The column that names a row above its long texts: a deal's id, else the first short column whose
    values tell the rows apart (a mechanism's label, a source's id), else the first short column."""
    by_key = {c.key: c for c in table.columns}
    if table.rows and "deal" in by_key and all(row.get("deal") for row in table.rows):
        return by_key["deal"]
    short = [c for c in table.human_columns() if not c.long_text]
    for column in short:
        values = [str(row.get(column.key)) for row in table.rows]
        if len(set(values)) == len(values):
            return column
    return short[0] if short else None
