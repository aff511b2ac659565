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
    from fmscompare import __version__
    from fmscompare.render.chart import spectrum_svg

    template_text = resources.files("fmscompare.render").joinpath("templates/brief.html").read_text("utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string(template_text)
    cited = {row["source"] for row in brief.sources.rows}
    return str(
        template.render(brief=brief, cited=cited, spectrum_svg=spectrum_svg(brief.spectrum), version=__version__)
    )
