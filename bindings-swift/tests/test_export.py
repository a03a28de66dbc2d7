"""Exports through the C ABI: files, options, progress callback interface, cancel, read back."""

import csv
import io
import os
import zipfile

import pytest

from conftest import ts


def recorder(cl, on_call=None):
    """A progress listener (Swift: a class conforming to ExportProgressListener)."""

    class Recorder(cl.ExportProgressListener):
        def __init__(self):
            self.calls = []

        def on_progress(self, progress):
            self.calls.append(progress)
            if on_call:
                on_call(progress)

    return Recorder()


def read_rows(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def leftovers(directory):
    return sorted(os.listdir(directory))


def test_csv_export_with_preset_locale_and_progress(cl, tmp_path):
    log = cl.CallLog.sample(500, 3)
    path = tmp_path / "calls.csv"
    listener = recorder(cl)
    summary = log.export(
        str(path), cl.ExportFormat.CSV,
        cl.ExportOptions(preset="call_history", time_zone="Europe/Moscow", progress_interval=0.0),
        listener,
    )
    assert summary.path == str(path)
    assert (summary.records, summary.rows, summary.sheets) == (500, 500, 1)
    assert summary.bytes == path.stat().st_size > 0
    assert summary.elapsed >= 0
    rows = read_rows(path)
    assert len(rows) == 501
    header_ru = [c.label for c in cl.export_columns("call_history", cl.Language.RU)]
    assert rows[0] == header_ru
    assert "Результат попытки" in rows[0]
    # progress: through the callback interface, ends with done and every row
    assert listener.calls, "no progress call"
    last = listener.calls[-1]
    assert last.done and last.rows == 500 and last.total == 500 and last.bytes > 0
    assert [p.rows for p in listener.calls] == sorted(p.rows for p in listener.calls)


def test_xlsx_export(cl, tmp_path):
    log = cl.CallLog.sample(50, 1)
    path = tmp_path / "calls.xlsx"
    summary = log.export(str(path), cl.ExportFormat.XLSX,
                         cl.ExportOptions(preset="contacts_simple", max_rows_per_sheet=21))
    assert summary.records == 50
    assert summary.sheets == 3  # 20 data rows per sheet: the sheet rollover reaches Swift
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert "xl/worksheets/sheet3.xml" in names


def test_detailed_layout_and_machine_names(cl, tmp_path):
    rec = cl.CallRecord(
        id="fcc", channel=cl.Channel.VOICE, attempt_result=cl.AttemptResult.CALL_ACCEPTED,
        ivr_path=[cl.IvrStep(node="A", entered_at=ts("2024-01-01T00:00:00Z")),
                  cl.IvrStep(node="B", entered_at=ts("2024-01-01T00:00:05Z"))],
    )
    path = tmp_path / "d.csv"
    summary = cl.CallLog([rec]).export(str(path), cl.ExportFormat.CSV, cl.ExportOptions(
        columns=["id", "attempt_result", "ivr_node"], enums=cl.EnumStyle.MACHINE_NAME,
        layout=cl.ExportLayout.DETAILED(repeat_contact_fields=True), delimiter=";",
        durations=cl.DurationFormat.CLOCK, locale=cl.Language.EN))
    assert (summary.records, summary.rows) == (1, 2)
    text = path.read_text()
    assert "fcc;call_accepted;A" in text and "fcc;call_accepted;B" in text


def test_supervisor_export_drops_rows_and_price(cl, tmp_path):
    a = cl.CallRecord(id="s", channel=cl.Channel.VOICE, agents=[cl.Agent(name="Ivan", groups=["Sales"])],
                      price=cl.Money(units=150, scale=2, currency="RUB"))
    b = cl.CallRecord(id="h", channel=cl.Channel.VOICE, agents=[cl.Agent(name="Anna", groups=["Support"])])
    summary = cl.CallLog([a, b]).export(
        str(tmp_path / "sup.csv"), cl.ExportFormat.CSV,
        cl.ExportOptions(preset="call_history",
                         viewer=cl.Viewer(role=cl.Role.SUPERVISOR, user="Olga", groups=["Sales"])))
    assert (summary.records, summary.skipped_records) == (1, 1)
    assert "price" in summary.dropped_columns


def test_cancel_before_start_leaves_no_file(cl, tmp_path):
    token = cl.CancelToken()
    assert not token.is_cancelled()
    token.cancel()
    assert token.is_cancelled()
    with pytest.raises(cl.CallLogError.Cancelled):
        cl.CallLog.sample(100, 1).export(str(tmp_path / "x.csv"), cl.ExportFormat.CSV, cancel=token)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["CSV", "XLSX"])
