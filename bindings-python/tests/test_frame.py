"""CallLog.from_pandas's buffer path for the dotted layout of calllog 0.1
(``timeline.started_at``, ``reported.talk``, numpy and ``string[python]`` columns): a frame
whose columns all have a buffer form is kept as Rust columns, checked on all cores, and
streamed on export. These tests hold it to the same results as the per-cell path (which stays
the reference) and to the same first error. Frames in the Arrow layout of ``to_pandas()`` go
through Arrow instead (tests/test_arrow.py)."""

import csv
from datetime import datetime, timedelta, timezone

import numpy as np
import openpyxl  # type: ignore
import pandas as pd  # type: ignore
import pytest

import calllog
from calllog import CallLog

# more rows than one segment (65,536) and than two threads' minimum, so that segments,
# threads, blocks and stream chunks all have boundaries inside the frame
BIG = 70_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


TIMELINE = ["started_at", "dial_started_at", "enqueued_at", "dequeued_at", "offered_at",
            "answered_or_cancelled_at", "talk_started_at", "talk_ended_at",
            "after_call_work_started_at", "after_call_work_ended_at", "closed_at"]
REPORTED = ["wait", "dial", "talk", "agent_talk", "ivr", "hold", "after_call_work", "total"]


def legacy(df):
    """A frame of ``to_pandas()`` in the dotted layout, with numpy and ``string[python]``
    columns, as calllog 0.1's ``to_pandas`` gave it."""
    out = df.rename(columns={**{t: f"timeline.{t}" for t in TIMELINE},
                             **{f"reported_{r}": f"reported.{r}" for r in REPORTED}})
    for c in out.columns:
        kind = str(out[c].dtype)
        if kind == "str":
            out[c] = out[c].astype("string[python]")
        elif kind.startswith("datetime64"):
            out[c] = out[c].astype("datetime64[ns, UTC]")
        elif kind.startswith("timedelta64"):
            out[c] = out[c].astype("timedelta64[ns]")
        elif kind in ("UInt8", "UInt32"):
            out[c] = out[c].astype("Int64")
    return out


def flat_frame(n, seed=11):
    """The sample in the dotted layout, without the list/dict columns (which need the per-cell
    path) and the price (a Decimal object column, and its currency and scale with it)."""
    full = CallLog.sample(n, seed=seed).to_pandas(derived=False)
    keep = [c for c in full.columns
            if full[c].dtype != object and not isinstance(full[c].dtype, pd.ArrowDtype)
            and not c.startswith("price")]
    return legacy(full[keep].copy())


def cell_path(df):
    """The same frame forced through the per-cell conversion: object columns of pandas
    scalars (datetimes become Timestamp objects, which only the per-cell path reads)."""
    out = df.astype(object)
    assert not CallLog.from_pandas(out)._holds_columns()
    return out


@pytest.fixture(scope="module")
def big():
    return flat_frame(BIG)


def test_a_flat_frame_takes_the_buffer_path_and_gives_the_same_records(big):
    log = CallLog.from_pandas(big)
    assert log._holds_columns() and len(log) == BIG
    # single records and slices come straight from the columns
    assert log[BIG - 1].id == big["id"].iloc[-1]
    assert log[65_535:65_538][1].id == big["id"].iloc[65_536]
    first = [r.id for _, r in zip(range(3), log)]
    assert log._holds_columns(), "indexing and iterating build only what they return"
    reference = CallLog.from_pandas(cell_path(big.head(3000)))
    assert log[:3000] == reference
    assert first == list(big["id"].head(3))
    # the lossless round trip, on every row
    again = CallLog.from_pandas(log.to_pandas())
    assert not log._holds_columns(), "to_pandas needs every record: they are built once"
    assert again == log and len(again) == BIG


def test_streamed_exports_equal_exports_of_built_records(big, tmp_path):
    log = CallLog.from_pandas(big)
    built = CallLog.from_pandas(big)
    built.validate()
    built.to_records()  # builds the records
    assert log._holds_columns() and not built._holds_columns()
    for kw in ({"preset": "call_history", "locale": "ja", "time_zone": "Asia/Tokyo"},
               {"preset": "full"}):
        a = log.export_csv(tmp_path / "a.csv", **kw)
        b = built.export_csv(tmp_path / "b.csv", **kw)
        assert a.rows == b.rows == BIG
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert log._holds_columns(), "exports stream from the columns"
    small = CallLog.from_pandas(big.head(2500))
    small.export_xlsx(tmp_path / "a.xlsx", preset="call_history")
    small[:].export_xlsx(tmp_path / "b.xlsx", preset="call_history")
    sheets = [[list(r) for r in openpyxl.load_workbook(tmp_path / f).active.iter_rows(values_only=True)]
              for f in ("a.xlsx", "b.xlsx")]
    assert sheets[0] == sheets[1] and len(sheets[0]) == 2501


