"""Queries through the binding: filters (seeds 002 and 004), roles, paging, the customer card
(seed 003), metrics, the callback search (seed 001) and background exports."""

import datetime as dt
import time

import pytest

import calllog
from calllog import CallLog, CallRecord

from conftest import ts


def seed002_log():
    return CallLog.from_records(
        [
            CallRecord(
                id="V-1",
                direction="inbound",
                from_="+7 (495) 123-45-67",
                attempt_result="call_accepted",
                agents=[{"name": "Иван", "groups": ["Продажи"]}],
                price=calllog.Money("12.50", "RUB"),
                timeline={"started_at": ts("2024-05-01T09:00:00Z"), "talk_started_at": ts("2024-05-01T09:00:20Z"),
                          "talk_ended_at": ts("2024-05-01T09:03:00Z")},
                tags=["vip"],
            ),
            CallRecord(
                id="V-2",
                direction="outbound",
                to="+7 916 000-11-22",
                attempt_result="number_busy",
                agents=[{"name": "Ольга", "groups": ["Поддержка"]}],
                timeline={"started_at": ts("2024-05-02T10:00:00Z")},
            ),
            CallRecord(
                id="V-3",
                direction="inbound",
                from_="+7 495 123 45 67",
                attempt_result="voicemail",
                agents=[{"name": "Иван", "groups": ["Продажи"]}],
                timeline={"started_at": ts("2024-05-03T11:00:00Z")},
            ),
        ]
    )


def ids(log):
    return [r.id for r in log]


def test_seed002_filters():
    log = seed002_log()
    assert ids(log.filter(success=True)) == ["V-1"]
    assert ids(log.filter(success=False)) == ["V-2", "V-3"]
    assert ids(log.filter(directions="inbound")) == ["V-1", "V-3"]
    assert ids(log.filter(attempt_results=[calllog.AttemptResult.NUMBER_BUSY, "voicemail"])) == ["V-2", "V-3"]
    assert ids(log.filter(number="495 123")) == ["V-1", "V-3"]  # digits only, at least 3
    assert ids(log.filter(groups=["Поддержка"])) == ["V-2"]
    assert ids(log.filter(tags=["vip"])) == ["V-1"]
    assert ids(log.filter(**{"from": ts("2024-05-02T00:00:00Z"), "to": ts("2024-05-03T00:00:00Z")})) == ["V-2"]
    assert ids(log.filter(talk_min=dt.timedelta(minutes=2))) == ["V-1"]
    assert ids(log.filter(period="yesterday", now=ts("2024-05-03T12:00:00Z"))) == ["V-2"]
    assert len(log.filter()) == 3


def test_filter_errors():
    log = seed002_log()
    with pytest.raises(calllog.FilterError) as info:
        log.filter(number="49")  # seed 002: at least 3 characters
    assert info.value.field == "number" and isinstance(info.value, ValueError)
    with pytest.raises(calllog.FilterError) as info:
        log.filter(**{"from": ts("2024-01-01T00:00:00Z"), "to": ts("2024-12-01T00:00:00Z")})  # seed 004: 3 months
    with pytest.raises(calllog.FilterError) as info:
        log.filter(period="someday")
    assert info.value.field == "period"
    with pytest.raises(calllog.FilterError) as info:
        log.filter(channels=["fax"])
    assert info.value.field == "channels"
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        log.filter(colour="red")
    with pytest.raises(calllog.ValidationError):
        log.filter(**{"from": dt.datetime(2024, 5, 1)})  # naive


def test_seed002_roles_rows_and_fields():
    log = seed002_log()
    sup = calllog.Viewer.supervisor("Мария", ["Продажи"])
    seen = log.for_viewer(sup)
    assert ids(seen) == ["V-1", "V-3"]
    assert all(r.price is None for r in seen)
    assert ids(log.for_viewer(calllog.Viewer.operator("Иван", history_access=True))) == ["V-1", "V-3"]
    assert ids(log.for_viewer(calllog.Viewer.operator("Иван"))) == []
    assert log.for_viewer(calllog.Viewer(role="manager")) == log
    with pytest.raises(calllog.FilterError):
        log.query(viewer=sup, sort=["price"])  # sorting by a hidden field would reveal it


def test_query_sort_and_pages():
    log = CallLog.sample(50, seed=5)
    page = log.query(sort=["-started_at"], limit=20)
    assert page.total == 50 and len(page.records) == 20
    starts = [r.timeline.started_at for r in page.records]
    assert starts == sorted(starts, reverse=True)
    seen = ids(page.records)
    while page.next_cursor:
        page = log.query(sort=["-started_at"], limit=20, cursor=page.next_cursor)
        seen += ids(page.records)
    assert sorted(seen) == sorted(ids(log)) and len(seen) == 50
    with pytest.raises(calllog.UnknownValueError):
        log.query(sort=["colour"])


