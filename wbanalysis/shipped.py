"""Files shipped with the package: the report notebooks and the demo ledgers.

In an installed wheel they are package data (``wbanalysis/notebooks``, ``wbanalysis/data/sample``),
found with :mod:`importlib.resources`; in a source checkout (an editable install) they are the
top-level ``notebooks/`` and ``data/sample/`` folders, which the wheel is built from.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import WbAnalysisError

__all__ = ["notebook_dir", "demo_data_dir"]

_CHECKOUT = Path(__file__).resolve().parent.parent


def _shipped(relative: str) -> Path:
    installed = resources.files("wbanalysis").joinpath(*relative.split("/"))
    if installed.is_dir():
        return Path(str(installed))
    checkout = _CHECKOUT.joinpath(*relative.split("/"))
    if checkout.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return checkout
    raise WbAnalysisError(f"安装不完整：找不到随包提供的「{relative}」，请重新安装 wbanalysis")


def notebook_dir() -> Path:
    """The folder of the report notebooks shipped with wbanalysis."""
    return _shipped("notebooks")


def demo_data_dir() -> Path:
    """The folder of the embedded demo ledgers."""
    return _shipped("data/sample")
