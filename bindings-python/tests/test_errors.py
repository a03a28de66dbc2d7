"""Every error path: the right exception class, with the attributes a caller acts on."""

from datetime import datetime, timedelta

import pytest

import calllog
from calllog import CallRecord

from conftest import ts


def test_hierarchy():
    assert issubclass(calllog.ValidationError, calllog.CalllogError)
    assert issubclass(calllog.ValidationError, ValueError)
    assert issubclass(calllog.UnknownValueError, ValueError)
    assert issubclass(calllog.FilterError, ValueError)
    assert issubclass(calllog.ExportOptionError, calllog.ExportError)
    assert issubclass(calllog.UnencodableError, calllog.ExportError)
    assert issubclass(calllog.CalllogIOError, OSError)
    assert issubclass(calllog.CalllogIOError, calllog.CalllogError)
    assert issubclass(calllog.CancelledError, calllog.CalllogError)


def test_validation_error_names_record_and_field():
    r = CallRecord(
        id="c-7",
        timeline={"started_at": ts("2024-05-01T10:00:00Z"), "talk_started_at": ts("2024-05-01T09:59:00Z")},
    )
    with pytest.raises(calllog.ValidationError) as info:
        r.validate()
    e = info.value
    assert (e.record_id, e.field) == ("c-7", "timeline.talk_started_at")
    assert "before" in e.reason and "c-7" in str(e)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"id": ""}, "id"),
        ({"id": "x", "manager_rating": 6}, "manager_rating"),
        ({"id": "x", "price": "1 usd"}, "price"),
        ({"id": "x", "agents": [{"name": ""}]}, "agents[0]"),
        ({"id": "x", "reported": {"talk": timedelta(seconds=-1)}}, "reported.talk"),
        ({"id": "x", "pre_survey": [{"index": 51, "question": "?"}]}, "pre_survey[0].index"),
    ],
)
def test_validate_failures(fields, field):
    with pytest.raises(calllog.ValidationError) as info:
        CallRecord(**fields).validate()
    assert info.value.field == field


def test_conversion_errors_name_the_field():
    with pytest.raises(calllog.ValidationError) as info:
        CallRecord(id="c-1", agents=[{"name": "a"}, {"name": "b", "id": "x"}], attempt_result="maybe")
    assert (info.value.record_id, info.value.field) == ("c-1", "attempt_result")
    assert "call_accepted" in str(info.value)  # lists the accepted values
    with pytest.raises(calllog.ValidationError) as info:
        CallRecord(id="c-1", manager_rating=300)
    assert info.value.field == "manager_rating"
    with pytest.raises(TypeError, match=r"agents\[1\]\.name.*expected str, got int"):
        CallRecord(id="c-1", agents=[{"name": "a"}, {"name": 5}])
    with pytest.raises(TypeError, match="timeline.started_at.*datetime.*got str"):
        CallRecord(id="c-1", timeline={"started_at": "2024-05-01"})
    with pytest.raises(TypeError, match="reported.talk.*timedelta"):
        CallRecord(id="c-1", reported={"talk": 12})
    with pytest.raises(TypeError, match="unexpected field 'colour'"):
        CallRecord(id="c-1", colour="red")
    with pytest.raises(TypeError, match="unexpected field 'when'"):
        CallRecord(id="c-1", timeline={"when": ts("2024-05-01T10:00:00Z")})
    with pytest.raises(TypeError, match="a list"):
        CallRecord(tags="vip")
    with pytest.raises(calllog.ValidationError):
        calllog.CallbackRecord(id="cb", registered_at=datetime(2024, 1, 1))


def test_unknown_values():
    with pytest.raises(calllog.UnknownValueError) as info:
        calllog.Rules.preset("genesys")
    assert info.value.vocabulary == "rules preset" and "voximplant" in info.value.accepted
    with pytest.raises(calllog.UnknownValueError):
        calllog.Rules(talk="forever")
    with pytest.raises(calllog.UnknownValueError):
        calllog.Channel.VOICE.label("de")
    with pytest.raises(calllog.UnknownValueError):
        calllog.Viewer().may_see("salary")
    with pytest.raises(calllog.UnknownValueError):
        calllog.Money("1,5", "PLN")
    with pytest.raises(TypeError):
        CallRecord(id="x").derive(rules=3)


def test_from_records_names_the_bad_record():
    good = {"id": "ok"}
    with pytest.raises(TypeError, match="record 1: expected CallRecord or dict, got int"):
        calllog.CallLog.from_records([good, 5])
    bad = {"id": "late", "timeline": {"started_at": ts("2024-05-01T10:00:00Z"), "closed_at": ts("2024-05-01T09:00:00Z")}}
    with pytest.raises(calllog.ValidationError) as info:
        calllog.CallLog.from_records([good, bad])
    assert (info.value.record_id, info.value.field) == ("late", "timeline.closed_at")
    assert len(calllog.CallLog.from_records([good, bad], validate=False)) == 2


def test_unknown_keys_name_the_record_and_the_path():
    ok = {"id": "a"}
    with pytest.raises(TypeError, match=r"input record 1: record \"x\", field `colour`: unexpected field 'colour'"):
        calllog.CallLog.from_records([ok, {"id": "x", "colour": "red"}])
    with pytest.raises(TypeError, match=r"input record 0: record \"y\", field `timeline.startd_at`"):
        calllog.CallLog.from_records([{"id": "y", "timeline": {"startd_at": None}}])
    with pytest.raises(TypeError, match=r"field `agents\[1\].nmae`"):
        calllog.CallLog.from_records([{"id": "z", "agents": [{"name": "a"}, {"nmae": "b"}]}])
    log = calllog.CallLog.from_records(
        [{"id": "x", "colour": "red", "customer_name": "B", "timeline": {"when": None}}],
        ignore_unknown=True,
    )
    assert log[0].customer_name == "B"
    with pytest.raises(TypeError, match="colour"):  # strict again afterwards
        calllog.CallLog.from_records([{"id": "x", "colour": "red"}])


def test_bad_record_errors_carry_the_input_index():
    with pytest.raises(calllog.ValidationError) as info:
        calllog.CallLog.from_records([{"id": "a"}, {"id": "b", "manager_rating": 300}])
    assert info.value.index == 1 and info.value.record_id == "b"


def test_nan_and_pandas_missing_values_read_as_missing():
    nan = float("nan")
    log = calllog.CallLog.from_records([{"id": "x", "customer_name": nan, "manager_rating": nan,
                                          "timeline": {"started_at": nan}}])
    r = log[0]
    assert r.customer_name is None and r.manager_rating is None and r.timeline.started_at is None
    with pytest.raises((TypeError, calllog.ValidationError)):
        calllog.CallLog.from_records([{"id": nan}])


def test_from_dict_is_strict_with_a_way_out():
    with pytest.raises(TypeError, match=r"field `timeline.when`"):
        calllog.CallRecord.from_dict({"id": "x", "timeline": {"when": None}})
    r = calllog.CallRecord.from_dict({"id": "x", "colour": "red", "customer_name": "A"}, ignore_unknown=True)
    assert r.customer_name == "A"
    with pytest.raises(TypeError, match="colour"):
        calllog.CallRecord.from_dict({"id": "x", "colour": "red"})