def test_seed003_customer_card_by_exact_number():
    log = CallLog.from_records(
        [
            CallRecord(id="R-1", direction="inbound", from_="+48 600 100 200", status="answered",
                       categories=["sprzedaż"], manager_rating=5,
                       notes=[{"author": "Anna", "text": "Klient zainteresowany"}],
                       timeline={"started_at": ts("2024-05-01T09:00:00Z"), "talk_started_at": ts("2024-05-01T09:00:10Z"),
                                 "talk_ended_at": ts("2024-05-01T09:05:10Z")}),
            CallRecord(id="R-2", direction="outbound", to="600100200", status="no_answer",
                       timeline={"started_at": ts("2024-05-10T09:00:00Z")}),
            CallRecord(id="R-3", direction="inbound", from_="+48 600 100 201", status="answered",
                       timeline={"started_at": ts("2024-05-11T09:00:00Z")}),
        ]
    )
    card = log.customer_card("600-100-200", region="PL", now=ts("2024-05-20T00:00:00Z"))
    assert ids(card.contacts) == ["R-1", "R-2"]  # in time order; R-3 is another number
    assert (card.total, card.answered, card.missed) == (2, 1, 1)
    assert card.total_talk_time == dt.timedelta(minutes=5)
    assert card.first_contact == ts("2024-05-01T09:00:00Z") and card.last_contact == ts("2024-05-10T09:00:00Z")
    assert card.categories == {"sprzedaż": 1}
    (rid, note), = card.comments
    assert rid == "R-1" and isinstance(note, calllog.Note) and note.text == "Klient zainteresowany"
    assert card.average_manager_rating == 5.0
    assert card.contacts_last_30_days == 2
    with pytest.raises(calllog.FilterError):
        log.customer_card("600100200")  # a national number needs a region


def test_metrics_overall_and_grouped():
    log = CallLog.sample(500, seed=8)
    report = log.metrics(by="channel", service_level=dt.timedelta(seconds=30))
    total = report.total
    assert total.offered >= total.answered + total.abandoned
    assert 0 <= total.answer_rate <= 1
    assert set(report.groups) <= {c.value for c in calllog.Channel}
    assert sum(m.offered for m in report.groups.values()) == total.offered
    pd = pytest.importorskip("pandas")
    df = report.to_pandas()
    assert list(df.index) == list(report.groups) and "answer_rate" in df.columns
    with pytest.raises(calllog.FilterError):
        log.metrics(by="planet")


def test_seed001_callback_search():
    cbs = [
        calllog.CallbackRecord(id="CB1", registered_at=ts("2024-07-16T09:00:00+09:00"), assignee="佐藤",
                               call_center="東京", caller_number="03-1234-5678"),
        calllog.CallbackRecord(id="CB2", registered_at=ts("2024-07-16T10:00:00+09:00"), state="done",
                               call_center="大阪", caller_number="06-0000-1111"),
        {"id": "CB3", "registered_at": ts("2024-07-17T10:00:00+09:00"), "memo": "至急"},
    ]
    assert [c.id for c in calllog.search_callbacks(cbs, state="not_done")] == ["CB1", "CB3"]
    assert [c.id for c in calllog.search_callbacks(cbs, unassigned_only=True)] == ["CB2", "CB3"]
    assert [c.id for c in calllog.search_callbacks(cbs, caller_number="1234")] == ["CB1"]
    assert [c.id for c in calllog.search_callbacks(cbs, call_centers=["大阪"])] == ["CB2"]
    with pytest.raises(calllog.FilterError):
        calllog.search_callbacks(cbs, **{"from": ts("2024-07-18T00:00:00Z"), "to": ts("2024-07-01T00:00:00Z")})


def test_background_export_job(tmp_path):
    log = CallLog.sample(20_000, seed=6)
    job = log.export_csv(tmp_path / "bg.csv", background=True)
    assert isinstance(job, calllog.ExportJob)
    assert job.state in (calllog.JobState.PENDING, calllog.JobState.RUNNING, calllog.JobState.DONE)
    assert job.wait(timeout=120) is True
    summary = job.result()
    assert job.state is calllog.JobState.DONE and job.state.is_finished
    assert summary.records == 20_000 and (tmp_path / "bg.csv").stat().st_size == summary.bytes
    assert job.progress.rows == 20_000 and job.progress.total == 20_000


def test_background_export_cancel_leaves_no_file(tmp_path):
    log = CallLog.sample(200_000, seed=6)
    path = tmp_path / "bg.xlsx"
    job = log.export_xlsx(path, background=True)
    deadline = time.monotonic() + 30
    while job.progress.rows == 0 and not job.state.is_finished and time.monotonic() < deadline:
        time.sleep(0.01)
    job.cancel()
    assert job.wait(timeout=60)
    assert job.state is calllog.JobState.CANCELLED
    with pytest.raises(calllog.CancelledError):
        job.result()
    assert not path.exists()


def test_background_export_errors_are_typed(tmp_path):
    log = CallLog.sample(10)
    job = log.export_csv(tmp_path / "missing" / "x.csv", background=True)
    with pytest.raises(calllog.CalllogIOError):
        job.result(timeout=60)
    assert job.state is calllog.JobState.FAILED
    job = log.export_csv(tmp_path / "cap.csv", background=True, row_cap=5)
    with pytest.raises(calllog.RowCapExceededError):
        job.result(timeout=60)
    with pytest.raises(calllog.ExportOptionError):
        log.export_csv(tmp_path / "p.csv", background=True, progress=print)
