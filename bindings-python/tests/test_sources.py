"""calllog.read_source: the call records phone systems write (fixtures in core/tests/fixtures,
written the way Asterisk's cdr/cdr_csv.c writes Master.csv; see core/tests/sources_asterisk.rs)."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import calllog
from conftest import ts

MASTER = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "asterisk" / "Master.csv"


def test_asterisk_master_csv_reads_and_exports_cell_by_cell(tmp_path):
    log = calllog.read_source(MASTER, "asterisk_csv", time_zone=ZoneInfo("Asia/Tokyo"))
    assert len(log) == 5
    a = log[0]
    assert a.id == "1714554000.1"
    assert (a.from_, a.to) == ("0312345678", "201")
    assert a.customer_name == "山田 太郎"
    assert a.timeline.started_at == ts("2024-05-01T09:00:00Z")
    assert a.status == calllog.ContactStatus.ANSWERED
    assert a.attempt_result == calllog.AttemptResult.CALL_ACCEPTED
    assert a.extra["lastdata"] == "PJSIP/201,30,tT"
    assert log[1].timeline.talk_started_at is None
    assert log[3].attempt_result == calllog.AttemptResult.NUMBER_UNAVAILABLE
    out = tmp_path / "calls.csv"
    log.export_csv(out, columns=["id", "started_at", "talk", "status"], time_zone="Asia/Tokyo")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "1714554000.1,2024-05-01 18:00:00,180,Answered"
    assert lines[2] == "1714554600.3,2024-05-01 18:10:00,0,No answer"


def test_read_source_errors_name_the_line_and_the_field(tmp_path):
    bad = tmp_path / "Master.csv"
    good = MASTER.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(good + "\n" + good.replace('"ANSWERED"', '"MAYBE"') + "\n", encoding="utf-8")
    with pytest.raises(calllog.ParseError) as info:
        calllog.read_source(bad, "asterisk_csv")
    assert (info.value.row, info.value.column) == (2, "disposition")
    assert str(bad) in str(info.value)
    with pytest.raises(calllog.UnknownValueError):
        calllog.read_source(bad, "cisco_csv")
    with pytest.raises(OSError) as missing:
        calllog.read_source(tmp_path / "none.csv", "asterisk_csv")
    assert missing.value.filename == str(tmp_path / "none.csv")
    # UTC by default: 18:00 local stays 18:00
    log = calllog.read_source(MASTER, "asterisk_csv")
    assert log[0].timeline.started_at == dt.datetime(2024, 5, 1, 18, 0, tzinfo=dt.timezone.utc)


TWILIO = MASTER.parents[1] / "twilio" / "calls.json"


def test_twilio_call_resources_read_and_export(tmp_path):
    log = calllog.read_source(TWILIO, "twilio_json")
    assert len(log) == 5
    a = log[0]
    assert a.direction == calllog.Direction.INBOUND
    assert a.price == calllog.Money("-0.01950", "USD")
    assert log[2].extra["parent_call_sid"] == a.id
    assert log[4].attempt_result is None  # still in progress
    out = tmp_path / "t.csv"
    log.export_csv(out, columns=["id", "customer_name", "started_at", "reported_talk"], time_zone="Europe/Warsaw")
    assert out.read_text(encoding="utf-8").splitlines()[1] == f"CA{'1' * 32},Kowalski Jan,2024-05-01 12:00:00,185"
