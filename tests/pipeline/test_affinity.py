"""Kernels keep to a scope: the reports of one year and place run in one kernel while there
are any, so its ledgers are selected and its figures' 出处 found once, not once a kernel."""

from __future__ import annotations

from wbanalysis.pipeline.execute import Job, _Pending


def _job(nb: str, county: str, year: int = 2023) -> Job:
    return Job(f"{nb}-{county}", nb, {"year": year, "county": county, "through_month": 10})


def test_each_kernel_keeps_to_its_scope_then_helps_with_the_rest():
    jobs = [_job(nb, c) for nb in ("01", "02", "03") for c in ("全市", "白沙县")]
    pending = _Pending(jobs)
    taken = {0: [], 1: []}
    order = [0, 1, 0, 1, 0, 1]
    for kernel in order:
        job = pending.take(kernel)
        if job is not None:
            taken[kernel].append(job.key)
    assert taken[0] == ["01-全市", "02-全市", "03-全市"]
    assert taken[1] == ["01-白沙县", "02-白沙县", "03-白沙县"]
    assert pending.take(0) is None


def test_a_kernel_out_of_its_scope_takes_another_even_one_being_run():
    jobs = [_job("01", "全市"), _job("02", "全市"), _job("03", "全市")]
    pending = _Pending(jobs)
    assert pending.take(0).key == "01-全市"
    assert pending.take(1).key == "02-全市"  # no other scope: it helps
    assert pending.take(0).key == "03-全市"
    assert pending.take(1) is None


def test_every_job_is_taken_once():
    jobs = [
        _job(str(n), c, y) for n in range(7) for c in ("全市", "甲县", "乙县") for y in (2022, 2023)
    ]
    pending = _Pending(jobs)
    seen = []
    kernel = 0
    while (job := pending.take(kernel)) is not None:
        seen.append(job.key + str(job.parameters["year"]))
        kernel = (kernel + 1) % 3
    assert sorted(seen) == sorted(j.key + str(j.parameters["year"]) for j in jobs)
