"""A ledger saved while it is read (issue #24, 1): the caches never keep a stale reading.

Excel saves a workbook by writing a new file and renaming it over the old one. A save that
lands while ``indicators`` or ``build`` reads the ledgers must never leave the cache holding
the old reading under the new file's name: every later run equals a fresh read of the files
as they are. The stress test saves the ledger at random moments (seeded), sometimes with the
same size and modification time as the file it replaces.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from wbanalysis.io import load

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


def _variants(tmp_path: Path) -> dict[str, bytes]:
    """Three versions of funding.csv: as shipped (A), with 30,000 more rows of 2023 (B: its
    reading takes long), and A with one amount changed (C: the same size as A)."""
    a = (SAMPLE / "funding.csv").read_bytes()
    extra = "".join(
        f"ZJ2023-9{n:05d},2023,5,青山区,中央,中央水利发展资金,1.00,1.00,,一般公共预算\r\n"
        for n in range(30_000)
    ).encode("utf-8")
    b = a if a.endswith(b"\n") else a + b"\r\n"
    first = a.index(b",2023,")
    line_end = a.index(b"\n", first)
    line = a[first:line_end]
    amount = line.split(b",")[6]  # 争取金额（万元）
    changed = amount[:-1] + (b"1" if amount[-1:] != b"1" else b"2")
    c = a[:first] + line.replace(amount, changed, 1) + a[line_end:]
    assert len(c) == len(a) and c != a
    return {"A": a, "B": b + extra, "C": c}


def _save(path: Path, data: bytes, *, keep_mtime: bool, spare: Path) -> None:
    """Save as Excel does: a new file written beside, renamed over the old one (the same
    modification time as the old file when ``keep_mtime``)."""
    old = path.stat()
    temp = spare / f"save-{time.monotonic_ns()}.tmp"
    temp.write_bytes(data)
    os.replace(temp, path)
    if keep_mtime:
        os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))


# --- deterministic: a save at each moment of the reading ------------------------------------

_FUNDING = (
    "资金编号,年度,月份,所属县区,资金级别,资金类别,争取金额（万元）,到位金额（万元）\n"
    "ZJ-1,2023,3,青山区,中央,中央水利发展资金,10.5,10.5\n"
    "ZJ-2,2023,4,河东县,省级,省级水利专项资金,20.25,20\n"
)
_NEW_SAME_SIZE = _FUNDING.replace("20.25", "99.25")
_NEW_LONGER = _FUNDING + "ZJ-3,2023,5,青山区,中央,中央水利发展资金,1,1\n"


def _small(tmp_path: Path) -> Path:
    from formats import demo_subset

    folder = demo_subset(SAMPLE, tmp_path / "data", ["counties"])
    (folder / "funding.csv").write_text(_FUNDING, encoding="utf-8-sig")
    return folder


def _secured(dataset) -> list[float]:
    return dataset.funding["secured"].tolist()


def _saving_at(monkeypatch, module, name: str, path: Path, text: str, times: int = 1):
    """Make ``module.name`` save ``path`` (as Excel does, with the same modification time
    when the size is the same) the first ``times`` times it is called, before doing its work."""
    real = getattr(module, name)
    calls = []

    def saving(*args, **kwargs):
        if len(calls) < times:
            calls.append(1)
            data = text.encode("utf-8-sig")
            _save(path, data, keep_mtime=len(data) == path.stat().st_size, spare=path.parent.parent)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, saving)
    return calls


def _moments():
    import wbanalysis.io.cache as cache_module
    import wbanalysis.io.ledgers as ledgers_module
    import wbanalysis.io.signature as signature_module

    return {
        # the bytes read, before the signature is taken again
        "while read": (signature_module, "file_signature", 2),
        # the bytes read and confirmed, before they are parsed
        "before parsing": (ledgers_module, "read_file", 1),
        # parsed, before the file's cache entry is written
        "before caching": (cache_module.FileCache, "put", 1),
        # every file read, before the folder's entry is written
        "before the folder's entry": (cache_module.DatasetCache, "put", 1),
    }


@pytest.mark.parametrize("text", [_NEW_SAME_SIZE, _NEW_LONGER], ids=["same size", "longer"])
@pytest.mark.parametrize("moment", list(_moments()))
def test_a_save_while_reading_gives_the_new_figures(tmp_path, monkeypatch, moment, text):
    """A save (as Excel does; the same size and modification time, or longer) at each moment
    of reading a ledger: the run reads it again and gives the new figures — or, saved once
    every file was read and confirmed, the old ones, and the next run the new ones. Never
    the old reading kept under the new file's name."""
    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    earlier = _FUNDING.replace("10.5,10.5", "11.5,10.5")
    (folder / "funding.csv").write_text(earlier, encoding="utf-8-sig")
    assert _secured(load(folder, cache_dir=cache)) == [11.5, 20.25]  # the cache holds it
    (folder / "funding.csv").write_text(_FUNDING, encoding="utf-8-sig")  # read below
    module, name, times = _moments()[moment]
    calls = _saving_at(monkeypatch, module, name, folder / "funding.csv", text)
    if name == "file_signature":  # the second signature of funding.csv: after its bytes
        calls[:] = []
        real = module.file_signature
        seen: list[int] = []

        def second(st):
            if st.st_size == len(_FUNDING.encode("utf-8-sig")) and len(seen) < 2:
                seen.append(1)
                if len(seen) == 2:
                    return real(st) + "-changed"
            return real(st)

        monkeypatch.setattr(module, "file_signature", second)
        _save(
            folder / "funding.csv",
            _FUNDING.encode("utf-8-sig"),
            keep_mtime=True,
            spare=tmp_path,
        )
        _saving_at(monkeypatch, module, "_read_regular", folder / "funding.csv", text)
    during = load(folder, cache_dir=cache)
    monkeypatch.undo()
    expected = [10.5, 99.25] if text == _NEW_SAME_SIZE else [10.5, 20.25, 1.0]
    assert _secured(load(folder)) == expected  # the save happened: a fresh read
    if moment == "before the folder's entry":  # every file read and confirmed before it
        assert _secured(during) in ([10.5, 20.25], expected)
    else:
        assert _secured(during) == expected
    assert _secured(load(folder, cache_dir=cache)) == expected  # and every run after it


