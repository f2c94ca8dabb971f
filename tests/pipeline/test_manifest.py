"""The manifest beside the site (pipeline/manifest.py, formerly pipeline/cache.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wbanalysis.errors import ParameterError
from wbanalysis.pipeline.manifest import Manifest, cache_dir_for, code_hash, code_hash_now


def test_the_cache_goes_beside_the_site(tmp_path):
    assert cache_dir_for(tmp_path / "site") == tmp_path / "site.cache"
    with pytest.raises(ParameterError, match="磁盘根目录"):
        cache_dir_for(Path("/"))


def test_a_manifest_survives_a_round_trip_and_a_broken_one_starts_afresh(tmp_path, capsys):
    path = tmp_path / "manifest.json"
    manifest = Manifest(path)
    manifest.reports["a.html"] = {"status": "ok"}
    manifest["code"] = "c1"
    manifest.save()
    again = Manifest(path)
    assert again.reports == {"a.html": {"status": "ok"}} and again.get("code") == "c1"
    path.write_text("{not json", encoding="utf-8")
    assert Manifest(path).reports == {}
    assert "构建缓存清单无法使用" in capsys.readouterr().err


def test_code_hash_is_read_once():
    assert code_hash() == code_hash_now() and len(code_hash()) == 16
