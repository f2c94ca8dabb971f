"""文字材料 (the analyst's own text): achievements, measures, difficulties and plans.

The figures of a summary come from the ledgers; its prose — 项目法人组建并登记, 前期经费缺乏,
next year's plan by area — comes from the analyst, kept in the 文字材料 ledger like any other
ledger, so it is validated, versioned and placed in its section by the report.
"""

from __future__ import annotations

import pandas as pd

from ..schema import VOCABULARIES

__all__ = ["NOTE_KINDS", "SUMMARY_SECTIONS", "work_notes"]

NOTE_KINDS: tuple[str, ...] = VOCABULARIES["note_kind"]
SUMMARY_SECTIONS: tuple[str, ...] = VOCABULARIES["summary_section"]


def work_notes(
    notes: pd.DataFrame,
    *,
    year: int,
    county: str | None = None,
    section: str | None = None,
    kinds: tuple[str, ...] | None = None,
    through_month: int = 12,
) -> pd.DataFrame:
    """文字材料 of one summary: the notes of ``year`` for the city bureau or one county.

    Parameters
    ----------
    notes : the 文字材料 ledger.
    year : the summary's year (next year's plan is filed under this year too).
    county : a county's own notes; ``None`` (the whole city) takes the city bureau's notes,
        those without a county — a county's notes are not the city's words.
    section, kinds : keep one section, and some kinds (亮点, 措施, 困难, 计划).
    through_month : accepted for a uniform call with the other metrics; notes have no month.

    Returns
    -------
    pandas.DataFrame
        ``section``, ``kind``, ``title``, ``text`` in their ledger order (``order``, then as
        written).

    Examples
    --------
    >>> n = pd.DataFrame({"note_id": ["N1", "N2", "N3"], "year": [2023, 2023, 2023],
    ...     "county": [None, "甲县", None], "section": ["河湖长制"] * 3,
    ...     "kind": ["亮点", "亮点", "措施"], "title": [None] * 3,
    ...     "text": ["修订巡查细则。", "甲县清河。", "一月一通报。"], "order": [2, 1, 1]})
    >>> work_notes(n, year=2023)["text"].tolist()
    ['一月一通报。', '修订巡查细则。']
    >>> work_notes(n, year=2023, county="甲县")["text"].tolist()
    ['甲县清河。']
    """
    rows = notes[notes["year"] == year]
    if county is None:
        rows = rows[rows["county"].isna() | (rows["county"].astype(str).str.strip() == "")]
    else:
        rows = rows[rows["county"] == county]
    if section is not None:
        rows = rows[rows["section"] == section]
    if kinds is not None:
        rows = rows[rows["kind"].isin(kinds)]
    position = pd.Series(range(len(rows)), index=rows.index)
    order = rows["order"] if "order" in rows.columns else pd.Series(0, index=rows.index)
    ranked = rows.assign(_order=order.fillna(10**6).astype(float), _position=position)
    ranked = ranked.sort_values(["_order", "_position"], kind="stable")
    title = ranked["title"] if "title" in ranked.columns else pd.Series(None, index=ranked.index)
    return pd.DataFrame(
        {
            "section": ranked["section"],
            "kind": ranked["kind"],
            "title": title,
            "text": ranked["text"],
        }
    ).reset_index(drop=True)