@pytest.mark.parametrize("text", [_NEW_SAME_SIZE, _NEW_LONGER], ids=["same size", "longer"])
def test_a_save_just_after_a_run_is_seen_by_the_next(tmp_path, text):
    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    assert _secured(load(folder, cache_dir=cache)) == [10.5, 20.25]
    data = text.encode("utf-8-sig")
    path = folder / "funding.csv"
    _save(path, data, keep_mtime=len(data) == path.stat().st_size, spare=tmp_path)
    assert _secured(load(folder, cache_dir=cache)) == _secured(load(folder))


def test_a_file_that_keeps_changing_stops_the_run_with_a_clear_message(tmp_path, monkeypatch):
    import wbanalysis.io.signature as signature_module
    from wbanalysis.errors import WbAnalysisError

    folder = _small(tmp_path)
    texts = iter([_NEW_SAME_SIZE, _FUNDING] * 50)
    real = signature_module._read_regular

    def always_saved(path):
        result = real(path)
        if path.name == "funding.csv":
            data = next(texts).encode("utf-8-sig")
            _save(path, data, keep_mtime=True, spare=tmp_path)
        return result

    monkeypatch.setattr(signature_module, "_read_regular", always_saved)
    with pytest.raises(WbAnalysisError) as caught:
        load(folder, cache_dir=tmp_path / "cache")
    assert "在读取过程中不断被修改" in str(caught.value)


