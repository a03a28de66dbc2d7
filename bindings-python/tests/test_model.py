"""Records, vocabularies and money as Python values: construction, attributes, round trips."""

import copy
import pickle
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

import calllog
from calllog import CallRecord, Channel, Locale, Money

from conftest import ts

from zoneinfo import ZoneInfo

VOCABULARIES = [
    "Channel",
    "Direction",
    "InteractionType",
    "ContactStatus",
    "AttemptResult",
    "DisconnectSide",
    "CallMode",
    "CallType",
    "CallbackState",
    "JobState",
    "Outcome",
    "Role",
]


def full_record():
    return CallRecord(
        id="c-1",
        channel="video",
        direction=calllog.Direction.INBOUND,
        interaction_type="inbound_call",
        call_type="incoming",
        call_mode="voice",
        status="answered",
        customer_name="山田商店",
        from_="+81901234567",
        to="+81312345678",
        cc=["a@example.com"],
        agents=[calllog.Agent(id="a1", name="佐藤", groups=["Tokyo"]), {"name": "鈴木", "deleted": True}],
        queue="Sales",
        timeline={
            "started_at": ts("2024-05-01T10:00:00+09:00"),
            "talk_started_at": ts("2024-05-01T10:00:12.250+09:00"),
            "talk_ended_at": ts("2024-05-01T10:05:00+09:00"),
            "closed_at": ts("2024-05-01T10:06:30+09:00"),
        },
        reported={"hold": timedelta(seconds=3, milliseconds=500)},
        disconnect_side="customer",
        hold_count=1,
        attempt_result="call_accepted",
        attempts=2,
        tags=["vip"],
        notes=[{"author": "佐藤", "at": ts("2024-05-01T10:07:00+09:00"), "text": "折り返し"}],
        manager_rating=5,
        recording={"url": "https://rec.example/1.ogg", "duration": timedelta(seconds=288), "format": "ogg"},
        price=Money(Decimal("0.0125"), "USD"),
        co_browse=True,
        ring_history=[{"at": ts("2024-05-01T10:00:03+09:00"), "staff_name": "佐藤", "detail": "answered"}],
        pre_survey=[{"index": 1, "question": "ご用件は?", "answer": "請求"}],
        visit={"source": "google", "landing_page": "/pricing"},
        ivr_path=[{"node": "Menu", "choice": "1"}],
        extra={"sip_call_id": "abc"},
    )


def test_keyword_constructor_attributes_and_nested_classes():
    r = full_record()
    r.validate()
    assert r.id == "c-1" and r.channel is Channel.VIDEO and r.from_ == "+81901234567"
    assert isinstance(r.agents[0], calllog.Agent) and r.agents[1].deleted is True
    assert r.agent_names == "佐藤, 鈴木"
    assert isinstance(r.timeline, calllog.Timeline)
    assert r.timeline.started_at == datetime(2024, 5, 1, 1, 0, tzinfo=timezone.utc)
    assert r.timeline.started_at.tzinfo is not None
    assert r.timeline.talk_started_at.microsecond == 250_000
    assert r.reported.hold == timedelta(seconds=3.5)
    assert r.price.amount == Decimal("0.0125") and r.price.currency == "USD"
    assert isinstance(r.recording, calllog.Recording) and r.recording.duration == timedelta(seconds=288)
    assert r.visit.landing_page == "/pricing"
    assert r.pre_survey[0].answer == "請求"
    assert r.customer_address == "+81901234567"
    assert CallRecord().id == "" and CallRecord().channel is Channel.VOICE


def test_records_are_frozen_values():
    r = full_record()
    with pytest.raises(AttributeError):
        r.id = "other"  # type: ignore[misc]
    changed = r.replace(queue="Support", from_=None)
    assert (changed.queue, changed.from_, r.queue) == ("Support", None, "Sales")
    assert r != changed and r == full_record()


def test_dict_round_trip_is_lossless():
    r = full_record()
    d = r.to_dict()
    assert d["channel"] == "video" and d["channel"] is Channel.VIDEO
    assert d["timeline"]["started_at"] == ts("2024-05-01T10:00:00+09:00")
    assert d["price"] == {"amount": Decimal("0.0125"), "currency": "USD"}
    assert d["agents"][1] == {"id": None, "name": "鈴木", "number": None, "groups": [], "deleted": True}
    assert CallRecord.from_dict(d) == r
    assert CallRecord(**d) == r
    d["from"] = d.pop("from_")  # the core's own name is accepted too
    assert CallRecord.from_dict(d) == r


def test_pickle_and_copy():
    r = full_record()
    assert pickle.loads(pickle.dumps(r)) == r
    assert copy.deepcopy(r) == r
    assert pickle.loads(pickle.dumps(Money("1.5", "PLN"))) == Money("1.5", "PLN")
    assert pickle.loads(pickle.dumps(calllog.AttemptResult.VOICEMAIL)) is calllog.AttemptResult.VOICEMAIL


def test_repr_shows_the_fields_that_are_set():
    r = CallRecord(id="x", channel="chat", queue="VIP")
    assert repr(r) == "CallRecord(id='x', channel=Channel.CHAT, queue='VIP')"
    assert repr(Money("0.50", "RUB")) == "Money(Decimal('0.50'), 'RUB')"
    assert str(Money("0.50", "RUB")) == "0.50 RUB"


