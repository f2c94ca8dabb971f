"""Build the report site: claim the folder, plan, skip what is unchanged, run, publish, index.

Each step is a module of its own: :mod:`.options` (what is asked), :mod:`.claim` (the site
folder and its lock), :mod:`.skip` (the plan, and which reports are up to date),
:mod:`.run` (the kernels or the cluster), :mod:`.publish` (the files, the manifest's record,
the index). The cache (the manifest and the validated ledgers) lives beside the site in
``<out>.cache/`` and is updated as reports are published, so it survives a crash.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from pathlib import Path

from ..schema import MONITORING
from .claim import CACHE_MARKER, SITE_MARKER, SiteLock, claim, data_source
from .comparisons import comparison_links, write_comparisons
from .manifest import Manifest, cache_dir_for, code_hash
from .monitoring import monitoring_fingerprint
from .options import FORMATS, BuildOptions
from .progress import Progress
from .publish import Recorder, remove_stale_pages
from .result import BuildResult
from .run import Runners, pool_size, run_reports, self_check, tell_fewer_jobs
from .skip import InputKeys, Ledgers, ledger_state, plan_site, split_unchanged

__all__ = ["BuildOptions", "BuildResult", "build_site", "SITE_MARKER", "CACHE_MARKER", "FORMATS"]


def build_site(options: BuildOptions | None = None, /, **changes) -> BuildResult:
    """Build (or bring up to date) the site of every planned report.

    ``options`` says what to build (:class:`.options.BuildOptions`); keyword arguments
    change some of its fields (``build_site(years=[2023])`` builds with the defaults but
    those).

    Raises
    ------
    DataError, ParameterError, BuildLocked, SiteError, BuildError
        invalid ledgers or arguments, a site folder that is not ours, another build writing
        the site, nothing to build.
    """
    if options is None:
        options = BuildOptions(**changes)
    elif changes:
        options = dataclasses.replace(options, **changes)
    started = time.monotonic()
    data_dir = data_source(options.data_dir)
    out_dir = Path(options.out_dir).resolve()
    cache = cache_dir_for(out_dir)
    if options.dry_run:
        return _dry_run(options, data_dir, out_dir)
    claim(out_dir, cache, data_dir)
    size = pool_size(options.jobs)
    with SiteLock(cache, out_dir), contextlib.ExitStack() as stack:
        result = _build(options, data_dir, out_dir, cache, Runners(stack, options, cache, size))
    result.seconds = time.monotonic() - started
    return result


def _dry_run(options: BuildOptions, data_dir: Path, out_dir: Path) -> BuildResult:
    from ..indicators.local import load  # the 指标定义 checked against the catalogue too

    plans = plan_site(load(data_dir), options, data_dir)
    for report in plans:
        options.echo(report.to_json())
    return BuildResult(planned=plans, out_dir=out_dir)


def _build(
    options: BuildOptions, data_dir: Path, out_dir: Path, cache: Path, runners: Runners
) -> BuildResult:
    """The build proper, with the site claimed and locked."""
    from ..io.signature import folder_state

    manifest = Manifest(cache / "manifest.json")
    state, code = folder_state(data_dir), code_hash()  # taken before any ledger is read
    if options.force or manifest.get("signature") != state[0] or manifest.get("code") != code:
        runners.start()  # work is likely: the kernels warm up while the ledgers are read
    store = Ledgers(data_dir, cache / "data", confirm=options.force)
    facts, plans, fingerprints = ledger_state(manifest, store, state, options, data_dir)
    fingerprints = {
        **fingerprints,
        MONITORING: monitoring_fingerprint(
            manifest,
            store,
            options.monitoring_dir,
            cache,
            ledger_signature=state[0],
            force=options.force,
        ),
    }
    manifest["code"] = code
    key_of = InputKeys.of(
        plans,
        code=code,
        fingerprints=fingerprints,
        formats=options.formats,
        check=options.check,
        settings=options.settings,
    )
    remove_stale_pages(manifest.reports, plans, facts.counties, out_dir)
    result = BuildResult(planned=plans, out_dir=out_dir)
    todo, unchanged = split_unchanged(plans, manifest.reports, key_of, out_dir, force=options.force)
    renderers = options.renderers
    recorder = Recorder(
        manifest, out_dir, facts.bureau, key_of, renderers, result, Progress(len(plans))
    )
    recorder.links = comparison_links(manifest)  # the pages of the last build, until remade
    for report in unchanged:
        recorder.unchanged(report)
    tell_fewer_jobs(options.jobs, runners.size, todo)
    try:
        if todo:
            runner = runners.ready(store, data_dir)
            verify = self_check(store.dataset, out_dir) if options.check else None
            run_reports(
                todo,
                runner=runner,
                out_dir=out_dir,
                progress=recorder.progress,
                finish=recorder.finish,
                renderers=renderers,
                verify=verify,
            )
        # after the reports: the pages are made from the values they recorded
        recorder.links = write_comparisons(
            store,
            facts,
            list(facts.years),
            out_dir,
            manifest,
            fingerprints=fingerprints,
            code=code,
        )
    finally:
        recorder.close()
    return result