def test_force_confirms_the_cache_by_content(tmp_path, monkeypatch):
    """A same-size save whose signature cannot be told apart (rewritten in place, its times
    given back: what Windows cannot see) is caught by ``--force``: the cache is confirmed
    by content."""
    import wbanalysis.io.signature as signature_module
    from wbanalysis.io.cache import DatasetCache
    from wbanalysis.pipeline.skip import Ledgers

    folder = _small(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setattr(signature_module, "SETTLE_SECONDS", 0.0)  # as if written long ago
    assert _secured(load(folder, cache_dir=cache)) == [10.5, 20.25]
    entry = next(cache.glob("ledgers-*"))
    contents = json.loads((entry / "contents.json").read_text(encoding="utf-8"))
    assert contents["settled"] is True  # the signature alone is trusted from now on
    # what a signature cannot see: the same bytes count, the file's new content recorded as
    # the old one's (as if rewritten in place within one tick, or on Windows with its time)
    contents["files"]["funding.csv"] = "0" * 64
    (entry / "contents.json").write_text(json.dumps(contents), encoding="utf-8")
    assert DatasetCache(cache).get(folder) is not None  # the fast path trusts the signature
    assert DatasetCache(cache).get(folder, confirm=True) is None  # --force does not
    assert _secured(Ledgers(folder, cache, confirm=True).dataset) == [10.5, 20.25]
    assert (
        not (entry / "contents.json").exists()
        or json.loads((entry / "contents.json").read_text(encoding="utf-8"))["files"]["funding.csv"]
        != "0" * 64
    )


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["WBANALYSIS_CACHE"] = str(cache)
    env["PYTHONPATH"] = env.get("PYTHONPATH") or str(ROOT)  # the code under test
    return env


def _indicators(data: Path, cache: Path) -> tuple[int, object]:
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis", "indicators", "--year", "2023"]
        + ["--data", str(data), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(cache),
        timeout=300,
    )
    if run.returncode != 0:
        return run.returncode, run.stderr
    return 0, json.loads(run.stdout)["funding.total"]


def _total(data: Path, cache: Path | None) -> float:
    """funding.total of 2023 as ``indicators`` computes it, in this process: through the
    command line's cache folder under ``cache``, or a fresh read of the files (``None``)."""
    from wbanalysis.indicators import compute_indicators
    from wbanalysis.indicators.local import load as load_local
    from wbanalysis.io.cache import default_cache_dir
    from wbanalysis.scope import Scope

    before = os.environ.get("WBANALYSIS_CACHE")
    os.environ["WBANALYSIS_CACHE"] = str(cache) if cache is not None else "off"
    try:
        dataset = load_local(data, cache_dir=default_cache_dir(data))
    finally:
        if before is None:
            os.environ.pop("WBANALYSIS_CACHE", None)
        else:
            os.environ["WBANALYSIS_CACHE"] = before
    return compute_indicators(dataset, Scope.of(dataset, year=2023))["funding.total"]


def _clear(code: int, text: object) -> bool:
    """A refusal in Chinese, without a traceback."""
    return code == 2 and isinstance(text, str) and "Traceback" not in text and "台账" in text


def _stress_indicators(tmp_path: Path, runs: int, seed: int) -> list[str]:
    """``runs`` runs of ``indicators``, each with a save at a random moment; what went
    wrong (empty when nothing did)."""
    rng = random.Random(seed)
    data, cache, spare = tmp_path / "data", tmp_path / "user-cache", tmp_path / "spare"
    shutil.copytree(SAMPLE, data)
    spare.mkdir()
    versions = _variants(tmp_path)
    fresh = {}
    for name, content in versions.items():  # a fresh read of each version, without a cache
        (data / "funding.csv").write_bytes(content)
        fresh[name] = _total(data, None)
    assert len(set(fresh.values())) == 3
    current = "A"
    (data / "funding.csv").write_bytes(versions[current])
    _indicators(data, cache)  # the cache holds A
    wrong = []
    for k in range(runs):
        new = rng.choice([v for v in versions if v != current])
        same = {current, new} == {"A", "C"}
        delay = rng.uniform(0.0, 3.0)
        timer = threading.Timer(
            delay,
            _save,
            (data / "funding.csv", versions[new]),
            {"keep_mtime": same, "spare": spare},
        )
        timer.start()
        code, during = _indicators(data, cache)
        timer.join()
        if not (_clear(code, during) or during in (fresh[current], fresh[new])):
            wrong.append(f"run {k}: {current}→{new} after {delay:.2f}s gave {during!r}")
        after = _total(data, cache)  # the next run, through the same cache
        if after != fresh[new]:
            wrong.append(
                f"run {k} then: {current}→{new} after {delay:.2f}s (same size and time: "
                f"{same}), the next run gave {after!r}, a fresh read {fresh[new]!r}"
            )
        current = new
    return wrong


def _build(data: Path, site: Path, *more: str) -> tuple[int, str | None, str]:
    """Build the city's annual summary of 2023; its 争取资金 headline as recorded."""
    run = subprocess.run(
        [sys.executable, "-m", "wbanalysis", "build", "--data", str(data), "--out", str(site)]
        + ["--years", "2023", "--counties", "全市", "--notebooks", "01_annual_summary"]
        + ["--jobs", "1", *more],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(site.parent / "user-cache"),
        timeout=600,
    )
    manifest = site.parent / (site.name + ".cache") / "manifest.json"
    headline = None
    if manifest.exists():
        reports = json.loads(manifest.read_text(encoding="utf-8"))["reports"]
        entry = reports.get("2023/city/01_annual_summary.html", {})
        headline = entry.get("record", {}).get("headline", {}).get("争取资金")
    return run.returncode, headline, run.stdout + run.stderr


def _stress_build(tmp_path: Path, runs: int, seed: int) -> list[str]:
    """``runs`` builds, each with a save at a random moment, each followed by a plain build:
    what went wrong (empty when nothing did)."""
    from wbanalysis.indicators import CATALOGUE

    rng = random.Random(seed)
    data, site, spare = tmp_path / "data", tmp_path / "site", tmp_path / "spare"
    shutil.copytree(SAMPLE, data)
    spare.mkdir()
    versions = _variants(tmp_path)
    shown = {}
    for name, content in versions.items():
        (data / "funding.csv").write_bytes(content)
        shown[name] = CATALOGUE["funding.total"].display(_total(data, None))
    current = "A"
    (data / "funding.csv").write_bytes(versions[current])
    code, headline, text = _build(data, site)
    assert code == 0 and headline == shown["A"], text
    wrong = []
    for k in range(runs):
        new = rng.choice([v for v in versions if v != current])
        same = {current, new} == {"A", "C"}
        delay = rng.uniform(0.0, 6.0)
        timer = threading.Timer(
            delay,
            _save,
            (data / "funding.csv", versions[new]),
            {"keep_mtime": same, "spare": spare},
        )
        timer.start()
        code, during, text = _build(data, site)
        timer.join()
        if not (
            code in (1, 2) and "Traceback" not in text or during in (shown[current], shown[new])
        ):
            wrong.append(f"build {k}: {current}→{new} after {delay:.2f}s gave {during!r}")
        code, after, text = _build(data, site)
        if code != 0 or after != shown[new]:
            wrong.append(
                f"build {k} then: {current}→{new} after {delay:.2f}s (same size and time: "
                f"{same}), the next build recorded {after!r}, a fresh read {shown[new]!r}"
            )
        current = new
    return wrong


@pytest.mark.slow
def test_saves_at_random_moments_never_leave_a_stale_report(tmp_path):
    wrong = _stress_build(tmp_path, runs=5, seed=24)
    assert wrong == []


@pytest.mark.slow
def test_saves_at_random_moments_never_leave_a_stale_indicator(tmp_path):
    wrong = _stress_indicators(tmp_path, runs=20, seed=24)
    assert wrong == []


if __name__ == "__main__":  # the figures of the issue: python tests/io/test_saved_while_read.py
    import tempfile

    stress = _stress_build if sys.argv[1:2] == ["build"] else _stress_indicators
    runs = int(sys.argv[2]) if sys.argv[2:] else 5 if stress is _stress_build else 20
    with tempfile.TemporaryDirectory() as folder:
        found = stress(Path(folder), runs, 24)
    print("\n".join(found) or "no stale answer")
    print(f"{len(found)} wrong")