def test_cancel_during_export_from_the_progress_callback(cl, tmp_path, fmt):
    token = cl.CancelToken()
    listener = recorder(cl, on_call=lambda p: token.cancel() if p.rows >= 100 else None)
    with pytest.raises(cl.CallLogError.Cancelled):
        cl.CallLog.sample(5000, 2).export(
            str(tmp_path / "big.out"), getattr(cl.ExportFormat, fmt),
            cl.ExportOptions(progress_interval=0.0), listener, token)
    assert listener.calls and not listener.calls[-1].done
    assert leftovers(tmp_path) == []  # no partial file, no temporary file


def test_failing_progress_callback_is_a_typed_error(cl, tmp_path):
    def boom(_):
        raise RuntimeError("listener bug")
    with pytest.raises(cl.CallLogError.CallbackFailed):
        cl.CallLog.sample(10, 1).export(str(tmp_path / "x.csv"), cl.ExportFormat.CSV,
                                        progress=recorder(cl, on_call=boom))
    assert leftovers(tmp_path) == []
    # and the next export works
    ok = cl.CallLog.sample(10, 1).export(str(tmp_path / "y.csv"), cl.ExportFormat.CSV)
    assert ok.records == 10


@pytest.mark.parametrize("fmt", ["CSV", "XLSX"])
def test_listener_that_throws_on_the_final_call_keeps_the_old_file(cl, tmp_path, fmt):
    target = tmp_path / "calls.out"
    target.write_text("the old file")

    def gone(p):
        if p.done:
            raise cl.CallLogError.CallbackFailed("the view is gone")
    with pytest.raises(cl.CallLogError.CallbackFailed) as e:
        cl.CallLog.sample(50, 1).export(str(target), getattr(cl.ExportFormat, fmt),
                                        cl.ExportOptions(progress_interval=0.0),
                                        recorder(cl, on_call=gone))
    assert "the view is gone" in str(e.value)
    assert target.read_text() == "the old file"
    assert leftovers(tmp_path) == ["calls.out"]


def test_row_cap(cl, tmp_path):
    with pytest.raises(cl.CallLogError.RowCapExceeded) as err:
        cl.CallLog.sample(30, 1).export(str(tmp_path / "x.csv"), cl.ExportFormat.CSV,
                                        cl.ExportOptions(row_cap=20))
    assert err.value.cap == 20
    assert leftovers(tmp_path) == []


