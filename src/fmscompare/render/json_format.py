"""JSON: a list of records for tables, one object for a profile; numbers as numbers, null for missing."""

from __future__ import annotations

import json

from fmscompare.reports.report import Profile, Report


def render_json(report: Report) -> str:
    data = report.record if isinstance(report, Profile) else report.records()
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
