"""CallLog.readSource through uniffi's Python module (the Swift ABI): the core's Asterisk
fixture (core/tests/fixtures/asterisk/Master.csv, written as cdr/cdr_csv.c writes lines)."""

import csv
from pathlib import Path

import pytest

from conftest import ts

MASTER = str(Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "asterisk" / "Master.csv")


def test_asterisk_master_csv_reads_and_exports_cell_by_cell(cl, tmp_path):
    log = cl.CallLog.read_source(MASTER, cl.CallSource.ASTERISK_CSV, "Asia/Tokyo")
    recs = log.records()
    assert len(recs) == 5
    a = recs[0]
    assert a.id == "1714554000.1"
    assert a.customer_name == "山田 太郎"
    assert a.status == cl.ContactStatus.ANSWERED
    assert a.timeline.started_at == ts("2024-05-01T09:00:00Z")
    assert a.extra["lastdata"] == "PJSIP/201,30,tT"
    out = tmp_path / "calls.csv"
    log.export(str(out), cl.ExportFormat.CSV,
               cl.ExportOptions(columns=["id", "started_at", "talk", "status"], time_zone="Asia/Tokyo"))
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[1] == ["1714554000.1", "2024-05-01 18:00:00", "180", "Answered"]
    assert rows[2] == ["1714554600.3", "2024-05-01 18:10:00", "0", "No answer"]


def test_read_source_errors_name_the_line_and_the_field(cl, tmp_path):
    good = Path(MASTER).read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "bad.csv"
    bad.write_text(good + "\n" + good.replace('"ANSWERED"', '"MAYBE"') + "\n", encoding="utf-8")
    with pytest.raises(cl.CallLogError.Parse) as err:
        cl.CallLog.read_source(str(bad), cl.CallSource.ASTERISK_CSV)
    assert (err.value.row, err.value.column) == (2, "disposition")
    with pytest.raises(cl.CallLogError.Io):
        cl.CallLog.read_source(str(tmp_path / "none.csv"), cl.CallSource.ASTERISK_CSV)
    with pytest.raises(cl.CallLogError):
        cl.CallLog.read_source(MASTER, cl.CallSource.ASTERISK_CSV, "Mars/Base")


def test_twilio_call_resources(cl):
    twilio = str(Path(MASTER).parents[1] / "twilio" / "calls.json")
    recs = cl.CallLog.read_source(twilio, cl.CallSource.TWILIO_JSON).records()
    assert len(recs) == 5
    assert recs[0].direction == cl.Direction.INBOUND
    assert recs[2].extra["parent_call_sid"] == recs[0].id
    assert recs[4].attempt_result is None


FIXTURES = Path(MASTER).parents[1]


def test_freeswitch_cdr_csv_and_json(cl, tmp_path):
    log = cl.CallLog.read_source(str(FIXTURES / "freeswitch" / "Master.csv"), cl.CallSource.FREESWITCH_CSV, "Europe/Moscow")
    recs = log.records()
    assert len(recs) == 6
    assert recs[0].customer_name == "Иван Петров"
    assert recs[0].timeline.started_at == ts("2024-05-01T09:00:00Z")
    assert recs[1].attempt_result == cl.AttemptResult.REQUEST_CANCELLED
    out = tmp_path / "fs.csv"
    log.export(str(out), cl.ExportFormat.CSV,
               cl.ExportOptions(columns=["id", "started_at", "talk", "status"], time_zone="Europe/Moscow"))
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[1] == ["3f1c2a9e-0c1d-4a51-9a0e-000000000001", "2024-05-01 12:00:00", "180", "Answered"]
    recs = cl.CallLog.read_source(str(FIXTURES / "freeswitch" / "cdr.json"), cl.CallSource.FREESWITCH_JSON).records()
    assert recs[0].customer_name == "Łukasz Żółć"
    assert recs[0].queue == "support@default"
    assert recs[1].attempt_result == cl.AttemptResult.ABANDONED
    bad = tmp_path / "bad.json"
    bad.write_text('{"variables": {"uuid": "u", "start_epoch": "1", "hangup_cause": "WHO_KNOWS"}}\n', encoding="utf-8")
    with pytest.raises(cl.CallLogError.Parse) as err:
        cl.CallLog.read_source(str(bad), cl.CallSource.FREESWITCH_JSON)
    assert (err.value.row, err.value.column) == (1, "hangup_cause")


def test_amazon_connect_contact_records(cl, tmp_path):
    log = cl.CallLog.read_source(str(FIXTURES / "connect" / "ctr.jsonl"), cl.CallSource.CONNECT_CTR)
    recs = log.records()
    assert len(recs) == 5
    a = recs[0]
    assert a.queue == "サポート"
    assert a.agents[0].name == "yamada.hanako"
    assert a.hold_count == 2
    assert a.extra["Attributes.顧客ランク"] == "ゴールド"
    assert recs[1].attempt_result == cl.AttemptResult.ABANDONED
    assert recs[4].channel == cl.Channel.CHAT
    out = tmp_path / "ctr.csv"
    log.export(str(out), cl.ExportFormat.CSV,
               cl.ExportOptions(columns=["id", "queue", "agents", "disconnect_side"], time_zone="Asia/Tokyo"))
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[1] == ["11111111-aaaa-4bbb-8ccc-000000000001", "サポート", "yamada.hanako", "Customer"]