def test_timestamps_in_any_timezone_become_utc():
    tokyo = datetime(2024, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=9)))
    r = CallRecord(id="x", timeline={"started_at": tokyo})
    assert r.timeline.started_at == tokyo
    assert r.timeline.started_at.utcoffset() == timedelta(0)
    warsaw = datetime(2024, 3, 31, 3, 30, tzinfo=ZoneInfo("Europe/Warsaw"))  # just after DST starts
    r = CallRecord(id="x", timeline={"started_at": warsaw})
    assert r.timeline.started_at == datetime(2024, 3, 31, 1, 30, tzinfo=timezone.utc)


def test_naive_datetime_is_a_validation_error_naming_the_field():
    with pytest.raises(calllog.ValidationError) as info:
        CallRecord(id="c-9", timeline={"talk_ended_at": datetime(2024, 5, 1, 10, 0)})
    e = info.value
    assert (e.record_id, e.field) == ("c-9", "timeline.talk_ended_at")
    assert "naive" in str(e) and isinstance(e, ValueError)


@pytest.mark.parametrize("name", VOCABULARIES)
def test_every_vocabulary_round_trips_through_machine_names_and_labels(name):
    cls = getattr(calllog, name)
    assert issubclass(cls, calllog._vocab._Vocabulary)
    assert [m.value for m in cls] == calllog._calllog._vocabulary_members(name)
    for member in cls:
        assert cls(member.value) is member
        assert member == member.value and str(member) == member.value and f"{member}" == member.value
        assert member.name == member.value.upper()
        for locale in Locale:
            label = member.label(locale)
            assert label
            # a label read back (e.g. from a localized export) finds the member again,
            # unless two members share the label in that locale
            if sum(1 for m in cls if m.label(locale) == label) == 1:
                assert cls(label) is member


def test_enum_fields_accept_members_machine_names_labels_and_aliases():
    assert CallRecord(channel=Channel.SMS).channel is Channel.SMS
    assert CallRecord(channel="sms").channel is Channel.SMS
    assert CallRecord(direction="Входящий").direction is calllog.Direction.INBOUND
    assert CallRecord(channel="e-mail").channel is Channel.EMAIL
    assert CallRecord(status="NO ANSWER").status is calllog.ContactStatus.NO_ANSWER
    assert Locale("ja-JP") is Locale.JA
    with pytest.raises(ValueError):
        Channel("fax")


def test_money_is_exact():
    m = Money("0.0125", "USD")
    assert (m.units, m.scale, m.amount) == (125, 4, Decimal("0.0125"))
    assert Money(Decimal("1E+2"), "JPY").amount == Decimal("100")
    assert Money(7, "PLN").amount == Decimal(7)
    assert Money.parse("12.50 RUB") == Money("12.50", "RUB")
    assert CallRecord(price="12.50 RUB").price == Money("12.50", "RUB")
    with pytest.raises(TypeError, match="float"):
        Money(0.1, "USD")  # type: ignore[arg-type]
    assert hash(Money("1.0", "USD")) == hash(Money("1.0", "USD"))


def test_derive_all_fields_and_rules_values():
    r = full_record()
    d = r.derive()
    assert d.talk == r.talk_time and d.wait == r.wait_time and d.outcome is r.outcome
    assert d.to_dict()["wait"] == timedelta(seconds=12.25)
    assert set(calllog.Rules.preset_names()) >= {"canonical", "voximplant", "focus_contact_center"}
    assert calllog.Rules() == calllog.Rules.preset("canonical")
    rules = calllog.Rules(wait="queue_entry_to_answer", total="start_to_close")
    assert (rules.wait, rules.talk, rules.total) == ("queue_entry_to_answer", "answer_to_end", "start_to_close")
    assert "Rules(" in repr(rules)


def test_viewer_defaults_to_owner():
    v = calllog.Viewer()
    assert v.role is calllog.Role.OWNER and v.sees_everything
    assert v.may_see("price")
    s = calllog.Viewer.supervisor("Olga", ["Sales"])
    assert s.role is calllog.Role.SUPERVISOR and s.groups == ["Sales"] and not s.may_see("scenario_link")


def test_callbacks_round_trip():
    cb = calllog.CallbackRecord(
        id="CB1",
        registered_at=ts("2024-07-16T17:59:14+09:00"),
        assignee="佐藤",
        state="完了",
        recording={"processing": True},
    )
    assert cb.state is calllog.CallbackState.DONE
    assert calllog.CallbackRecord.from_dict(cb.to_dict()) == cb


def test_call_log_sequence_protocol():
    log = calllog.CallLog.sample(10, seed=7)
    assert len(log) == 10
    assert log[-1] == log[9] and isinstance(log[0], CallRecord)
    assert [r.id for r in log[2:5]] == [r.id for r in list(log)[2:5]]
    assert len(log[::2]) == 5
    assert log == calllog.CallLog.sample(10, seed=7)
    assert log != calllog.CallLog.sample(10, seed=8)
    with pytest.raises(IndexError):
        log[10]
    assert calllog.CallLog(log.to_dicts()) == log
    assert calllog.CallLog.from_records(iter(log.to_records())) == log
    assert len(calllog.CallLog()) == 0
