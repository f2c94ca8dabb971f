"""水雨情 (the monitoring data) of a build: converted once into the cache, and fingerprinted.

``build --monitoring DIR`` converts the folder into ``<out>.cache/monitoring`` (beside the
ledgers' ``<out>.cache/data``) before any report runs — invalid data stops the build there,
every problem named — and every notebook gets the folder as its ``monitoring_dir`` parameter
(its kernel finds the converted dataset up to date). The dataset's fingerprint counts among the
inputs of the reports that read its figures (:data:`wbanalysis.schema.MONITORING` in their
ledgers read), so a changed monitoring file rebuilds exactly those reports. While neither the
monitoring files nor the ledger files change, the fingerprint kept in the manifest is used and
nothing is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from .manifest import Manifest
    from .skip import Ledgers

__all__ = ["NO_MONITORING", "attach_monitoring", "monitoring_fingerprint"]

#: The fingerprint of "no monitoring data": a report built without it is rebuilt once given it.
NO_MONITORING = "none"


def monitoring_fingerprint(
    manifest: Manifest,
    ledgers: Ledgers,
    folder: str | Path | None,
    cache: Path,
    *,
    ledger_signature: str,
    force: bool = False,
) -> str:
    """The fingerprint of the monitoring folder ``folder`` (``None``: :data:`NO_MONITORING`),
    converting it into the cache when its files or the ledgers (whose counties and 水库名录
    place its stations) changed since the manifest recorded it, or under ``force``.

    Raises
    ------
    ParameterError
        ``folder`` is not a folder.
    MonitoringDataError
        the data has errors (each named, in Chinese).
    """
    if folder is None:
        manifest["monitoring"] = None
        return NO_MONITORING
    from ..io.signature import folder_state

    source = Path(folder)
    if not source.is_dir():
        raise ParameterError(f"水雨情监测数据文件夹不存在：{source}（--monitoring 须为文件夹）")
    ledgers.monitoring_dir = source  # given to the ledgers whenever they are loaded
    signature, settled = folder_state(source)
    kept = manifest.get("monitoring")
    if (
        not force
        and isinstance(kept, dict)
        and kept.get("signature") == signature
        and kept.get("ledgers") == ledger_signature
        and isinstance(kept.get("fingerprint"), str)
    ):
        return kept["fingerprint"]
    dataset = ledgers.dataset
    if dataset.monitoring is None:  # loaded before the folder was known
        attach_monitoring(dataset, source, ledgers.cache)
    tables = dataset.monitoring
    manifest["monitoring"] = {
        "signature": signature if settled else "",
        "ledgers": ledger_signature,
        "fingerprint": tables.fingerprint,
    }
    return tables.fingerprint


def attach_monitoring(dataset, folder: Path, cache: Path) -> None:
    """Give ``dataset`` the flood-season tables of ``folder`` (converted into the cache, or
    found up to date there), as the notebooks' kernels do: the build's own checks of the
    pages (``--check``) and its comparison pages then read the same figures."""
    from ..monitoring.flood_season import open_monitoring
    from ..reporting import monitoring_store

    dataset.monitoring = open_monitoring(
        folder,
        monitoring_store(cache),
        counties=dataset["counties"],
        reservoirs=dataset["reservoirs"],
    )
