"""`fmscompare sources`: the bibliography, with how often each source is cited, in every format."""

from __future__ import annotations

import csv
import io
import json

from fmscompare.reports.common import citations
from tests.helpers import DATASET


def test_sources_in_every_format(cli):
    rows = json.loads(cli("sources", "-f", "json").stdout)
    assert len(rows) == len(DATASET.sources)
    by_id = {r["source"]: r for r in rows}
    assert by_id["hattori2023"]["url"].startswith("https://www.csis.org/")
    assert by_id["hattori2023"]["cited"] == citations(DATASET)["hattori2023"] > 80
    text = cli("sources", "-f", "csv").stdout
    assert text.splitlines()[0] == "source,date,cited,publisher,author,title,url,accessed,language,secondary"
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(rows)
    markdown = cli("sources", "-f", "markdown").stdout
    assert markdown.startswith(f"### Sources: the {len(rows)} the dataset cites")
    table = cli("sources", env={"COLUMNS": "100"}).stdout
    assert "https://www.csis.org/analysis/considering-japanese-version-foreign-military-sales" in table
