"""Filters, queries, customer card, metrics and the callback worklist through the C ABI."""

import datetime as dt

import pytest

from conftest import ts


def call(cl, id, start, **kw):
    timeline = kw.pop("timeline", {})
    return cl.CallRecord(id=id, channel=kw.pop("channel", cl.Channel.VOICE),
                         timeline=cl.CallTimeline(started_at=ts(start), **timeline), **kw)


def test_filter_by_channel_number_and_hours(cl):
    records = [
        call(cl, "a", "2024-05-01T09:00:00Z", _from="+7 (495) 123-45-67", direction=cl.Direction.INBOUND),
        call(cl, "b", "2024-05-01T23:30:00Z", _from="+7 (812) 000-00-00", direction=cl.Direction.INBOUND),
        call(cl, "c", "2024-05-02T10:00:00Z", channel=cl.Channel.EMAIL, _from="ivan@example.com"),
    ]
    log = cl.CallLog(records)
    assert [r.id for r in log.filter(cl.Filter(channels=[cl.Channel.VOICE])).records()] == ["a", "b"]
    # seed 002 Номер: substring of at least 3 characters, on digits
    found = log.filter(cl.Filter(number=cl.NumberSearch(text="495 123")))
    assert [r.id for r in found.records()] == ["a"]
    with pytest.raises(cl.CallLogError.Filter) as err:
        log.filter(cl.Filter(number=cl.NumberSearch(text="49")))
    assert err.value.field == "number"
    # seed 004 hour window crossing midnight (after working hours)
    night = log.filter(cl.Filter(hours=cl.HourWindow(_from="18:00", to="08:00")))
    assert [r.id for r in night.records()] == ["b"]
    with pytest.raises(cl.CallLogError.Filter) as err:
        log.filter(cl.Filter(hours=cl.HourWindow(_from="25:00", to="08:00")))
    assert err.value.field == "hours"
    # seed 004 source / destination: exact after normalisation (case-insensitive e-mail)
    assert [r.id for r in log.filter(cl.Filter(source="IVAN@example.com")).records()] == ["c"]
    assert [r.id for r in log.filter(cl.Filter(source="+74951234567")).records()] == ["a"]
    assert log.filter(cl.Filter(destination="+74951234567")).count() == 0


def test_filter_period_rules(cl):
    log = cl.CallLog.sample(100, 5)
    with pytest.raises(cl.CallLogError.Filter) as err:  # seed 004: at most 3 months
        log.filter(cl.Filter(_from=ts("2024-01-01T00:00:00Z"), to=ts("2024-06-01T00:00:00Z")))
    assert "span" in err.value.field or "period" in err.value.field
    with pytest.raises(cl.CallLogError.Filter):  # from after to
        log.filter(cl.Filter(_from=ts("2024-02-01T00:00:00Z"), to=ts("2024-01-01T00:00:00Z")))
    unlimited = cl.Filter(_from=ts("2000-01-01T00:00:00Z"), to=ts("2100-01-01T00:00:00Z"),
                          max_span_months=None)
    assert log.filter(unlimited).count() == 100
    with pytest.raises(cl.CallLogError.Filter):
        log.filter(cl.Filter(talk_max=float("nan")))
    with pytest.raises(cl.CallLogError.UnknownValue):
        log.filter(cl.Filter(refine="x", refine_fields=["no_such_field"]))
    with pytest.raises(cl.CallLogError):
        log.filter(cl.Filter(time_zone="Nowhere/Town", hours=cl.HourWindow(_from="08:00", to="09:00")))


