"""跳过未变的报告 (what to rebuild): plan the reports, and tell which are up to date.

A report is rebuilt only when its notebook, its parameters (and the formats and check asked
for), a ledger it read (as its last run recorded), the monitoring data when it read its
figures (:mod:`.monitoring`) or the wbanalysis code changed; ``force``
rebuilds everything. A build whose ledger files did not change plans from the facts the
manifest kept and never loads the ledgers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError
from ..schema import LEDGERS, MONITORING
from .claim import inside
from .facts import LedgerFacts
from .manifest import Manifest, file_digest, input_key
from .plan import PlannedReport, plan_reports

if TYPE_CHECKING:  # pragma: no cover
    from .options import BuildOptions

__all__ = [
    "DEFINITIONS",
    "InputKeys",
    "Ledgers",
    "ledger_state",
    "ledgers_read",
    "plan_site",
    "split_unchanged",
    "up_to_date",
]

#: The key of the bureau's own indicator definitions among the ledger fingerprints.
DEFINITIONS = "指标定义"


class Ledgers:
    """The ledgers, loaded (and cached for the kernels) the first time they are needed.

    ``confirm`` (``build --force``): the validated copy in the cache is used only once the
    ledger files are confirmed, by their content, to be those it was made from."""

    def __init__(self, source: Path, cache: Path, *, confirm: bool = False) -> None:
        self.source, self.cache, self._dataset = source, cache, None
        self.confirm = confirm
        #: the monitoring folder (水雨情) whose figures the dataset gets, or None
        self.monitoring_dir: Path | None = None

    @property
    def dataset(self):
        if self._dataset is None:
            from ..indicators.local import load  # the 指标定义 checked against the catalogue too

            if self.confirm:  # a copy that does not hold these files' bytes is dropped
                from ..io.cache import DatasetCache

                DatasetCache(self.cache).get(self.source, confirm=True)
            dataset = load(self.source, cache_dir=self.cache)
            if self.monitoring_dir is not None:
                from .monitoring import attach_monitoring

                attach_monitoring(dataset, self.monitoring_dir, self.cache)
            self._dataset = dataset
        return self._dataset


def _kept_facts(manifest: Manifest) -> LedgerFacts | None:
    try:
        return LedgerFacts.from_json(manifest.get("facts"))
    except (ValueError, TypeError):
        return None


def _fingerprints(dataset) -> dict[str, str]:
    fingerprints = {name: dataset.fingerprint(name) for name in LEDGERS}
    # the bureau's own indicators (指标定义) can change any report's figures
    fingerprints[DEFINITIONS] = hashlib.sha256(repr(dataset.definitions).encode()).hexdigest()[:16]
    return fingerprints


def ledger_state(
    manifest: Manifest,
    store: Ledgers,
    state: tuple[str, bool],
    options: BuildOptions,
    data_dir: Path,
) -> tuple[LedgerFacts, list[PlannedReport], dict[str, str]]:
    """What the ledgers say — the facts planning needs, the plan, each ledger's fingerprint —
    from the manifest when the ledger files are those it recorded (``state``: their
    signature, and whether they had settled: :func:`~wbanalysis.io.signature.folder_state`),
    else read from the ledgers (which may be invalid: :class:`~wbanalysis.errors.DataError`);
    always read under ``--force``. The manifest is brought up to date; a signature of files
    that had not settled is not kept (the next build reads them again, confirming them by
    content)."""
    signature, settled = state
    same_files = not options.force and manifest.get("signature") == signature
    facts = _kept_facts(manifest) if same_files else None
    if facts is None:  # the ledger files changed: read them
        facts = LedgerFacts.from_dataset(store.dataset)
        manifest["facts"] = facts.to_json()
    plans = plan_site(facts, options, data_dir)
    fingerprints = manifest.get("fingerprints")
    if not same_files or not isinstance(fingerprints, dict):
        fingerprints = _fingerprints(store.dataset)
        manifest["signature"] = signature if settled else ""
        manifest["fingerprints"] = fingerprints
    return facts, plans, fingerprints


def plan_site(ledgers, options: BuildOptions, data_dir: Path) -> list[PlannedReport]:
    """The reports to build, from a :class:`~wbanalysis.Dataset` or :class:`.LedgerFacts`;
    :class:`~wbanalysis.errors.BuildError` when there is nothing to build."""
    if not ledgers.years:
        raise BuildError(
            f"在 {data_dir} 中没有找到含年度数据的台账"
            "（资金、固定资产投资、巡河、规费台账均为空或不存在）"
        )
    plans = plan_reports(ledgers, **options.plan_options(data_dir))
    if not plans:
        raise BuildError("没有可生成的报告：所选笔记本、年度与县区的组合为空")
    return plans


@dataclass(frozen=True)
class InputKeys:
    """The key of everything a report's page depends on (:func:`.manifest.input_key`)."""

    code: str
    fingerprints: dict[str, str]
    digests: dict[str, str]
    formats: tuple[str, ...]
    check: bool
    settings: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(
        cls,
        plans: list[PlannedReport],
        *,
        code: str,
        fingerprints: dict[str, str],
        formats: tuple[str, ...],
        check: bool,
        settings: dict[str, object] | None = None,
    ) -> InputKeys:
        digests = {r.notebook: file_digest(r.notebook) for r in plans}
        chosen = tuple(sorted((settings or {}).items()))
        return cls(code, fingerprints, digests, tuple(formats), check, chosen)

    def __call__(self, report: PlannedReport, ledgers: list[str]) -> str:
        # the monitoring folder's path is not an input: its content is (MONITORING's
        # fingerprint, for the reports that read its figures)
        given = {k: v for k, v in report.parameters.items() if k != "monitoring_dir"}
        return input_key(
            notebook_digest=self.digests[report.notebook],
            parameters={
                **given,
                "formats": list(self.formats),
                "check": self.check,
                **({"settings": dict(self.settings)} if self.settings else {}),
            },
            code=self.code,
            ledgers=[*ledgers, DEFINITIONS],
            fingerprints=self.fingerprints,
        )


def ledgers_read(entry: dict | None) -> list[str]:
    """The ledgers a report read, as its manifest entry (or its record) says; every ledger
    when it does not say."""
    ledgers = entry.get("ledgers") if entry else None
    if not isinstance(ledgers, list):
        return [*LEDGERS, MONITORING]
    return ledgers


def up_to_date(report: PlannedReport, old: dict | None, key_of: InputKeys, out_dir: Path) -> bool:
    """True when the report built last time, its page is there, and its inputs are the same.

    A page that leads out of the site (a symbolic link) is refused here as when it is written
    (:class:`~wbanalysis.errors.SiteError`), with or without ``--force``."""
    return bool(
        old
        and old.get("status") == "ok"
        and inside(out_dir, report.output).exists()
        and old.get("input") == key_of(report, ledgers_read(old))
    )


def split_unchanged(
    plans: list[PlannedReport],
    reports: dict[str, dict],
    key_of: InputKeys,
    out_dir: Path,
    *,
    force: bool = False,
) -> tuple[list[PlannedReport], list[PlannedReport]]:
    """``(todo, unchanged)``: the reports to build, and those up to date (none with ``force``)."""
    todo: list[PlannedReport] = []
    unchanged: list[PlannedReport] = []
    for report in plans:
        fresh = not force and up_to_date(report, reports.get(report.key), key_of, out_dir)
        (unchanged if fresh else todo).append(report)
    return todo, unchanged
