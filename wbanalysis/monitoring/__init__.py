"""Rain and water monitoring data (水雨情) in the national tables of SL 323.

- :mod:`.tables` names the tables and columns read (``ST_STBPRP_B``, ``ST_PPTN_R``,
  ``ST_RSVR_R``, ``ST_RIVER_R``, ``ST_RSVRFSR_B``, ``ST_RSVRFCCH_B``);
- :mod:`.read` reads one file of a table (CSV in GBK or UTF-8, or Parquet) with its rows'
  problems; :mod:`.validate` checks records; :mod:`.stations` finds each station's county;
- :mod:`.folder` reads a small folder whole and checks it (:func:`read_monitoring`);
- :mod:`.store` converts a folder into a partitioned Parquet dataset (:func:`convert`) read
  back in parts (:class:`MonitoringStore`);
- :mod:`.flood_season` gives a report's 汛期 and its stations' figures as tables
  (:class:`SeasonTables`, :func:`open_monitoring`), :mod:`.totals` the figures of a county
  or the city from them (the catalogue's ``flood.season.*``), :mod:`.series` the days of the
  season for the report's chart.

Every problem is a :class:`~wbanalysis.errors.Problem` naming the file, the row as the file
shows it, the column, the value and what is allowed; errors raise
:class:`~wbanalysis.errors.MonitoringDataError`.
"""

from __future__ import annotations

from . import totals
from .flood_season import SeasonTables, open_monitoring
from .folder import Monitoring, Reference, read_monitoring, validate_monitoring
from .store import Conversion, MonitoringStore, convert
from .tables import TABLES

__all__ = [
    "Monitoring",
    "Reference",
    "read_monitoring",
    "validate_monitoring",
    "Conversion",
    "MonitoringStore",
    "convert",
    "TABLES",
    "SeasonTables",
    "open_monitoring",
    "totals",
]