def test_filter_attempts_talk_and_refine(cl):
    records = [
        call(cl, "ok", "2024-05-01T09:00:00Z", attempt_result=cl.AttemptResult.CALL_ACCEPTED,
             customer_name="Jan Kowalski", tags=["vip"],
             timeline=dict(talk_started_at=ts("2024-05-01T09:00:10Z"), talk_ended_at=ts("2024-05-01T09:02:10Z"))),
        call(cl, "busy", "2024-05-01T10:00:00Z", attempt_result=cl.AttemptResult.NUMBER_BUSY,
             customer_name="Anna Nowak"),
    ]
    log = cl.CallLog(records)
    ids = lambda f: [r.id for r in log.filter(f).records()]
    assert ids(cl.Filter(success=True)) == ["ok"]
    assert ids(cl.Filter(attempt_results=[cl.AttemptResult.NUMBER_BUSY])) == ["busy"]
    assert ids(cl.Filter(answer_states=[cl.AnswerState.BUSY])) == ["busy"]
    assert ids(cl.Filter(talk_min=60.0, talk_max=180.0)) == ["ok"]
    assert ids(cl.Filter(tags=["vip"])) == ["ok"]
    assert ids(cl.Filter(refine="jan KOWALSKI")) == ["ok"]  # seed 001 絞り込み: every keyword
    assert ids(cl.Filter(refine="jan nowak")) == []
    assert ids(cl.Filter(refine="Номер занят", locale=cl.Language.RU)) == ["busy"]
    assert ids(cl.Filter(refine="anna", refine_fields=["customer_name"], rules=cl.canonical_rules(),
                         scenario_kind=cl.ScenarioKind.ALL)) == ["busy"]


def test_query_viewer_sort_and_cursor_paging(cl):
    records = [
        call(cl, f"c-{i}", f"2024-05-01T10:0{i}:00Z",
             agents=[cl.Agent(name="Ivan", groups=["Sales" if i % 2 == 0 else "Support"])],
             price=cl.Money(units=150, scale=2, currency="RUB"))
        for i in range(6)
    ]
    log = cl.CallLog(records)
    q = cl.CallQuery(viewer=cl.Viewer(role=cl.Role.SUPERVISOR, user="Olga", groups=["Sales"]),
                 sort=[cl.SortKey(field="started_at", descending=True)], limit=2)
    page = log.query(q)
    assert page.total == 3  # c-0, c-2, c-4
    assert [r.id for r in page.rows] == ["c-4", "c-2"]
    assert all(r.price is None for r in page.rows)  # supervisors never see the price
    assert page.next_cursor
    q.cursor = page.next_cursor
    page2 = log.query(q)
    assert [r.id for r in page2.rows] == ["c-0"] and page2.next_cursor is None
    # a supervisor may not sort by a field they may not see
    with pytest.raises(cl.CallLogError.Filter):
        log.query(cl.CallQuery(viewer=q.viewer, sort=[cl.SortKey(field="price")]))
    with pytest.raises(cl.CallLogError.UnknownValue):
        log.query(cl.CallQuery(sort=[cl.SortKey(field="nope")]))
    everything = log.query(cl.CallQuery(offset=1))
    assert everything.total == 6 and len(everything.rows) == 5
    assert {"started_at", "talk", "customer_name"} <= set(cl.sort_field_names())


def test_date_presets(cl):
    # 00:30 on 1 June in Tokyo is still 31 May in UTC
    r = cl.date_preset_range(cl.DatePreset.LAST_MONTH, ts("2024-05-31T15:30:00Z"), "Asia/Tokyo")
    assert (r._from, r.to) == (ts("2024-05-01T00:00:00+09:00"), ts("2024-06-01T00:00:00+09:00"))
    today = cl.date_preset_range(cl.DatePreset.TODAY, ts("2024-05-31T15:30:00Z"), "UTC")
    assert today.to - today._from == dt.timedelta(days=1)
    for p in (cl.DatePreset.YESTERDAY, cl.DatePreset.THIS_WEEK, cl.DatePreset.LAST_WEEK,
              cl.DatePreset.THIS_MONTH):
        rng = cl.date_preset_range(p, ts("2024-05-31T15:30:00Z"), "Europe/Warsaw")
        assert rng._from < rng.to
    with pytest.raises(cl.CallLogError):
        cl.date_preset_range(cl.DatePreset.TODAY, ts("2024-05-31T15:30:00Z"), "Mars/Base")


