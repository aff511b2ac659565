"""The paper this tool starts from: Hattori, "Japan's Foreign Military Sales" (CSIS), dated 13 April 2023.

Its date is the earliest picture the data describes; its source id marks the paper's own claims.
"""

from __future__ import annotations

from fmscompare.months import Month

PAPER_MONTH = Month(2023, 4)  # the paper is dated 13 April 2023
PAPER_SOURCE = "hattori2023"  # the source id that stands for the paper
PAPER_LABEL = "Apr 2023"