def test_option_errors(cl, tmp_path):
    log = cl.CallLog.sample(3, 1)
    out = str(tmp_path / "x.csv")
    with pytest.raises(cl.CallLogError.UnknownValue) as err:
        log.export(out, cl.ExportFormat.CSV, cl.ExportOptions(preset="nope"))
    assert "call_history" in err.value.accepted
    with pytest.raises(cl.CallLogError.ExportOption) as err:
        log.export(out, cl.ExportFormat.CSV, cl.ExportOptions(time_zone="Mars/Olympus"))
    assert err.value.option == "time_zone"
    with pytest.raises(cl.CallLogError.ExportOption) as err:
        log.export(out, cl.ExportFormat.CSV, cl.ExportOptions(delimiter=";;"))
    assert err.value.option == "delimiter"
    with pytest.raises(cl.CallLogError.ExportOption) as err:
        log.export(out, cl.ExportFormat.CSV, cl.ExportOptions(progress_interval=-1.0))
    assert err.value.option == "progress_interval"
    with pytest.raises(cl.CallLogError):
        log.export(out, cl.ExportFormat.CSV, cl.ExportOptions(columns=["id", "no_such_column"]))
    with pytest.raises(cl.CallLogError.ExportOption):
        log.export(out, cl.ExportFormat.XLSX, cl.ExportOptions(max_rows_per_sheet=1))
    for bad, option in [
        (cl.ExportOptions(datetime_format="%Q %Y"), "datetime_format"),
        (cl.ExportOptions(columns=["id", "id"]), "columns"),
        (cl.ExportOptions(columns=[]), "columns"),
        (cl.ExportOptions(preset="callbacks"), "columns"),  # callback columns for call records
        (cl.ExportOptions(sheet_name=""), "xlsx.sheet_name"),
        (cl.ExportOptions(delimiter='"'), "csv.delimiter"),
        (cl.ExportOptions(delimiter="é"), "delimiter"),
    ]:
        for fmt in (cl.ExportFormat.CSV, cl.ExportFormat.XLSX):
            with pytest.raises(cl.CallLogError.ExportOption) as err:
                log.export(out, fmt, bad)
            assert err.value.option == option
    assert leftovers(tmp_path) == []