def test_queries_on_a_log_that_holds_columns(big):
    log = CallLog.from_pandas(big)
    ref = CallLog.from_pandas(big)
    ref.to_records()
    assert log.metrics(by="channel").to_pandas().equals(ref.metrics(by="channel").to_pandas())
    assert len(log.filter(channels=["voice"])) == len(ref.filter(channels=["voice"])) > 0


def bad_frame(df, cells):
    """A copy of `df` with `{(row, column): value}` set (object columns where needed)."""
    out = df.copy()
    for (row, col), value in cells.items():
        if isinstance(out[col].dtype, pd.CategoricalDtype) and value not in out[col].cat.categories:
            out[col] = out[col].cat.add_categories([value])
        out.loc[row, col] = value
    return out


@pytest.mark.parametrize(
    "cells, row, field, kind",
    [
        # a bad vocabulary value far into the frame (another thread, another segment)
        ({(66_000, "status"): "teleported"}, 66_000, "status", calllog.ValidationError),
        # validation (talk ended before it started) in an earlier row than a bad value
        ({(40_000, "channel"): "pigeon", (39_999, "timeline.talk_ended_at"): pd.Timestamp("2000-01-01", tz="UTC")},
         39_999, "timeline.talk_ended_at", calllog.ValidationError),
        # in one block: the earlier row's later column comes first
        ({(300, "channel"): "pigeon", (299, "call_type"): "sideways"}, 299, "call_type", calllog.ValidationError),
        # out of range for the field's integer type
        ({(12, "manager_rating"): 300}, 12, "manager_rating", calllog.ValidationError),
        # a required field missing
        ({(7, "id"): None}, 7, "id", calllog.ValidationError),
        # fields whose conversion cannot fail but that validate() reads (the check converts
        # them; it leaves out only those it does not read)
        ({(50_000, "reported.hold"): pd.Timedelta(seconds=-3)}, 50_000, "reported.hold", calllog.ValidationError),
        ({(20_000, "timeline.closed_at"): pd.Timestamp("2100-01-01", tz="UTC")}, 20_000, "timeline.closed_at",
         calllog.ValidationError),
        ({(3, "id"): "   "}, 3, "id", calllog.ValidationError),
    ],
)
def test_the_first_bad_row_is_named_as_the_cell_path_names_it(big, cells, row, field, kind):
    df = bad_frame(big, cells)
    with pytest.raises(kind) as fast:
        CallLog.from_pandas(df)
    assert fast.value.field == field
    expected_id = df["id"].iloc[row] if field != "id" or df["id"].iloc[row] is not pd.NA else ""
    assert fast.value.record_id == expected_id
    with pytest.raises(kind) as slow:
        CallLog.from_pandas(cell_path(df))
    assert (slow.value.record_id, slow.value.field) == (fast.value.record_id, fast.value.field)


def test_validate_false_still_converts_but_does_not_validate(big):
    df = bad_frame(big.head(5000), {(10, "timeline.talk_ended_at"): pd.Timestamp("2000-01-01", tz="UTC")})
    log = CallLog.from_pandas(df, validate=False)
    assert log._holds_columns()
    with pytest.raises(calllog.ValidationError) as info:
        log.validate()
    assert info.value.record_id == df["id"].iloc[10]
    with pytest.raises(calllog.ValidationError):
        CallLog.from_pandas(bad_frame(df, {(20, "status"): "teleported"}), validate=False)
    # over two segments checked on two threads: the lowest bad row is the one named
    early = pd.Timestamp("2000-01-01", tz="UTC")
    for bad_rows, named in (((66_000, 40_000), 40_000), ((66_000,), 66_000)):
        df = bad_frame(big, {(r, "timeline.talk_ended_at"): early for r in bad_rows})
        log = CallLog.from_pandas(df, validate=False)
        with pytest.raises(calllog.ValidationError) as info:
            log.validate()
        assert (info.value.record_id, info.value.field) == (df["id"].iloc[named], "timeline.talk_ended_at")


