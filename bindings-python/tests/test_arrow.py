"""The Arrow boundary: records cross as Arrow batches through the PyCapsule interface, to and
from pyarrow, polars, pandas (through pyarrow) and DuckDB, and exports stream an Arrow source
batch by batch."""

import csv
import subprocess
import sys
from decimal import Decimal

import duckdb  # type: ignore
import openpyxl  # type: ignore
import pandas as pd  # type: ignore
import polars as pl  # type: ignore
import pyarrow as pa  # type: ignore
import pyarrow.parquet as pq  # type: ignore
import pytest

import calllog
from calllog import CallLog


@pytest.fixture(scope="module")
def log():
    return CallLog.sample(5_000, seed=21)


def test_to_arrow_is_a_pyarrow_table_in_the_core_schema(log):
    t = log.to_arrow()
    assert isinstance(t, pa.Table) and t.num_rows == 5_000
    assert t.schema.field("id").type == pa.string() and not t.schema.field("id").nullable
    assert t.schema.field("channel").type == pa.dictionary(pa.int32(), pa.string())
    assert t.schema.field("started_at").type == pa.timestamp("us", tz="UTC")
    assert t.schema.field("reported_talk").type == pa.duration("us")
    assert pa.types.is_decimal(t.schema.field("price").type)
    assert pa.types.is_list(t.schema.field("agents").type)
    assert pa.types.is_map(t.schema.field("extra").type)
    for name in calllog.DERIVED_COLUMNS:
        assert name in t.schema.names
    assert "talk" not in log.to_arrow(derived=False).schema.names
    # the batches are of a fixed size, as Arrow consumers like
    assert {b.num_rows for b in t.to_batches()[:-1]} <= {65_536}


def test_from_arrow_of_tables_batches_and_readers(log):
    t = log.to_arrow()
    assert CallLog.from_arrow(t) == log
    assert CallLog.from_arrow(t.to_batches()[0]) == log
    reader = pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=700))
    assert CallLog.from_arrow(reader) == log
    # columns in another order, some missing, derived ones present: read by name
    some = t.select(["talk", "customer_name", "id", "channel"])
    back = CallLog.from_arrow(some)
    assert [(r.id, r.channel, r.customer_name) for r in back] == [
        (r.id, r.channel, r.customer_name) for r in log
    ]


def test_money_stays_exact():
    rec = calllog.CallRecord(id="P-1", price=calllog.Money("1.50", "EUR"))
    usd = calllog.CallRecord(id="P-2", price=calllog.Money("0.0125", "USD"))
    t = CallLog([rec, usd]).to_arrow()
    assert t.column("price").to_pylist() == [Decimal("1.5000"), Decimal("0.0125")]
    back = CallLog.from_arrow(t)
    assert str(back[0].price.amount) == "1.50" and back[1].price.amount == Decimal("0.0125")


def test_polars_both_ways(log):
    df = log.to_polars()
    assert isinstance(df, pl.DataFrame) and df.height == 5_000
    assert df.schema["started_at"] == pl.Datetime("us", "UTC")
    assert CallLog.from_polars(df) == log
    assert CallLog.from_polars(df.lazy().filter(pl.col("channel") == "voice")) == log.filter(
        channels=["voice"]
    )
    # polars' own types: string views, categoricals, i64 counts
    own = pl.DataFrame(
        {
            "id": ["a", "b"],
            "channel": pl.Series(["voice", "chat"], dtype=pl.Categorical),
            "hold_count": [2, None],
            "customer_name": ["Łukasz", "山田"],
        }
    )
    back = CallLog.from_polars(own)
    assert [(r.id, r.channel, r.hold_count, r.customer_name) for r in back] == [
        ("a", calllog.Channel.VOICE, 2, "Łukasz"),
        ("b", calllog.Channel.CHAT, None, "山田"),
    ]
    with pytest.raises(TypeError, match="polars DataFrame"):
        CallLog.from_polars(log.to_pandas())


def test_pandas_frames_of_pandas_3_and_parquet_go_through_arrow(log, tmp_path):
    df = log.to_pandas()
    assert CallLog.from_pandas(df) == log
    # a Parquet file read back by pandas: pyarrow-backed columns
    pq.write_table(log.to_arrow(), tmp_path / "calls.parquet")
    assert CallLog.from_pandas(pd.read_parquet(tmp_path / "calls.parquet")) == log
    assert CallLog.from_pandas(pd.read_parquet(tmp_path / "calls.parquet", dtype_backend="pyarrow")) == log
    # and Parquet straight into a log, as Arrow
    assert CallLog.from_arrow(pq.read_table(tmp_path / "calls.parquet")) == log


