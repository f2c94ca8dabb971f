"""构建选项 (build options): one frozen record of what a build is asked to do.

The command line makes one from its arguments, the API takes one
(``build_site(BuildOptions(years=[2023]))``), the benchmarks make theirs; each field is
checked here, once, when the record is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError
from ..render import PAGE, get_renderer, renderer_names

if TYPE_CHECKING:  # pragma: no cover
    from ..render.common import Renderer

__all__ = ["ANNEXES", "BuildOptions", "FORMATS", "normal_formats"]

#: What a report is published as by default: the HTML page and the Word draft.
FORMATS = ("html", "docx")
#: Where the Word 上报稿's 附件 go: after its body (the default), or in a 附表 document of
#: their own beside it, as bureaus often send them.
ANNEXES = ("inside", "separate")


def normal_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The formats asked for, known, without repeats, in publishing order; the page always.

    >>> normal_formats(["DOCX", " docx"])
    ('html', 'docx')
    """
    if isinstance(formats, str):
        formats = formats.replace("，", ",").split(",")
    chosen = tuple(dict.fromkeys(str(f).strip().lower() for f in formats if str(f).strip()))
    known = renderer_names()
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise ParameterError(
            f"未知的输出格式：{'、'.join(unknown) or '（空）'}；可选：" + "、".join(known)
        )
    return tuple(f for f in known if f in chosen or f == PAGE)


def _several(value) -> tuple | None:
    """``None`` stays (the default); one value or a collection of them → a tuple."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, Path, int)):
        return (value,)
    return tuple(value)


def _whole_number(value, what: str, low: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ParameterError(f"{what}须为不小于 {low} 的整数，收到 {value!r}")


@dataclass(frozen=True)
class BuildOptions:
    """What to build, where, and how.

    Parameters
    ----------
    data_dir : ledgers folder or workbook (default: the demo ledgers).
    monitoring_dir : a folder of monitoring data (水雨情, the national tables of SL 323), or
        None: converted into the cache (``<out>.cache/monitoring``) and handed to every
        notebook as its ``monitoring_dir`` parameter; a changed monitoring file rebuilds the
        reports that read its figures.
    out_dir : the site folder; its cache goes beside it
        (:func:`.manifest.cache_dir_for`).
    years, counties, through_month, months : what to plan (see :func:`.plan.plan_reports`;
        ``months`` plans the monthly reports 月报 of each year).
    notebooks : notebook names, ``.ipynb`` paths or folders of notebooks (default: the
        notebooks shipped with wbanalysis).
    jobs : reports executed at once (default and upper bound: the CPU count; never more than
        there are reports to build).
    force : rebuild every report, changed or not.
    dry_run : only print (through ``echo``) the planned reports, one JSON object per line.
    timeout : seconds a report may run.
    scheduler : a Dask scheduler address: run the reports on that cluster. Whoever can reach a
        scheduler can run any code on its workers, so a plain ``tcp://`` address is refused
        unless it is this computer's loopback or ``allow_insecure_scheduler`` is set; a
        ``tls://`` address is connected with certificates (see
        :func:`.distributed.scheduler_security`).
    tls_ca_file, tls_cert, tls_key : with a ``tls://`` scheduler: the CA that signed the
        cluster's certificates, this computer's certificate and its private key (PEM files);
        unset, Dask's configuration ``distributed.comm.tls.*`` is used.
    allow_insecure_scheduler : accept a plain ``tcp://`` scheduler beyond the loopback (the
        user knows the network is trusted).
    formats : what each report is published as (names of :func:`wbanalysis.render.get_renderer`;
        the HTML page always, the Word draft by default too).
    check : check each published page as ``wbanalysis check`` does and show the verdict in
        the index.
    annexes : where the Word 上报稿's 附件 go (:data:`ANNEXES`): ``"inside"``, after its body,
        or ``"separate"``, in ``…_附表.docx`` beside it.
    warm_workers : with ``scheduler``, keep warm kernels on the workers (the default); False
        starts a fresh kernel for every report (the benchmark compares the two).
    echo : where ``dry_run`` prints its lines.
    """

    data_dir: str | Path | None = None
    monitoring_dir: str | Path | None = None
    out_dir: str | Path = "reports/site"
    years: tuple[int, ...] | None = None
    counties: tuple[str, ...] | None = None
    notebooks: tuple[str, ...] | None = None
    through_month: int | None = None
    months: tuple[int, ...] | None = None
    jobs: int | None = None
    force: bool = False
    dry_run: bool = False
    timeout: float = 900
    scheduler: str | None = None
    formats: tuple[str, ...] = FORMATS
    check: bool = False
    annexes: str = "inside"
    warm_workers: bool = True
    tls_ca_file: str | Path | None = None
    tls_cert: str | Path | None = None
    tls_key: str | Path | None = None
    allow_insecure_scheduler: bool = False
    echo: Callable[[str], None] = field(default=print, compare=False, repr=False)

    def __post_init__(self) -> None:
        fix = object.__setattr__  # frozen: each field is set once, here
        for name in ("years", "counties", "notebooks", "months"):
            fix(self, name, _several(getattr(self, name)))
        fix(self, "formats", normal_formats(self.formats))
        _whole_number(self.jobs, "同时执行的报告数（jobs）", 1)
        if self.annexes not in ANNEXES:
            raise ParameterError(
                f"附件位置（annexes）须为 {'、'.join(ANNEXES)}，收到 {self.annexes!r}"
            )
        if (
            isinstance(self.timeout, bool)
            or not isinstance(self.timeout, (int, float))
            or not self.timeout > 0
        ):
            raise ParameterError(f"单份报告的超时秒数（timeout）须为正数，收到 {self.timeout!r}")
        self.security()  # refused now, before the ledgers are read or anything connects

    def security(self):
        """The :class:`distributed.security.Security` to connect to ``scheduler`` with, or
        ``None`` (no scheduler, or a plain address Dask connects to by default); a
        :class:`~wbanalysis.errors.ParameterError` for a scheduler that would be open to anyone
        or certificates that cannot be used."""
        tls = (self.tls_ca_file, self.tls_cert, self.tls_key)
        if self.scheduler is None:
            if any(value is not None for value in tls) or self.allow_insecure_scheduler:
                raise ParameterError(
                    "TLS 证书与 --allow-insecure-scheduler 只用于 Dask 集群，须与 --scheduler 同用"
                )
            return None
        from .distributed import scheduler_security

        return scheduler_security(
            self.scheduler,
            ca_file=self.tls_ca_file,
            cert=self.tls_cert,
            key=self.tls_key,
            allow_insecure=self.allow_insecure_scheduler,
        )

    @property
    def renderers(self) -> tuple[Renderer, ...]:
        """The renderer of each format, in publishing order (the page first)."""
        return tuple(get_renderer(name).with_settings(**self.settings) for name in self.formats)

    @property
    def settings(self) -> dict[str, object]:
        """What the renderers are told besides the report (a renderer takes the ones it
        knows, :meth:`~wbanalysis.render.common.Renderer.with_settings`); a changed setting
        rebuilds the reports."""
        return {"annexes": self.annexes}

    def plan_options(self, data_dir: Path) -> dict:
        """The keyword arguments of :func:`.plan.plan_reports` for the ledgers at ``data_dir``."""

        def listed(value):
            return None if value is None else list(value)

        return dict(
            data_dir=str(data_dir),
            years=listed(self.years),
            counties=listed(self.counties),
            notebooks=listed(self.notebooks),
            through_month=self.through_month,
            months=listed(self.months),
            monitoring_dir=None if self.monitoring_dir is None else str(self.monitoring_dir),
        )
