"""Faults from outside: a real full disk (a 512 KiB tmpfs) is an OSError with errno ENOSPC
for both formats, never a PanicException; the old file stays and nothing is left behind."""

import errno
import os
import shutil
import subprocess
import tempfile

import pytest

import calllog


@pytest.fixture
def full_disk():
    d = tempfile.mkdtemp(prefix="calllog-py-tmpfs-")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", d],
                       capture_output=True)
    if r.returncode != 0:
        os.rmdir(d)
        pytest.skip("cannot mount a tmpfs here (needs root): full-disk case not run")
    try:
        yield d
    finally:
        subprocess.run(["umount", d])
        shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_full_disk_is_an_oserror_and_keeps_the_old_file(full_disk, fmt):
    log = calllog.CallLog.sample(20_000)
    target = os.path.join(full_disk, f"calls.{fmt}")
    with open(target, "wb") as f:
        f.write(b"the old file")
    export = log.export_csv if fmt == "csv" else log.export_xlsx
    with pytest.raises(OSError) as info:
        export(target, preset="overview")
    assert isinstance(info.value, calllog.CalllogIOError)
    assert info.value.errno == errno.ENOSPC, info.value
    with open(target, "rb") as f:
        assert f.read() == b"the old file"
    assert os.listdir(full_disk) == [f"calls.{fmt}"]
    # the interpreter lives on and the next export works
    out = os.path.join(tempfile.mkdtemp(), f"ok.{fmt}")
    export(out, preset="overview")
    assert os.path.getsize(out) > 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_progress_that_raises_on_the_final_call_keeps_the_old_file(tmp_path, fmt):
    log = calllog.CallLog.sample(50, seed=1)
    target = tmp_path / f"calls.{fmt}"
    target.write_text("the old file")

    class Gone(Exception):
        pass

    def progress(p):
        if p.done:
            raise Gone("the UI is gone")

    export = log.export_csv if fmt == "csv" else log.export_xlsx
    with pytest.raises(Gone, match="the UI is gone"):
        export(target, progress=progress)
    assert target.read_text() == "the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"calls.{fmt}"]
    assert export(target).records == 50  # and the next export works


def test_failed_background_job_raises_the_typed_error(tmp_path):
    log = calllog.CallLog.sample(100, seed=1)
    job = log.export_xlsx(tmp_path / "no-such-dir" / "calls.xlsx", background=True)
    assert job.wait(60)
    assert job.state == calllog.JobState.FAILED
    with pytest.raises(calllog.CalllogIOError) as e:
        job.result()
    assert e.value.errno == errno.ENOENT
    with pytest.raises(calllog.CalllogIOError):
        job.result()  # asked again, the same error


def test_background_jobs_beyond_the_pending_limit_are_refused(tmp_path):
    log = calllog.CallLog.sample(100_000, seed=1)
    jobs, refused = [], None
    try:
        for i in range(40):
            try:
                jobs.append(log.export_csv(tmp_path / f"{i}.csv", background=True))
            except calllog.QueueFullError as e:
                refused = e
                break
        assert refused is not None, "40 jobs on 2 workers must hit the limit of 32 waiting"
        assert refused.limit == 32
        assert 32 <= len(jobs) <= 34
    finally:
        for j in jobs:
            j.cancel()
        for j in jobs:
            j.wait(60)


@pytest.fixture
def read_only_dir():
    d = tempfile.mkdtemp(prefix="calllog-py-ro-")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", d], capture_output=True)
    if r.returncode != 0:
        os.rmdir(d)
        pytest.skip("cannot mount a tmpfs here (needs root): read-only case not run")
    try:
        for name in ("calls.csv", "calls.xlsx"):
            with open(os.path.join(d, name), "w") as f:
                f.write("the old file")
        subprocess.run(["mount", "-o", "remount,ro", d], check=True)
        yield d
    finally:
        subprocess.run(["umount", d])
        shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_read_only_mount_is_an_oserror_erofs(read_only_dir, fmt):
    log = calllog.CallLog.sample(100, seed=1)
    target = os.path.join(read_only_dir, f"calls.{fmt}")
    export = log.export_csv if fmt == "csv" else log.export_xlsx
    with pytest.raises(OSError) as e:
        export(target)
    assert isinstance(e.value, calllog.CalllogIOError)
    assert e.value.errno == errno.EROFS
    with open(target) as f:
        assert f.read() == "the old file"
    assert sorted(os.listdir(read_only_dir)) == ["calls.csv", "calls.xlsx"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_directory_vanishing_mid_export_is_a_typed_error(tmp_path, fmt):
    log = calllog.CallLog.sample(30_000, seed=1)
    d = tmp_path / "out"
    d.mkdir()

    def remove_dir(p):
        if not p.done:
            shutil.rmtree(d, ignore_errors=True)

    export = log.export_csv if fmt == "csv" else log.export_xlsx
    with pytest.raises(calllog.CalllogError):
        export(d / f"calls.{fmt}", progress=remove_dir)
    assert not d.exists()
    assert export(tmp_path / f"again.{fmt}").records == 30_000
