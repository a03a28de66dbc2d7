"""Exports through the binding, read back with Python's csv and openpyxl; progress, cancel,
Ctrl-C and every export error path."""

import csv
import datetime as dt
import os
import signal
import threading
from decimal import Decimal

import pytest

import calllog
from calllog import CallLog, CallRecord

from conftest import ts

openpyxl = pytest.importorskip("openpyxl")


def seed002_calls():
    sales = CallRecord(
        id="V-3",
        direction="inbound",
        call_type="incoming",
        attempt_result="call_accepted",
        agents=[{"name": "Иван", "groups": ["Продажи"]}],
        price=calllog.Money("12.50", "RUB"),
        timeline={
            "started_at": ts("2024-05-01T09:00:00Z"),
            "talk_started_at": ts("2024-05-01T09:00:20Z"),
            "talk_ended_at": ts("2024-05-01T09:03:00Z"),
        },
    )
    support = CallRecord(id="V-4", agents=[{"name": "Ольга", "groups": ["Поддержка"]}])
    return [sales, support]


def read_csv_rows(path, encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as f:
        return list(csv.reader(f))


def test_full_csv_round_trip_and_python_csv_reads_it(tmp_path):
    log = CallLog.sample(300, seed=11)
    summary = log.export_csv(tmp_path / "calls.csv")
    assert (summary.records, summary.rows, summary.sheets) == (300, 300, 1)
    assert summary.bytes == os.path.getsize(tmp_path / "calls.csv")
    assert isinstance(summary.elapsed, dt.timedelta)
    rows = read_csv_rows(tmp_path / "calls.csv")
    assert rows[0][:3] == ["Call ID", "Channel", "Direction"]
    assert len(rows) == 301 and rows[1][0] == log[0].id
    assert calllog.read_csv(tmp_path / "calls.csv") == log


def test_csv_threads_give_the_same_file(tmp_path):
    log = CallLog.sample(30_000, seed=4)
    files = []
    for threads in (1, 2, None):
        path = tmp_path / f"calls-{threads}.csv"
        summary = log.export_csv(path, preset="overview", threads=threads)
        assert summary.rows == 30_000
        files.append(path.read_bytes())
    assert files[0] == files[1] == files[2]
    # an Arrow stream goes through the same batches
    pa = pytest.importorskip("pyarrow")
    calllog.export_csv(pa.table(log.to_arrow(derived=False)), tmp_path / "arrow.csv",
                       preset="overview", threads=2)
    assert (tmp_path / "arrow.csv").read_bytes() == files[0]
    with pytest.raises(TypeError):
        log.export_csv(tmp_path / "bad.csv", threads="two")


def test_seed002_call_history_csv_in_russian_for_a_supervisor(tmp_path):
    path = tmp_path / "history.csv"
    s = calllog.export_csv(
        seed002_calls(), str(path), preset="call_history", viewer=calllog.Viewer.supervisor("Мария", ["Продажи"])
    )
    assert (s.records, s.skipped_records) == (1, 1)
    assert "price" in s.dropped_columns
    header, row = read_csv_rows(path)
    assert header[:2] == ["Время", "Тип"] and "Цена" not in header
    talk = row[header.index("Длительность разговора")]
    assert talk == "180"  # Voximplant preset: incoming talk from the scenario start
    assert row[header.index("Результат попытки")] == "Вызов принят"
    owner = calllog.export_csv(seed002_calls(), tmp_path / "owner.csv", preset="call_history")
    assert owner.records == 2
    header = read_csv_rows(tmp_path / "owner.csv")[0]
    assert "Цена" in header


def test_xlsx_has_real_dates_numbers_and_localized_headers(tmp_path):
    path = tmp_path / "calls.xlsx"
    s = calllog.export_xlsx(
        seed002_calls(),
        path,
        columns=["id", "started_at", "talk", "price", "attempt_result", "agents", "price_currency"],
        locale="pl",
        time_zone="Europe/Warsaw",
        durations="clock",
        sheet_name="Połączenia",
    )
    assert s.sheets == 1 and s.records == 2
    wb = openpyxl.load_workbook(path)
    ws = wb["Połączenia"]
    rows = list(ws.iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    assert header[0] != "id"  # Polish labels
    assert first[0] == "V-3"
    started = first[1]
    assert isinstance(started, dt.datetime) and started == dt.datetime(2024, 5, 1, 11, 0)  # Warsaw, CEST
    assert isinstance(first[3], (int, float)) and Decimal(str(first[3])) == Decimal("12.5")
    assert first[4] == "Połączenie odebrane"
    assert first[5] == "Иван"
    assert first[6] == "RUB"


def test_encodings_bom_and_cp932(tmp_path):
    r = [CallRecord(id="J-1", customer_name="山田商店")]
    calllog.export_csv(r, tmp_path / "bom.csv", columns=["id", "customer_name"], encoding="utf-8-sig")
    raw = (tmp_path / "bom.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    calllog.export_csv(r, tmp_path / "sjis.csv", columns=["id", "customer_name"], encoding="cp932")
    assert read_csv_rows(tmp_path / "sjis.csv", encoding="cp932")[1] == ["J-1", "山田商店"]
    assert calllog.read_csv(tmp_path / "sjis.csv", columns=["id", "customer_name"])[0].customer_name == "山田商店"


def test_unencodable_error_names_row_and_column_and_leaves_no_file(tmp_path):
    r = [CallRecord(id="P-1", customer_name="ok"), CallRecord(id="P-2", customer_name="Łódź ąę")]
    path = tmp_path / "pl.csv"
    with pytest.raises(calllog.UnencodableError) as info:
        calllog.export_csv(r, path, columns=["id", "customer_name"], encoding="cp932")
    e = info.value
    assert (e.row, e.column, e.encoding) == (2, "customer_name", "Shift_JIS") or (e.row, e.column) == (2, "customer_name")
    assert isinstance(e, ValueError) and isinstance(e, calllog.ExportError)
    assert not path.exists()
    s = calllog.export_csv(r, path, columns=["id", "customer_name"], encoding="cp932", unencodable="replace")
    assert s.replaced_characters > 0


def test_formula_injection_is_neutralised(tmp_path):
    r = [CallRecord(id="X-1", customer_name="=HYPERLINK(\"http://evil\")", from_="+48123456789")]
    calllog.export_csv(r, tmp_path / "x.csv", columns=["id", "customer_name", "from"])
    row = read_csv_rows(tmp_path / "x.csv")[1]
    assert not row[1].startswith("=") and row[2] == "+48123456789"
    calllog.export_xlsx(r, tmp_path / "x.xlsx", columns=["id", "customer_name"])
    cell = openpyxl.load_workbook(tmp_path / "x.xlsx").active.cell(2, 2)
    assert cell.data_type != "f"


def test_callbacks_export(tmp_path):
    cbs = [
        calllog.CallbackRecord(id="CB1", registered_at=ts("2024-07-16T17:59:14+09:00"), memo="折り返し希望"),
        {"id": "CB2", "registered_at": ts("2024-07-16T18:00:00+09:00"), "state": "done"},
    ]
    s = calllog.export_csv(cbs, tmp_path / "cb.csv")
    assert s.records == 2
    header, first, second = read_csv_rows(tmp_path / "cb.csv")
    assert "メモ" in header and "折り返し希望" in first and "完了" in second
    s = calllog.export_xlsx(cbs, tmp_path / "cb.xlsx")
    assert s.records == 2


def test_progress_callable_and_tqdm(tmp_path):
    log = CallLog.sample(3000, seed=2)
    seen = []
    log.export_csv(tmp_path / "p.csv", progress=seen.append)
    assert seen and seen[-1].done and seen[-1].rows == 3000 and seen[-1].total == 3000
    assert all(isinstance(p, calllog.ExportProgress) for p in seen)
    tqdm = pytest.importorskip("tqdm")
    with tqdm.tqdm(disable=False, file=open(os.devnull, "w")) as bar:
        log.export_xlsx(tmp_path / "p.xlsx", progress=bar)
        assert bar.n == 3000 and bar.total == 3000


def test_progress_exception_cancels_and_propagates(tmp_path):
    log = CallLog.sample(50_000, seed=2)
    path = tmp_path / "stop.csv"

    class Stop(Exception):
        pass

    def progress(p):
        if not p.done:
            raise Stop(p.rows)

    with pytest.raises(Stop):
        log.export_csv(path, progress=progress)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == [], "no temporary file left behind"


def test_ctrl_c_cancels_cleanly(tmp_path, ctrl_c_at_first_progress):
    log = CallLog.sample(100_000, seed=3)
    path = tmp_path / "big.xlsx"
    ctrl_c_at_first_progress(lambda progress: log.export_xlsx(path, progress=progress))
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_without_progress_callable(tmp_path, sigint_raises):
    log = CallLog.sample(300_000, seed=3)
    path = tmp_path / "big.csv"
    timer = threading.Timer(0.1, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        log.export_csv(path)
    timer.join()
    assert not path.exists()


def test_export_releases_the_gil(tmp_path):
    log = CallLog.sample(30_000, seed=4)
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=spin)
    t.start()
    log.export_csv(tmp_path / "gil.csv")
    stop.set()
    t.join()
    assert len(ticks) > 5, "another Python thread ran during the export"


def test_export_option_errors(tmp_path):
    log = CallLog.sample(3)
    p = tmp_path / "x.csv"
    cases = [
        ({"columns": ["id", "colour"]}, calllog.UnknownValueError),
        ({"columns": []}, calllog.ExportOptionError),
        ({"preset": "nope"}, calllog.UnknownValueError),
        ({"preset": "full", "columns": ["id"]}, calllog.ExportOptionError),
        ({"time_zone": "Mars/Olympus"}, calllog.ExportOptionError),
        ({"durations": "minutes"}, calllog.ExportOptionError),
        ({"enums": "emoji"}, calllog.ExportOptionError),
        ({"layout": "tall"}, calllog.ExportOptionError),
        ({"encoding": "latin-1"}, calllog.ExportOptionError),
        ({"delimiter": "ab"}, calllog.ExportOptionError),
        ({"delimiter": '"'}, calllog.ExportOptionError),
        ({"locale": "de"}, calllog.UnknownValueError),
        ({"columns": ["callback_id"]}, calllog.ExportOptionError),
    ]
    for options, error in cases:
        with pytest.raises(error):
            log.export_csv(p, **options)
        assert not p.exists(), options
    with pytest.raises(calllog.ExportOptionError) as info:
        log.export_xlsx(tmp_path / "x.xlsx", compression_level=12)
    assert info.value.option == "xlsx.compression_level"
    with pytest.raises(TypeError):
        log.export_csv(p, progress=42)
    with pytest.raises(TypeError):
        log.export_csv(p, colour="red")


def test_row_cap_and_io_errors(tmp_path):
    log = CallLog.sample(20)
    with pytest.raises(calllog.RowCapExceededError) as info:
        log.export_csv(tmp_path / "cap.csv", row_cap=10)
    assert info.value.cap == 10 and not (tmp_path / "cap.csv").exists()
    missing = tmp_path / "no" / "such" / "dir" / "x.csv"
    with pytest.raises(calllog.CalllogIOError) as info:
        log.export_csv(missing)
    assert isinstance(info.value, OSError) and info.value.filename and "no" in info.value.filename
    with pytest.raises(calllog.CalllogIOError) as info:
        calllog.read_csv(tmp_path / "absent.csv")
    assert info.value.errno == 2 and isinstance(info.value, OSError)


def test_read_csv_parse_error_names_row_and_column(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("id,started_at\nok,2024-05-01 10:00:00\nbad,yesterday\n", encoding="utf-8")
    with pytest.raises(calllog.ParseError) as info:
        calllog.read_csv(p, columns=["id", "started_at"])
    e = info.value
    assert e.row == 2 and e.column in ("started_at", "Started at") and e.path == str(p)
    assert isinstance(e, ValueError)


def test_module_level_export_accepts_any_iterable(tmp_path):
    gen = (r.to_dict() for r in CallLog.sample(5, seed=9))
    s = calllog.export_csv(gen, tmp_path / "gen.csv", columns=["id", "outcome", "wait"])
    assert s.records == 5
    header = read_csv_rows(tmp_path / "gen.csv")[0]
    assert len(header) == 3
    bad = [{"id": "x", "timeline": {"started_at": ts("2024-05-01T10:00:00Z"), "closed_at": ts("2024-05-01T09:00:00Z")}}]
    with pytest.raises(calllog.ValidationError):
        calllog.export_csv(bad, tmp_path / "bad.csv")
    assert not (tmp_path / "bad.csv").exists()
