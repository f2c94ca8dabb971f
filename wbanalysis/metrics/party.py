"""党建 (party building): study sessions, lectures and publicity talks, counted.

``activities`` is the 专项行动与党建活动 ledger. Activities with a blank county belong to the
city bureau itself (the Dataset fills ``"市本级"``): for a county selection they are not that
county's, so county counts do not add up to the city's.
"""

from __future__ import annotations

import pandas as pd

from ._common import counts_by, select

__all__ = ["PARTY_ACTIVITIES", "party_activities"]

#: Party activity types in report order.
PARTY_ACTIVITIES: tuple[str, ...] = ("党组学习", "中心组学习", "专题党课", "主题宣讲")


def party_activities(
    activities: pd.DataFrame, *, year: int, through_month: int = 12, county: str | None = None
) -> pd.Series:
    """党建活动次数 (party activities by type): 党组学习, 中心组学习, 专题党课, 主题宣讲.

    Returns
    -------
    pandas.Series
        int64 counts indexed by the four types.

    Notes
    -----
    count[type] = number of activity rows of that type dated in months 1..through_month of
    ``year`` (one row = one session).

    Examples
    --------
    >>> a = pd.DataFrame({"county": ["市本级", "市本级", "甲县"],
    ...                   "activity_type": ["党组学习", "专题党课", "党组学习"],
    ...                   "date": pd.to_datetime(["2023-01-05", "2023-06-01", "2023-11-01"])})
    >>> party_activities(a, year=2023, through_month=10).to_dict()
    {'党组学习': 1, '中心组学习': 0, '专题党课': 1, '主题宣讲': 0}
    """
    rows = select(activities, year=year, through_month=through_month, county=county, date="date")
    return counts_by(rows["activity_type"], PARTY_ACTIVITIES).rename("sessions")
