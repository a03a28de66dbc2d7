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


FIXTURES = MASTER.parents[1]


def test_freeswitch_cdr_csv_reads_and_exports_cell_by_cell(tmp_path):
    log = calllog.read_source(FIXTURES / "freeswitch" / "Master.csv", "freeswitch_csv", time_zone="Europe/Moscow")
    assert len(log) == 6
    a, cancelled = log[0], log[1]
    assert a.customer_name == "Иван Петров"
    assert a.timeline.started_at == ts("2024-05-01T09:00:00Z")
    assert a.end_reason == "NORMAL_CLEARING"
    assert a.extra["bleg_uuid"].endswith("0000000000b1")
    assert cancelled.attempt_result == calllog.AttemptResult.REQUEST_CANCELLED
    assert log[4].disconnect_side == calllog.DisconnectSide.THIRD_PARTY
    out = tmp_path / "fs.csv"
    log.export_csv(out, columns=["id", "started_at", "talk", "status", "attempt_result"], time_zone="Europe/Moscow")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "3f1c2a9e-0c1d-4a51-9a0e-000000000001,2024-05-01 12:00:00,180,Answered,Call accepted"
    assert lines[2] == "3f1c2a9e-0c1d-4a51-9a0e-000000000002,2024-05-01 12:10:00,0,No answer,Request cancelled"


def test_freeswitch_json_cdr_decodes_variables_and_reads_the_queue(tmp_path):
    log = calllog.read_source(FIXTURES / "freeswitch" / "cdr.json", "freeswitch_json")
    q, abandoned, busy = log[0], log[1], log[2]
    assert q.customer_name == "Łukasz Żółć"
    assert (q.from_, q.to) == ("+48221234567", "+48587654321")
    assert q.queue == "support@default"
    assert [x.name for x in q.agents] == ["anna.nowak@default"]
    assert q.timeline.enqueued_at == ts("2024-05-01T10:00:08Z")
    assert q.disconnect_side == calllog.DisconnectSide.CUSTOMER
    assert q.extra["sip_from_display"] == "Łukasz Żółć"
    assert abandoned.attempt_result == calllog.AttemptResult.ABANDONED
    assert busy.status == calllog.ContactStatus.BUSY
    bad = tmp_path / "bad.json"
    bad.write_text('{"variables": {"uuid": "u", "start_epoch": "1", "hangup_cause": "WHO_KNOWS"}}\n', encoding="utf-8")
    with pytest.raises(calllog.ParseError) as info:
        calllog.read_source(bad, "freeswitch_json")
    assert (info.value.row, info.value.column) == (1, "hangup_cause")


def test_amazon_connect_contact_records_read_and_export(tmp_path):
    log = calllog.read_source(FIXTURES / "connect" / "ctr.jsonl", "connect_ctr")
    assert len(log) == 5
    a = log[0]
    assert a.queue == "サポート"
    assert a.agents[0].name == "yamada.hanako"
    assert a.hold_count == 2
    assert a.reported.hold == dt.timedelta(seconds=20)
    assert a.timeline.after_call_work_ended_at == ts("2024-05-01T00:06:00Z")
    assert a.extra["Attributes.顧客ランク"] == "ゴールド"
    assert a.recording is not None and a.recording.url == "my-bucket/connect/recordings/2024/05/01/000001.wav"
    assert log[1].attempt_result == calllog.AttemptResult.ABANDONED
    assert log[2].extra["PreviousContactId"] == a.id
    assert log[4].channel == calllog.Channel.CHAT
    out = tmp_path / "ctr.csv"
    log.export_csv(out, columns=["id", "queue", "agents", "started_at", "disconnect_side"], time_zone="Asia/Tokyo")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "11111111-aaaa-4bbb-8ccc-000000000001,サポート,yamada.hanako,2024-05-01 09:00:00,Customer"
    bad = tmp_path / "task.jsonl"
    bad.write_text('{"ContactId": "c1", "Channel": "VOICE"}\n{"ContactId": "c2", "Channel": "TASK"}\n', encoding="utf-8")
    with pytest.raises(calllog.ParseError) as info:
        calllog.read_source(bad, "connect_ctr")
    assert (info.value.row, info.value.column) == (2, "Channel")