def test_bad_data_names_the_row_the_record_and_the_column(log):
    t = log.to_arrow(derived=False)
    channels = t.column("channel").to_pylist()
    channels[4_321] = "pigeon"
    bad = t.set_column(t.schema.get_field_index("channel"), "channel", pa.array(channels))
    reader = pa.RecordBatchReader.from_batches(bad.schema, bad.to_batches(max_chunksize=1_000))
    with pytest.raises(calllog.ArrowDataError) as info:
        CallLog.from_arrow(reader)
    e = info.value
    assert (e.row, e.record_id, e.column) == (4_321, log[4_321].id, "channel")
    assert "pigeon" in e.reason and isinstance(e, ValueError)
    with pytest.raises(calllog.ArrowDataError) as info:
        CallLog.from_arrow(pa.table({"id": ["a"], "started_at": pa.array([0], pa.timestamp("us"))}))
    assert info.value.column == "started_at" and "time zone" in info.value.reason
    with pytest.raises(calllog.ArrowDataError, match="unknown column") as info:
        CallLog.from_arrow(pa.table({"id": ["a"], "colour": ["red"]}))
    assert info.value.column == "colour" and info.value.row is None
    assert len(CallLog.from_arrow(pa.table({"id": ["a"], "colour": ["red"]}), ignore_unknown=True)) == 1
    # validation runs unless turned off
    t2 = pa.table(
        {
            "id": ["v"],
            "talk_started_at": pa.array([10_000_000], pa.timestamp("us", "UTC")),
            "talk_ended_at": pa.array([0], pa.timestamp("us", "UTC")),
        }
    )
    with pytest.raises(calllog.ValidationError):
        CallLog.from_arrow(t2)
    assert len(CallLog.from_arrow(t2, validate=False)) == 1
    with pytest.raises(TypeError, match="__arrow_c_stream__"):
        CallLog.from_arrow([{"id": "a"}])