def test_io_error_names_the_path(cl, tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "x.csv"
    with pytest.raises(cl.CallLogError.Io) as err:
        cl.CallLog.sample(3, 1).export(str(missing), cl.ExportFormat.CSV)
    assert str(tmp_path / "no") in err.value.path
    assert err.value.message


def test_cp932_unencodable_policy(cl, tmp_path):
    rec = cl.CallRecord(id="jp", channel=cl.Channel.VOICE, customer_name="山田 😀")
    log = cl.CallLog([rec])
    opts = dict(columns=["id", "customer_name"], encoding=cl.CsvEncoding.CP932, locale=cl.Language.JA)
    with pytest.raises(cl.CallLogError.Unencodable) as err:
        log.export(str(tmp_path / "a.csv"), cl.ExportFormat.CSV, cl.ExportOptions(**opts))
    assert (err.value.row, err.value.column, err.value.character) == (1, "customer_name", "😀")
    assert "932" in err.value.encoding or "shift" in err.value.encoding.lower()
    s = log.export(str(tmp_path / "b.csv"), cl.ExportFormat.CSV,
                   cl.ExportOptions(unencodable=cl.UnencodableCharacters.REPLACE, **opts))
    assert s.replaced_characters == 1
    assert read_rows(tmp_path / "b.csv", encoding="cp932")[1] == ["jp", "山田 ?"]


def test_csv_threads_give_the_same_file(cl, tmp_path):
    log = cl.CallLog.sample(20000, 5)
    files = []
    for threads in (1, 2, None):
        path = tmp_path / f"t-{threads}.csv"
        s = log.export(str(path), cl.ExportFormat.CSV,
                       cl.ExportOptions(preset="overview", csv_threads=threads))
        assert s.rows == 20000
        files.append(path.read_bytes())
    assert files[0] == files[1] == files[2]


def test_full_csv_reads_back_into_equal_records(cl, tmp_path):
    log = cl.CallLog.sample(300, 11)
    path = str(tmp_path / "full.csv")
    opts = cl.ExportOptions(preset="full", locale=cl.Language.JA, time_zone="Asia/Tokyo",
                            encoding=cl.CsvEncoding.UTF8_BOM)
    log.export(path, cl.ExportFormat.CSV, opts)
    back = cl.CallLog.read_csv(path, opts)
    assert back.count() == 300
    assert back.records() == log.records()


def test_read_csv_of_garbage_is_a_typed_error(cl, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(cl.CallLogError):
        cl.CallLog.read_csv(str(junk))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert cl.CallLog.read_csv(str(empty)).count() == 0  # no header, no rows


def test_read_csv_errors(cl, tmp_path):
    with pytest.raises(cl.CallLogError.Io) as err:
        cl.CallLog.read_csv(str(tmp_path / "missing.csv"))
    assert "missing.csv" in err.value.path
    bad = tmp_path / "bad.csv"
    bad.write_text("id,started_at\nx,not-a-date\n")
    with pytest.raises(cl.CallLogError.Parse) as err:
        cl.CallLog.read_csv(str(bad), cl.ExportOptions(columns=["id", "started_at"]))
    assert err.value.path.endswith("bad.csv")
    assert err.value.row == 1
    assert err.value.column == "started_at"


def test_export_callbacks(cl, tmp_path):
    entries = cl.sample_callbacks(25, 4)
    path = tmp_path / "cb.csv"
    s = cl.export_callbacks(str(path), entries, cl.ExportFormat.CSV)
    assert s.records == 25
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a ja CSV is for Japanese Excel
    header = read_rows(path, encoding="utf-8-sig")[0]
    assert header == [c.label for c in cl.export_columns("callbacks", cl.Language.JA)]
    assert "メモ" in header
    too_long = cl.CallbackRecord(id="cb-x", state=cl.CallbackState.DONE, memo="x" * 1001)
    with pytest.raises(cl.CallLogError.Invalid) as err:
        cl.export_callbacks(str(tmp_path / "cb2.csv"), [too_long], cl.ExportFormat.XLSX)
    assert (err.value.record_id, err.value.field) == ("cb-x", "memo")


def test_catalogue(cl):
    names = cl.export_preset_names()
    assert {"call_history", "contacts_simple", "contacts_detailed", "callbacks", "full"} <= set(names)
    every = cl.export_columns(None, cl.Language.EN)
    ids = [c.id for c in every]
    assert len(ids) == len(set(ids)) > 100
    assert {"id", "started_at", "wait", "talk", "price"} <= set(ids)
    ja = {c.id: c.label for c in cl.export_columns("video_call_history:1", cl.Language.JA)}
    assert ja["wait"] == "お客様待ち時間(秒)"
    with pytest.raises(cl.CallLogError.UnknownValue):
        cl.export_columns("nope", cl.Language.EN)


def test_concurrent_exports_from_one_log(cl, tmp_path):
    # Swift: the objects are Sendable; the same log may be exported from several threads
    import concurrent.futures

    log = cl.CallLog.sample(3000, 8)
    fmts = [cl.ExportFormat.CSV, cl.ExportFormat.XLSX] * 3
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        summaries = list(pool.map(
            lambda i: log.export(str(tmp_path / f"c{i}"), fmts[i], cl.ExportOptions(preset="full")),
            range(6)))
    assert [s.records for s in summaries] == [3000] * 6
    csvs = {(tmp_path / f"c{i}").read_bytes() for i in range(0, 6, 2)}
    assert len(csvs) == 1  # the same bytes from every thread


def test_read_only_mount_and_vanished_directory_are_typed_errors(cl, tmp_path):
    import shutil
    import subprocess
    ro = tmp_path / "ro"
    ro.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(ro)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): read-only case not run")
    try:
        (ro / "calls.xlsx").write_text("the old file")
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        for fmt in (cl.ExportFormat.CSV, cl.ExportFormat.XLSX):
            with pytest.raises(cl.CallLogError.Io):
                cl.CallLog.sample(50, 1).export(str(ro / "calls.xlsx"), fmt)
        assert (ro / "calls.xlsx").read_text() == "the old file"
        assert leftovers(ro) == ["calls.xlsx"]
    finally:
        subprocess.run(["umount", str(ro)])
    gone = tmp_path / "gone"
    for fmt in (cl.ExportFormat.CSV, cl.ExportFormat.XLSX):
        gone.mkdir()

        def vanish(p):
            if not p.done:
                shutil.rmtree(gone, ignore_errors=True)
        with pytest.raises((cl.CallLogError.Io, cl.CallLogError.Xlsx)):
            cl.CallLog.sample(30_000, 1).export(str(gone / "x.out"), fmt,
                                                cl.ExportOptions(progress_interval=0.0),
                                                recorder(cl, on_call=vanish))
        assert not gone.exists()
