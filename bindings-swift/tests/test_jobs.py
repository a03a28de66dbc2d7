"""Background exports (seed 001 非同期検索) through the C ABI: states, progress, cancel, the
registry's limit and the completion listener."""

import os
import threading

import pytest

FINISHED = {"DONE", "FAILED", "CANCELLED"}


def finished(cl, status):
    return status.state in (cl.JobState.DONE, cl.JobState.FAILED, cl.JobState.CANCELLED)


def listener(cl):
    class Seen(cl.ExportJobListener):
        def __init__(self):
            self.statuses = []
            self.event = threading.Event()

        def on_finish(self, status):
            self.statuses.append(status)
            self.event.set()

    return Seen()


def test_export_job_runs_to_done(cl, tmp_path):
    jobs = cl.ExportJobs()
    log = cl.CallLog.sample(2000, 9)
    seen = listener(cl)
    job = jobs.start_export("all calls", log, str(tmp_path / "all.csv"), cl.ExportFormat.CSV,
                            cl.ExportOptions(preset="call_history"), listener=seen)
    status = job.wait()
    assert status.state == cl.JobState.DONE, status.error
    assert status.output.path == str(tmp_path / "all.csv")
    assert status.output.records == 2000 == status.rows
    assert status.total == 2000
    assert os.path.getsize(status.output.path) == status.output.bytes
    assert status.started_at and status.finished_at and status.created_at <= status.started_at
    assert seen.event.wait(5) and seen.statuses[0].id == job.id()
    assert job.status() == status
    assert jobs.status(job.id()) == status
    assert jobs.get(job.id()).id() == job.id()
    assert [s.label for s in jobs.list()] == ["all calls"]
    assert jobs.remove(job.id()) and jobs.get(job.id()) is None and jobs.status(job.id()) is None


def test_query_scopes_the_background_export(cl, tmp_path):
    a = cl.CallRecord(id="s", channel=cl.Channel.VOICE, agents=[cl.Agent(name="Ivan", groups=["Sales"])],
                      price=cl.Money(units=150, scale=2, currency="RUB"))
    b = cl.CallRecord(id="h", channel=cl.Channel.SMS, agents=[cl.Agent(name="Anna", groups=["Support"])])
    q = cl.CallQuery(viewer=cl.Viewer(role=cl.Role.SUPERVISOR, user="Olga", groups=["Sales"]),
                 filter=cl.Filter(channels=[cl.Channel.VOICE, cl.Channel.SMS]))
    job = cl.ExportJobs().start_export("sup", cl.CallLog([a, b]), str(tmp_path / "s.xlsx"),
                                       cl.ExportFormat.XLSX, cl.ExportOptions(preset="call_history"), q)
    st = job.wait()
    assert st.state == cl.JobState.DONE, st.error
    assert st.output.records == 1
    assert "price" in st.output.dropped_columns


def test_ten_jobs_at_once_and_the_registry_limit(cl, tmp_path):
    jobs = cl.ExportJobs(workers=2, max_finished=10)
    assert jobs.max_finished() == 10
    log = cl.CallLog.sample(3000, 1)
    started = []
    for i in range(12):
        path = tmp_path / ("missing-dir/x.csv" if i == 3 else f"j{i}.csv")
        started.append(jobs.start_export(f"job {i}", log, str(path), cl.ExportFormat.CSV))
    started[5].cancel()
    statuses = [j.wait() for j in started]
    assert all(finished(cl, s) for s in statuses)
    assert statuses[3].state == cl.JobState.FAILED and "missing-dir" in statuses[3].error
    assert statuses[5].state == cl.JobState.CANCELLED
    assert not (tmp_path / "j5.csv").exists()  # a cancelled job leaves no file
    assert len(jobs.list()) <= 10  # the oldest finished jobs were dropped
    for i, s in enumerate(statuses):
        if s.state == cl.JobState.DONE:
            assert (tmp_path / f"j{i}.csv").exists()


def test_cancel_by_id_and_wait_timeout(cl, tmp_path):
    jobs = cl.ExportJobs(workers=1)
    big = cl.CallLog.sample(40000, 2)
    first = jobs.start_export("big", big, str(tmp_path / "big.xlsx"), cl.ExportFormat.XLSX)
    queued = jobs.start_export("queued", big, str(tmp_path / "q.csv"), cl.ExportFormat.CSV)
    assert queued.wait_timeout(0.0) is None  # waits behind the only worker
    assert jobs.cancel(queued.id())
    assert jobs.cancel(first.id())
    assert not jobs.cancel(999_999)
    assert first.wait().state == cl.JobState.CANCELLED
    assert queued.wait().state == cl.JobState.CANCELLED
    assert os.listdir(tmp_path) == []
    with pytest.raises(cl.CallLogError.ExportOption):
        first.wait_timeout(-1.0)
    with pytest.raises(cl.CallLogError.ExportOption):
        cl.ExportJobs(workers=0)


def test_callback_export_job(cl, tmp_path):
    wl = cl.CallbackWorklist(cl.sample_callbacks(30, 3))
    jobs = cl.ExportJobs()
    job = jobs.start_callback_export("cb", wl, str(tmp_path / "cb.csv"), cl.ExportFormat.CSV)
    st = job.wait()
    assert st.state == cl.JobState.DONE and st.output.records == 30
    done = jobs.start_callback_export("done only", wl, str(tmp_path / "done.csv"), cl.ExportFormat.CSV,
                                      search=cl.CallbackSearch(state=cl.CallbackState.DONE)).wait()
    expected = len(wl.search(cl.CallbackSearch(state=cl.CallbackState.DONE)))
    assert done.output.records == expected < 30


def test_result_throws_the_typed_error_of_a_failed_job(cl, tmp_path):
    jobs = cl.ExportJobs()
    log = cl.CallLog.sample(100, 1)
    bad = jobs.start_export("bad", log, str(tmp_path / "missing-dir" / "x.xlsx"), cl.ExportFormat.XLSX)
    with pytest.raises(cl.CallLogError.Io) as e:
        bad.result()
    assert "missing-dir" in e.value.path
    assert bad.status().error_code == "io"
    good = jobs.start_export("good", log, str(tmp_path / "ok.csv"), cl.ExportFormat.CSV)
    assert good.result().records == 100


def test_jobs_beyond_max_pending_throw_queue_full(cl, tmp_path):
    jobs = cl.ExportJobs(workers=1, max_finished=10, max_pending=1)
    log = cl.CallLog.sample(100_000, 1)
    started = []
    with pytest.raises(cl.CallLogError.QueueFull) as e:
        for i in range(6):
            started.append(jobs.start_export(f"j{i}", log, str(tmp_path / f"{i}.csv"), cl.ExportFormat.CSV))
    assert e.value.limit == 1
    assert 1 <= len(started) <= 2
    for j in started:
        j.cancel()
    for j in started:
        j.wait()


def test_a_zero_limit_is_refused(cl):
    for kw in ({"workers": 0}, {"max_finished": 0}, {"max_pending": 0}):
        with pytest.raises(cl.CallLogError.ExportOption):
            cl.ExportJobs(**{"workers": 2, "max_finished": 10, "max_pending": 32, **kw})
