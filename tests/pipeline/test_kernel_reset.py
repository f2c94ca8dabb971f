"""The reset between reports on a reused kernel (:mod:`wbanalysis.pipeline.kernel`): the
first reset collects the first report's garbage, then moves what stays (modules imported on
first use, the ledgers' cache) out of the collector's way; later resets freeze nothing more."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc, weakref
    from wbanalysis.pipeline import kernel

    class Node:
        pass

    def cycle():
        node = Node()
        node.itself = node
        return weakref.ref(node)

    kernel.snapshot()
    after_warmup = gc.get_freeze_count()
    gone = cycle()  # the first report's garbage: a reference cycle
    kept = Node()  # something the first report leaves for good
    kept.itself = kept
    kernel.restore()
    assert gone() is None, "the first report's garbage must be collected, not frozen"
    settled = gc.get_freeze_count()
    assert settled > after_warmup, "what the first report left stays out of the collector's way"
    assert gc.is_tracked(kept)
    later = cycle()  # a later report's garbage is collected as usual
    kernel.restore()
    gc.collect()
    assert later() is None
    assert gc.get_freeze_count() <= settled, "only the first reset freezes"
    print("ok")
    """
)


def test_the_first_reset_collects_then_freezes_and_later_resets_freeze_nothing():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
