"""Small monitoring folders written by the tests (CSV in GBK or UTF-8), as fixtures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

STATIONS = """STCD,STNM,STTP,ADDVCD,LGTD,LTTD
60101,青山站,PP,990102,110.1,30.1
60102,河东站,PP,990121,110.2,30.2
60201,龙川水库,RR,990121101,110.3,30.3
"""

LIMITS = """STCD,BGMD,EDMD,FSLTDZ
60201,0601,0831,100.0
60201,0901,0930,101.0
"""

CONTROL = """STCD,DAMEL,DDZ
60201,110.0,90.0
"""

RAIN = """STCD,TM,DRP,INTV
60101,2023-07-01 09:00,1.5,1.00
60101,2023-07-01 10:00,2.0,1.00
60102,2023-07-01 09:00,0.5,1.00
"""

RESERVOIR = """STCD,TM,RZ,INQ,W,OTQ
60201,2023-08-31 22:00,100.5,12.0,3.1,5.0
60201,2023-08-31 23:00,100.6,13.0,3.2,5.0
60201,2023-09-01 00:00,100.7,11.0,3.3,5.0
"""


def write_folder(folder: Path, *, encoding: str = "utf-8", **tables: str) -> Path:
    """A monitoring folder with the station tables above and ``tables`` (name → CSV text;
    None leaves a default table out)."""
    folder.mkdir(parents=True, exist_ok=True)
    contents = {
        "ST_STBPRP_B": STATIONS,
        "ST_RSVRFSR_B": LIMITS,
        "ST_RSVRFCCH_B": CONTROL,
        "ST_PPTN_R": RAIN,
        "ST_RSVR_R": RESERVOIR,
    }
    contents.update(tables)
    for name, text in contents.items():
        if text is not None:
            (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


@pytest.fixture
def make_folder(tmp_path):
    """``make_folder(encoding="gbk", ST_PPTN_R="...")`` → a monitoring folder under tmp."""
    count = iter(range(1000))

    def make(*, encoding: str = "utf-8", **tables: str | None) -> Path:
        return write_folder(tmp_path / f"monitoring{next(count)}", encoding=encoding, **tables)

    return make


@pytest.fixture
def counties():
    """The demo counties ledger's columns the monitoring code uses."""
    return pd.DataFrame(
        {
            "county": ["青山区", "河东县", "河西县", "龙泉县"],
            "code": ["990102", "990121", "990122", "990123"],
        }
    )
