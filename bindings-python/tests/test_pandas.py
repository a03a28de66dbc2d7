"""CallLog <-> pandas: dtypes, derived columns, round trip, and bad frames."""

from datetime import timedelta

import pytest

pd = pytest.importorskip("pandas")

import calllog  # noqa: E402
from calllog import CallLog  # noqa: E402


def test_to_pandas_dtypes_and_derived_columns():
    log = CallLog.sample(200, seed=3)
    df = log.to_pandas()
    assert len(df) == 200
    # the core's Arrow schema with pandas' defaults for Arrow data
    assert str(df["started_at"].dtype) == "datetime64[us, UTC]"
    assert str(df["reported_talk"].dtype) == "timedelta64[us]"
    assert isinstance(df["channel"].dtype, pd.CategoricalDtype)
    assert list(df["channel"].cat.categories) == [c.value for c in calllog.Channel]
    assert str(df["attempts"].dtype) == "UInt32"
    assert df["co_browse"].dtype == bool
    if pd.__version__ >= "3":
        assert str(df["id"].dtype) == "str"
    assert calllog.DERIVED_COLUMNS == ["wait", "dial", "talk", "agent_talk", "ivr_time", "hold",
                                       "after_call_work", "total", "handle", "outcome", "success"]
    for name in calllog.DERIVED_COLUMNS:
        assert name in df.columns
    for i in (0, 57, 199):
        r = log[i]
        row = df.iloc[i]
        assert row["id"] == r.id
        expected = r.wait_time
        assert (pd.isna(row["wait"]) and expected is None) or row["wait"] == expected
        assert row["outcome"] == r.outcome.value
        assert row["success"] == r.is_success
        started = r.timeline.started_at
        assert (pd.isna(row["started_at"]) and started is None) or row["started_at"] == started
        assert list(row["tags"]) == r.tags
        assert [a["name"] for a in row["agents"]] == [a.name for a in r.agents]
        if r.price is not None:
            assert row["price"] == r.price.amount and row["price_currency"] == r.price.currency


def test_to_pandas_under_other_rules_and_without_derived():
    log = CallLog.sample(50, seed=4)
    vox = log.to_pandas(rules="voximplant")
    canonical = log.to_pandas()
    for i, r in enumerate(log):
        for df, rules in ((vox, "voximplant"), (canonical, None)):
            talk = r.derive(rules=rules).talk
            cell = df["talk"].iloc[i]
            assert (talk is None and pd.isna(cell)) or cell == talk
    assert not vox["talk"].equals(canonical["talk"]), "sample has incoming calls"
    plain = log.to_pandas(derived=False)
    assert "wait" not in plain.columns


def test_pandas_round_trip_is_lossless():
    log = CallLog.sample(300, seed=5)
    back = CallLog.from_pandas(log.to_pandas())
    assert back == log


def test_from_pandas_of_a_hand_made_frame():
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "channel": pd.Categorical(["voice", "video", "chat"]),
            "timeline.started_at": pd.to_datetime(
                ["2024-05-01 10:00:00", "2024-05-01 11:00:00", None]
            ).tz_localize("Asia/Tokyo"),
            "timeline.talk_started_at": pd.to_datetime(
                ["2024-05-01 10:00:42", None, None]
            ).tz_localize("Asia/Tokyo"),
            "reported.hold": pd.to_timedelta([5, None, 1], unit="s"),
            "attempts": [1, None, 3],  # float column with NaN
            "tags": [["vip"], [], ["a", "b"]],
            "price": ["1.25 RUB", None, calllog.Money("3", "PLN")],
        }
    )
    log = CallLog.from_pandas(df)
    a, b, c = log
    assert a.channel is calllog.Channel.VOICE and c.channel is calllog.Channel.CHAT
    assert a.wait_time == timedelta(seconds=42)
    assert a.timeline.started_at == pd.Timestamp("2024-05-01 01:00:00", tz="UTC")
    assert b.timeline.talk_started_at is None and c.timeline.started_at is None
    assert (a.reported.hold, b.reported.hold) == (timedelta(seconds=5), None)
    assert (a.attempts, b.attempts, c.attempts) == (1, None, 3)
    assert c.tags == ["a", "b"]
    assert a.price == calllog.Money("1.25", "RUB") and b.price is None


def test_from_pandas_errors():
    naive = pd.DataFrame({"id": ["a"], "timeline.started_at": pd.to_datetime(["2024-05-01 10:00"])})
    with pytest.raises(calllog.ValidationError) as info:
        CallLog.from_pandas(naive)
    assert info.value.field == "timeline.started_at"
    with pytest.raises(calllog.ArrowDataError, match="unknown column") as arrow_info:
        CallLog.from_pandas(pd.DataFrame({"id": ["a"], "colour": ["red"]}))
    assert arrow_info.value.column == "colour"
    assert len(CallLog.from_pandas(pd.DataFrame({"id": ["a"], "colour": ["red"]}), ignore_unknown=True)) == 1
    with pytest.raises(calllog.ValidationError) as info:
        CallLog.from_pandas(pd.DataFrame({"id": ["a", "b"], "manager_rating": [5, 9]}))
    assert (info.value.record_id, info.value.field) == ("b", "manager_rating")
    with pytest.raises(TypeError, match="record \"b\", field `queue`"):
        CallLog.from_pandas(pd.DataFrame({"id": ["a", "b"], "queue": ["x", 5]}))
    with pytest.raises(calllog.ArrowDataError, match="expected text") as arrow_info:
        CallLog.from_pandas(pd.DataFrame({"id": ["a"], "queue": pd.to_datetime(["2024-05-01"]).tz_localize("UTC")}))
    assert arrow_info.value.column == "queue"
    with pytest.raises(TypeError, match="DataFrame"):
        CallLog.from_pandas({"id": ["a"]})
