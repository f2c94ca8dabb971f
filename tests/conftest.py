"""Shared fixtures: the demo ledgers and a writer of tiny ledgers."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from wbanalysis.io import default_data_dir, load
from wbanalysis.schema import LEDGERS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = default_data_dir()


@pytest.fixture(scope="session", autouse=True)
def _private_ledger_cache(tmp_path_factory):
    """The command line keeps validated ledgers in the user's cache folder; the tests' runs
    (and the processes they start) keep theirs in pytest's temporary folder instead."""
    before = os.environ.get("WBANALYSIS_CACHE")
    os.environ["WBANALYSIS_CACHE"] = str(tmp_path_factory.mktemp("ledger-cache"))
    yield
    if before is None:
        os.environ.pop("WBANALYSIS_CACHE", None)
    else:
        os.environ["WBANALYSIS_CACHE"] = before


@pytest.fixture(scope="session")
def demo():
    """The demo Dataset, loaded once per session."""
    return load(SAMPLE)


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A private copy of the demo ledgers that a test may spoil."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    return target


def write_ledger(
    folder: Path,
    name: str,
    rows: list[list],
    *,
    header: list[str] | None = None,
    encoding: str = "utf-8-sig",
    stem: str | None = None,
) -> Path:
    """Write a small CSV ledger with the schema's Chinese headers (or ``header``)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem or name}.csv"
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or [c.header for c in LEDGERS[name].columns])
        writer.writerows(rows)
    return path


COUNTY_ROWS = [["青山区", "990102", "XX市"], ["河东县", "990121", "XX市"]]
