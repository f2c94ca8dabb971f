"""Claiming the site folder: ours or empty only, never inside the ledgers; one build at a time."""

from __future__ import annotations

import pytest

from wbanalysis.errors import BuildError, BuildLocked, ParameterError, SiteError
from wbanalysis.pipeline.claim import (
    CACHE_MARKER,
    SITE_MARKER,
    SiteLock,
    claim,
    data_source,
    inside,
)


def test_a_new_folder_is_claimed_and_marked(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "site.cache"
    claim(site, cache, tmp_path / "ledgers.xlsx")
    assert (site / SITE_MARKER).is_file() and (cache / CACHE_MARKER).is_file()
    claim(site, cache, tmp_path / "ledgers.xlsx")  # ours: claimed again


def test_a_folder_of_other_files_is_refused(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "论文.docx").write_bytes(b"x")
    with pytest.raises(SiteError, match="不是空文件夹"):
        claim(site, tmp_path / "site.cache", tmp_path / "ledgers")
    assert not (site / SITE_MARKER).exists() and not (tmp_path / "site.cache").exists()


def test_the_site_may_not_lie_inside_the_ledgers(tmp_path):
    with pytest.raises(SiteError, match="不能是台账文件夹或位于其中"):
        claim(tmp_path / "site", tmp_path / "site.cache", tmp_path)


def test_paths_leaving_the_site_are_refused(tmp_path):
    assert inside(tmp_path, "2023/city/a.html") == tmp_path / "2023/city/a.html"
    for bad in ("../x.html", "/etc/passwd", "."):
        with pytest.raises(SiteError, match="越出站点文件夹"):
            inside(tmp_path, bad)


def test_one_build_at_a_time(tmp_path):
    with SiteLock(tmp_path / "cache", tmp_path / "site"):
        with pytest.raises(BuildLocked, match="另一个构建正在写入"):
            SiteLock(tmp_path / "cache", tmp_path / "site").__enter__()
    with SiteLock(tmp_path / "cache", tmp_path / "site"):
        pass  # released
    assert issubclass(BuildLocked, BuildError) and issubclass(SiteError, BuildError)


def test_missing_ledgers_are_a_parameter_error(tmp_path):
    with pytest.raises(ParameterError, match="找不到台账"):
        data_source(tmp_path / "没有")
    assert data_source(tmp_path) == tmp_path.resolve()
