"""wbanalysis: the figures of a water-affairs bureau's work summary, computed from its ledgers."""

from __future__ import annotations

__version__ = "0.1.0"