def test_seed003_customer_card_groups_one_number(cl):
    def c(id, number, start, **kw):
        return call(cl, id, start, _from=number, direction=cl.Direction.INBOUND, **kw)
    records = [
        c("1", "+81 3-1234-5678", "2024-05-01T10:00:00Z", categories=["lead"], manager_rating=4,
          notes=[cl.Note(text="called back")],
          timeline=dict(talk_started_at=ts("2024-05-01T10:00:20Z"), talk_ended_at=ts("2024-05-01T10:02:20Z"))),
        c("2", "03-1234-5678", "2024-05-20T10:00:00Z", categories=["lead", "vip"],
          timeline=dict(offered_at=ts("2024-05-20T10:00:01Z"), answered_or_cancelled_at=ts("2024-05-20T10:00:30Z"))),
        c("3", "+81312345678", "2024-05-25T10:00:00Z", call_rating=2),
        c("4", "+81 3-9999-0000", "2024-05-25T11:00:00Z"),
    ]
    log = cl.CallLog(records)
    card = log.customer_card("03-1234-5678", "JP", ts("2024-05-31T00:00:00Z"))
    assert card.number == "+81312345678"
    assert [r.id for r in card.contacts] == ["1", "2", "3"]
    s = card.summary
    assert (s.total, s.answered, s.missed) == (3, 1, 2)  # 2: cancelled; 3: nothing answered
    assert s.first_contact == ts("2024-05-01T10:00:00Z") and s.last_contact == ts("2024-05-25T10:00:00Z")
    assert s.contacts_last_30_days == 3
    assert s.total_talk_time == 120.0 and s.average_wait == 20.0
    assert [(c.category, c.count) for c in s.categories] == [("lead", 2), ("vip", 1)]
    assert [c.record_id for c in s.comments] == ["1"] and s.comments[0].note.text == "called back"
    assert [r.record_id for r in s.ratings] == ["1", "3"]
    assert (s.average_manager_rating, s.average_call_rating) == (4.0, 2.0)
    # without a region only international numbers are read: the national 03-... is not matched
    assert log.customer_card("+81 3 1234 5678", now=ts("2024-05-31T00:00:00Z")).summary.total == 2
    # a viewer limits the contacts
    op = cl.Viewer(role=cl.Role.OPERATOR, user="nobody")
    assert log.customer_card("+81312345678", viewer=op, rules=cl.canonical_rules()).summary.total == 0
    with pytest.raises(cl.CallLogError):
        log.customer_card("not a number")
    assert cl.normalize_phone("03-1234-5678", "JP") == "+81312345678"
    with pytest.raises(cl.CallLogError):
        cl.normalize_phone("03-1234-5678", None)


def test_metrics(cl):
    answered = call(cl, "a", "2024-05-01T10:00:00Z", direction=cl.Direction.INBOUND,
                    timeline=dict(talk_started_at=ts("2024-05-01T10:00:10Z"), talk_ended_at=ts("2024-05-01T10:05:10Z")))
    abandoned = call(cl, "b", "2024-05-01T11:00:00Z", direction=cl.Direction.INBOUND, channel=cl.Channel.CHAT,
                     timeline=dict(offered_at=ts("2024-05-01T11:00:01Z"), answered_or_cancelled_at=ts("2024-05-01T11:00:40Z")))
    short = call(cl, "c", "2024-05-01T12:00:00Z", direction=cl.Direction.INBOUND,
                 timeline=dict(offered_at=ts("2024-05-01T12:00:01Z"), answered_or_cancelled_at=ts("2024-05-01T12:00:03Z")))
    log = cl.CallLog([answered, abandoned])
    m = log.metrics().total
    assert (m.offered, m.answered, m.abandoned) == (2, 1, 1)
    assert m.abandon_rate == 0.5 and m.answer_rate == 0.5
    assert m.average_speed_of_answer == 10.0
    assert m.service_level == 0.5
    assert m.average_handle_time == 300.0 and m.total_talk_time == 300.0
    # short abandons (under 5 s) are neither abandoned nor in the denominators
    m3 = cl.CallLog([answered, abandoned, short]).metrics(cl.MetricsOptions(short_abandon=5.0)).total
    assert (m3.offered, m3.abandoned, m3.short_abandoned) == (3, 1, 1)
    assert m3.abandon_rate == 0.5
    # grouping
    report = log.metrics(cl.MetricsOptions(group_by=cl.GroupBy.CHANNEL))
    assert [(g.key, g.metrics.offered) for g in report.groups] == [("chat", 1), ("voice", 1)]
    hours = log.metrics(cl.MetricsOptions(group_by=cl.GroupBy.HOUR, time_zone="Asia/Tokyo"))
    assert [g.key for g in hours.groups] == ["19", "20"]
    # an empty set: rates are nil, never 0 or NaN
    empty = cl.CallLog([]).metrics().total
    assert empty.offered == 0 and empty.answer_rate is None and empty.average_handle_time is None
    with pytest.raises(cl.CallLogError.Filter):
        log.metrics(cl.MetricsOptions(service_level=-1.0))
    for g in (cl.GroupBy.AGENT, cl.GroupBy.QUEUE, cl.GroupBy.DAY):
        assert log.metrics(cl.MetricsOptions(group_by=g, rules=cl.rules_preset("amazon_connect"))).groups