def test_exports_of_an_arrow_stream_equal_exports_of_the_log(log, tmp_path):
    t = log.to_arrow()
    for kw in ({"preset": "call_history", "locale": "ru", "time_zone": "Europe/Moscow"}, {"preset": "full"}):
        a = calllog.export_csv(t, tmp_path / "a.csv", **kw)
        b = log.export_csv(tmp_path / "b.csv", **kw)
        assert a.rows == b.rows == 5_000
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    small = t.slice(0, 800)
    calllog.export_xlsx(small, tmp_path / "a.xlsx", preset="call_history", locale="ru")
    log[:800].export_xlsx(tmp_path / "b.xlsx", preset="call_history", locale="ru")
    sheets = [
        [list(r) for r in openpyxl.load_workbook(tmp_path / f).active.iter_rows(values_only=True)]
        for f in ("a.xlsx", "b.xlsx")
    ]
    assert sheets[0] == sheets[1] and len(sheets[0]) == 801
    # a polars frame and a pandas frame export directly too
    assert calllog.export_csv(log.to_polars(), tmp_path / "p.csv", preset="full").rows == 5_000
    assert calllog.export_csv(log.to_pandas(), tmp_path / "d.csv", preset="full").rows == 5_000
    assert (tmp_path / "p.csv").read_bytes() == (tmp_path / "d.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_a_duckdb_query_streams_into_the_seed_002_xlsx(log, tmp_path):
    pq.write_table(log.to_arrow(derived=False), tmp_path / "calls.parquet")
    # Parquet has no duration type: its duration columns read back as int64 microseconds,
    # which DuckDB's to_microseconds() turns back into intervals
    durations = ", ".join(f"to_microseconds({c}) as {c}" for c in log.to_arrow().schema.names
                          if c.startswith("reported_"))
    durations += (", case when recording is null then null else struct_pack(url := recording.url, "
                  "duration := to_microseconds(recording.duration), processing := recording.processing, "
                  "format := recording.format) end as recording")
    sql = (f"select * replace ({durations}) from '{tmp_path / 'calls.parquet'}' "
           "where channel = 'voice' order by id")
    s = calllog.export_xlsx(duckdb.sql(sql), tmp_path / "voice.xlsx", preset="call_history", locale="ru")
    expected = log.filter(channels=["voice"])
    assert s.rows == len(expected) > 0
    expected.export_xlsx(tmp_path / "ref.xlsx", preset="call_history", locale="ru")
    rows = [list(r) for r in openpyxl.load_workbook(tmp_path / "voice.xlsx").active.iter_rows(values_only=True)]
    ref = [list(r) for r in openpyxl.load_workbook(tmp_path / "ref.xlsx").active.iter_rows(values_only=True)]
    assert rows == ref
    # DuckDB over an Arrow table: its INTERVALs and plain-text vocabularies read back exactly
    calls = log.to_arrow()  # noqa: F841 (DuckDB finds it by name)
    assert CallLog.from_arrow(duckdb.sql("select * from calls")) == log
    # and the whole Parquet round trip, with the durations turned back
    everything = f"select * replace ({durations}) from '{tmp_path / 'calls.parquet'}' order by id"
    assert CallLog.from_arrow(duckdb.sql(everything)) == log
    # without the conversion, the error says what to do
    with pytest.raises(calllog.ArrowDataError, match="to_microseconds"):
        CallLog.from_arrow(duckdb.sql(f"select * from '{tmp_path / 'calls.parquet'}'"))


def batches_of(table, size, pulled, fail_at=None):
    """A lazy reader over `table` that records how many batches were pulled."""

    def gen():
        for k, b in enumerate(table.to_batches(max_chunksize=size)):
            if fail_at is not None and k == fail_at:
                raise RuntimeError("the database went away")
            pulled.append(k)
            yield b

    return pa.RecordBatchReader.from_batches(table.schema, gen())


def test_an_export_pulls_the_stream_batch_by_batch(log, tmp_path):
    t = log.to_arrow(derived=False)
    pulled = []
    seen = []

    def progress(p):
        seen.append((p.rows, len(pulled)))

    s = calllog.export_csv(batches_of(t, 500, pulled), tmp_path / "s.csv", progress=progress)
    assert s.rows == 5_000 and len(pulled) == 10
    # while rows were being written, not every batch had been pulled yet
    assert any(n < 10 for rows, n in seen if 0 < rows < 5_000), seen
    with open(tmp_path / "s.csv", newline="", encoding="utf-8-sig") as f:
        assert len(list(csv.reader(f))) == 5_001


def test_a_source_that_fails_midway_leaves_no_file_and_keeps_the_old_one(log, tmp_path):
    t = log.to_arrow(derived=False)
    target = tmp_path / "calls.csv"
    target.write_text("yesterday's export")
    with pytest.raises(calllog.ArrowDataError, match="the database went away"):
        calllog.export_csv(batches_of(t, 500, [], fail_at=4), target)
    assert target.read_text() == "yesterday's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.csv"]


def test_a_background_export_of_an_arrow_stream(log, tmp_path):
    job = calllog.export_csv(log.to_arrow(), tmp_path / "job.csv", background=True)
    assert job.wait(60) and job.state == calllog.JobState.DONE
    assert job.result().rows == 5_000