def test_frames_that_need_the_cell_path_still_work():
    df = flat_frame(500)
    # a list column, a str column holding a number, a uint64 column, a float column
    for extra in (
        {"tags": [["vip"]] * 500},
        {"queue": ["q"] * 499 + [5]},
        {"attempts": np.arange(500, dtype="uint64")},
        {"attempts": np.where(np.arange(500) % 2 == 0, 1.0, np.nan)},
    ):
        mixed = df.assign(**extra)
        if "queue" in extra:
            with pytest.raises(TypeError, match="field `queue`"):
                CallLog.from_pandas(mixed)
            continue
        log = CallLog.from_pandas(mixed)
        assert not log._holds_columns() and len(log) == 500
    log = CallLog.from_pandas(df.assign(attempts=pd.array([1, None] * 250, dtype="Int64")))
    assert log._holds_columns() and (log[0].attempts, log[1].attempts) == (1, None)


def test_an_empty_frame(big, tmp_path):
    log = CallLog.from_pandas(big.head(0))
    assert log._holds_columns() and len(log) == 0 and list(log) == [] and log[:] == CallLog()
    assert log.export_csv(tmp_path / "empty.csv", preset="call_history").rows == 0
    assert log.export_xlsx(tmp_path / "empty.xlsx").rows == 0
    log.validate()
    assert len(log.to_pandas()) == 0


def test_datetimes_are_read_to_the_nanosecond_across_the_whole_range():
    # datetime64[ns] covers every int64 but NaT's: before 1970, at day boundaries, runs of one
    # day (the reader remembers the last day's date) and jumps between days
    day = 86_400 * 10**9
    rng = np.random.default_rng(5)
    edges = [np.iinfo("int64").min + 1, np.iinfo("int64").max, -1, 0, 1, -day, -day - 1, -day + 1,
             day - 1, day, 1_700_000_000 * 10**9 + 123_456_789]
    same_day = 19_000 * day + rng.integers(0, day, 600)
    spread = rng.integers(np.iinfo("int64").min + 1, np.iinfo("int64").max, 600)
    values = np.concatenate([edges, same_day, spread, np.sort(spread), -same_day]).astype("int64")
    df = flat_frame(len(values))
    df["callback_at"] = pd.Series(values.view("datetime64[ns]")).dt.tz_localize("UTC")
    log = CallLog.from_pandas(df)
    assert log._holds_columns()
    # one record at a time, as Python datetimes (microseconds)
    for i in (0, 1, 2, 5, 11, 700, 1500, len(values) - 1):
        expected = EPOCH + timedelta(microseconds=int(values[i]) // 1000)
        assert log[i].callback_at == expected, i
    # every record, built a block at a time, to the nanosecond; Arrow's timestamp[us] columns
    # of to_pandas() refuse the nanoseconds instead of rounding them
    records = log.to_records()
    assert len(records) == len(values)
    with pytest.raises(calllog.ArrowDataError) as info:
        log.to_pandas()
    first = next(i for i, v in enumerate(values) if v % 1000)
    assert (info.value.row, info.value.column) == (first, "callback_at")


def test_missing_markers_in_object_columns(big):
    df = big.head(6).copy()
    df["queue"] = pd.Series(["a", None, np.nan, pd.NA, "e", "日本語のキュー"], dtype=object)
    log = CallLog.from_pandas(df)
    assert log._holds_columns()
    assert [r.queue for r in log] == ["a", None, None, None, "e", "日本語のキュー"]


def test_streamed_export_cancels_cleanly(big, tmp_path):
    log = CallLog.from_pandas(big)
    path = tmp_path / "stop.csv"

    class Stop(Exception):
        pass

    def progress(p):
        if not p.done and p.rows > 0:
            raise Stop(p.rows)

    with pytest.raises(Stop):
        log.export_csv(path, progress=progress)
    assert list(tmp_path.iterdir()) == [], "no file, no temporary file"
    # and the log still exports afterwards (no thread left stuck on the columns)
    assert log.export_csv(path).rows == BIG


def test_streamed_export_ctrl_c(big, tmp_path, ctrl_c_at_first_progress):
    log = CallLog.from_pandas(big)
    path = tmp_path / "big.xlsx"
    ctrl_c_at_first_progress(lambda progress: log.export_xlsx(path, progress=progress))
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_background_job_streams_from_columns(big, tmp_path):
    log = CallLog.from_pandas(big.head(20_000))
    job = log.export_csv(tmp_path / "job.csv", background=True)
    assert job.wait(60) and job.state == calllog.JobState.DONE
    with open(tmp_path / "job.csv", newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 20_001 and log._holds_columns()
