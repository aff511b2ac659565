r"""JSON: a list of records for tables, one object for a profile; numbers as numbers, null for missing.

JSON escapes the C0 controls itself (ESC is written `\u001b`); the other characters a terminal acts on, DEL,
the C1 controls and the bidi overrides, are escaped the same way, so that `-f json` printed to a terminal
shows them rather than obeys them. The data read back is the same.
"""

from __future__ import annotations

import json
import re

from fmscompare.reports.report import Profile, Report

# Outside strings JSON has only ASCII, so each of these is inside a string, where `\uXXXX` means the same.
_TERMINAL_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def render_json(report: Report) -> str:
    data = report.record if isinstance(report, Profile) else report.records()
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    return _TERMINAL_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