def test_without_pyarrow_polars_and_the_stream_still_work(tmp_path):
    code = """
import sys
sys.modules["pyarrow"] = None  # as if pyarrow were not installed
import polars as pl
import calllog
log = calllog.CallLog.sample(300, seed=2)
t = log.to_arrow()
assert type(t).__name__ != "Table" or type(t).__module__ != "pyarrow.lib"
assert hasattr(t, "__arrow_c_stream__")
df = pl.DataFrame(t)
assert df.height == 300
assert calllog.CallLog.from_polars(df) == log
assert calllog.CallLog.from_arrow(t) == log
try:
    log.to_pandas()
except ImportError as e:
    assert "pyarrow" in str(e)
else:
    raise AssertionError("to_pandas without pyarrow")
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def hand_made():
    """Seed-like records in Japanese, Russian and Polish with the values that are easy to
    lose: empty vs missing text, zero vs missing durations, 50 + 50 survey answers, an IVR
    path, ring history, notes, a recording, a visit, extra data and exact prices."""
    from datetime import datetime, timedelta, timezone

    jst, msk, cet = (timezone(timedelta(hours=h)) for h in (9, 3, 2))
    ja = calllog.CallRecord(
        id="A-0001",
        channel="video",
        customer_name="山田商店",
        agents=[{"name": "佐藤", "groups": ["東京"]}, {"name": "鈴木", "groups": ["東京"], "deleted": True}],
        timeline={
            "started_at": datetime(2024, 5, 1, 10, 0, 0, tzinfo=jst),
            "offered_at": datetime(2024, 5, 1, 10, 0, 3, tzinfo=jst),
            "talk_started_at": datetime(2024, 5, 1, 10, 0, 15, 250_000, tzinfo=jst),
            "talk_ended_at": datetime(2024, 5, 1, 10, 4, 0, tzinfo=jst),
        },
        ring_history=[{"at": datetime(2024, 5, 1, 10, 0, 3, tzinfo=jst), "staff_name": "田中", "detail": "不在"}],
        pre_survey=[{"index": i, "question": f"事前の質問{i}", "answer": None if i % 7 == 0 else f"回答{i}"}
                    for i in range(1, 51)],
        post_survey=[{"index": i, "question": f"事後の質問{i}", "answer": ""} for i in range(1, 51)],
        recording={"processing": True},
        co_browse=True,
        staff_memo="",
        extra={"ブランド": "本店"},
    )
    ru = calllog.CallRecord(
        id="V-3",
        customer_name=None,
        agents=[calllog.Agent(name="Иван", groups=["Продажи"])],
        price=calllog.Money("1.50", "EUR"),
        reported={"wait": timedelta(0), "talk": timedelta(seconds=95)},
        notes=[{"author": "Мария", "at": datetime(2024, 5, 2, 9, 0, tzinfo=msk), "text": "перезвонить"}],
        tags=["", "важно"],
        end_reason="Абонент положил трубку",
    )
    pl_ = calllog.CallRecord(
        id="F-1",
        interaction_type=calllog.InteractionType.INBOUND_CAMPAIGN_CALL,
        status=calllog.ContactStatus.ANSWERED,
        customer_name="Łukasz Wiśniewski",
        price=calllog.Money("0.0125", "USD"),
        ivr_path=[
            {"node": "Powitanie", "entered_at": datetime(2024, 5, 1, 8, 0, tzinfo=cet)},
            {"node": "Menu", "entered_at": datetime(2024, 5, 1, 8, 0, 20, tzinfo=cet),
             "left_at": datetime(2024, 5, 1, 8, 0, 45, tzinfo=cet), "choice": "1", "detail": "Sprzedaż"},
        ],
        visit={"source": "google", "medium": "cpc", "landing_page": "https://example.pl/zażółć"},
        timeline={"started_at": datetime(2024, 5, 1, 8, 0, tzinfo=cet),
                  "talk_started_at": datetime(2024, 5, 1, 8, 1, tzinfo=cet),
                  "talk_ended_at": datetime(2024, 5, 1, 8, 6, tzinfo=cet)},
    )
    return CallLog([ja, ru, pl_])


def test_hand_made_seed_records_round_trip_through_pyarrow_polars_and_pandas():
    log = hand_made()
    for back in (
        CallLog.from_arrow(log.to_arrow()),
        CallLog.from_arrow(log.to_arrow(derived=False).to_batches()[0]),
        CallLog.from_polars(log.to_polars()),
        CallLog.from_pandas(log.to_pandas()),
    ):
        assert back == log
        ja, ru, pl_ = back
        assert ja.staff_memo == "" and ru.customer_name is None
        assert ru.reported.wait == __import__("datetime").timedelta(0) and ru.reported.dial is None
        assert ru.tags == ["", "важно"]
        assert len(ja.pre_survey) == len(ja.post_survey) == 50 and ja.pre_survey[6].answer is None
        assert str(ru.price.amount) == "1.50" and str(pl_.price.amount) == "0.0125"
        assert [s.node for s in pl_.ivr_path] == ["Powitanie", "Menu"]
    t = log.to_arrow()
    assert t.column("customer_name").to_pylist() == ["山田商店", None, "Łukasz Wiśniewski"]
    assert t.column("staff_memo").to_pylist() == ["", None, None]


def test_exports_of_arrow_streams_refuse_unknown_columns_unless_told(tmp_path):
    table = pa.table({"id": ["a", "b"], "colour": ["red", "blue"]})
    with pytest.raises(calllog.ArrowDataError, match="colour"):
        calllog.export_csv(table, tmp_path / "x.csv", columns=["id"])
    assert not (tmp_path / "x.csv").exists()
    s = calllog.export_csv(table, tmp_path / "x.csv", columns=["id"], ignore_unknown=True)
    assert s.records == 2
    rows = [{"id": "a", "colour": "red"}]
    with pytest.raises(TypeError, match="colour"):
        calllog.export_csv(rows, tmp_path / "d.csv", columns=["id"])
    assert calllog.export_csv(rows, tmp_path / "d.csv", columns=["id"], ignore_unknown=True).records == 1