def test_callback_worklist(cl, tmp_path):
    t0 = ts("2024-07-16T08:59:14+09:00")
    wl = cl.CallbackWorklist()
    assert wl.count() == 0
    wl.register(cl.CallbackRecord(id="cb-1", state=cl.CallbackState.NOT_DONE, registered_at=t0,
                                  caller_number="090-1234-5678", call_center="東京センター"))
    wl.register(cl.CallbackRecord(id="cb-2", state=cl.CallbackState.NOT_DONE,
                                  registered_at=ts("2024-06-01T00:00:00+09:00")))
    with pytest.raises(cl.CallLogError):
        wl.register(cl.CallbackRecord(id="cb-1", state=cl.CallbackState.DONE))  # duplicate id
    wl.assign("cb-1", "佐藤")
    assert wl.get("cb-1").assignee == "佐藤"
    search = lambda **kw: [e.id for e in wl.search(cl.CallbackSearch(**kw))]
    assert search(assignees=["佐藤"]) == ["cb-1"]
    assert search(unassigned_only=True) == ["cb-2"]
    assert search(caller_number="1234") == ["cb-1"]
    assert search(refine="東京") == ["cb-1"]
    wl.mark_done("cb-1")
    assert search(state=cl.CallbackState.DONE) == ["cb-1"]
    wl.mark_not_done("cb-1")
    assert search(state=cl.CallbackState.DONE) == []
    wl.unassign("cb-1")
    assert wl.get("cb-1").assignee is None
    wl.set_memo("cb-1", "あ" * 1000)
    with pytest.raises(cl.CallLogError.Invalid) as err:
        wl.set_memo("cb-1", "あ" * 1001)  # seed 001: 1,000文字以内
    assert (err.value.record_id, err.value.field) == ("cb-1", "memo")
    with pytest.raises(cl.CallLogError):
        wl.assign("nope", "x")
    with pytest.raises(cl.CallLogError.Filter):
        wl.search(cl.CallbackSearch(_from=t0, to=ts("2024-01-01T00:00:00Z"), locale=cl.Language.JA))
    s = wl.export(str(tmp_path / "cb.xlsx"), cl.ExportFormat.XLSX)
    assert s.records == 2
    # retention: entries registered more than 30 days before now are purged
    assert wl.purge_older_than(30, ts("2024-07-20T00:00:00+09:00")) == ["cb-2"]
    assert [e.id for e in wl.entries()] == ["cb-1"]
    removed = wl.remove("cb-1")
    assert removed.id == "cb-1" and wl.count() == 0 and wl.get("cb-1") is None
    assert wl.purge_older_than(30) == []
    seeded = cl.CallbackWorklist(cl.sample_callbacks(5, 1))
    assert seeded.count() == 5
