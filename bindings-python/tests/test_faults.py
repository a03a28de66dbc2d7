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
