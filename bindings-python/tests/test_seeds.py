"""The core's seed scenarios, through the Python binding (each would fail if a rule were wrong)."""

import datetime as dt
from datetime import timedelta

import pytest

import calllog
from calllog import (
    AttemptResult,
    CallRecord,
    CallType,
    ContactStatus,
    Direction,
    InteractionType,
    Outcome,
    Rules,
    Viewer,
)

from conftest import secs, ts

# ----------------------------------------------------------------- seed 000 (video-call SaaS)


def seed000(e=None, f=None, h=None):
    timeline = {"started_at": ts("2024-05-01T10:00:00+09:00")}
    if e:
        timeline["offered_at"] = ts(e)
    if f:
        timeline["answered_or_cancelled_at"] = ts(f)
    if h:
        timeline["talk_started_at"] = ts(h)
    return CallRecord(id="A-1", channel=calllog.Channel.VIDEO, timeline=timeline)


def test_seed000_case1_talk_start_blank_ringing_and_cancel_recorded():
    # ケース1: (H) blank, (E) and (F) recorded → cancelled before answer
    r = seed000(e="2024-05-01T10:00:02+09:00", f="2024-05-01T10:00:25+09:00")
    r.validate()
    assert r.outcome is Outcome.CANCELLED_BEFORE_ANSWER
    assert r.is_success is False
    assert r.wait_time is None


def test_seed000_case2_talk_start_and_ringing_blank():
    # ケース2: (H) and (E) blank, (F) recorded → nobody was rung
    r = seed000(f="2024-05-01T10:00:40+09:00")
    assert r.outcome is Outcome.NO_AGENT_AVAILABLE
    assert r.outcome.label("ja") == "対応可能なスタッフなし"


def test_seed000_case3_all_blank_is_browser_closed():
    # ケース3: (H), (E), (F) all blank → the tab or browser was closed
    assert seed000().outcome is Outcome.BROWSER_CLOSED


def test_seed000_wait_time_runs_from_call_start_to_talk_start(seed000_answered):
    r = seed000_answered
    r.validate()
    assert secs(r.wait_time) == 42  # from D, not E (+5 s) nor F (+30 s)
    assert secs(r.after_call_work) == 150  # I → J
    assert secs(r.dial_duration) == 25  # E → F
    assert secs(r.talk_time) == 558
    assert secs(r.total_duration) == 600
    assert secs(r.derive(rules="video_call_saas").total) == 750
    assert r.outcome is Outcome.COMPLETED and r.is_success


def test_seed000_answered_call_is_in_progress_until_talk_ends():
    r = seed000(e="2024-05-01T10:00:02+09:00", f="2024-05-01T10:00:12+09:00", h="2024-05-01T10:00:12+09:00")
    assert r.outcome is Outcome.IN_PROGRESS
    done = r.replace(timeline=r.timeline.to_dict() | {"talk_ended_at": ts("2024-05-01T10:04:12+09:00")})
    assert done.outcome is Outcome.COMPLETED
    assert r.outcome is Outcome.IN_PROGRESS, "replace() leaves the original alone"


# ----------------------------------------------------------------- seed 002 (Voximplant Kit)


def seed002(call_type):
    timeline = {
        "started_at": ts("2024-05-01T09:00:00Z"),
        "talk_started_at": ts("2024-05-01T09:00:20Z"),
        "talk_ended_at": ts("2024-05-01T09:03:00Z"),
    }
    if call_type != "incoming":
        timeline["dial_started_at"] = ts("2024-05-01T09:00:02Z")
    return CallRecord(
        id="V-1", channel="voice", call_type=call_type, attempt_result="call_accepted", timeline=timeline
    )


@pytest.mark.parametrize("call_type", ["automated_campaign", "softphone_outgoing", "operator_campaign"])
def test_seed002_outgoing_types_dial_and_talk(call_type):
    r = seed002(call_type)
    r.validate()
    d = r.derive(rules=Rules.preset("voximplant"))
    assert secs(d.dial) == 18  # from the start of dialling to pick-up
    assert secs(d.talk) == 160  # from pick-up to the end of the call


def test_seed002_incoming_dial_not_applicable_talk_from_scenario_start():
    r = seed002(CallType.INCOMING)
    d = r.derive(rules="voximplant")
    assert d.dial is None  # "Не применимо"
    assert secs(d.talk) == 180  # "С момента запуска сценария ДО момента завершения вызова"
    assert secs(r.derive().talk) == 160  # canonical: from pick-up


def test_seed002_unanswered_dial_runs_until_unavailable_status():
    r = CallRecord(
        id="V-2",
        call_type="automated_campaign",
        attempt_result=AttemptResult.NUMBER_UNAVAILABLE,
        timeline={
            "started_at": ts("2024-05-01T09:00:00Z"),
            "dial_started_at": ts("2024-05-01T09:00:00Z"),
            "answered_or_cancelled_at": ts("2024-05-01T09:00:07Z"),
            "closed_at": ts("2024-05-01T09:00:07Z"),
        },
    )
    d = r.derive(rules="voximplant")
    assert (secs(d.dial), d.talk, d.outcome, d.success) == (7, None, Outcome.FAILED, False)


def test_seed002_fourteen_attempt_results_only_call_accepted_is_green():
    assert len(AttemptResult) == 14
    green = [a for a in AttemptResult if a.is_success]
    assert green == [AttemptResult.CALL_ACCEPTED]
    for a in AttemptResult:
        r = seed002("automated_campaign").replace(attempt_result=a)
        assert r.is_success is (a is AttemptResult.CALL_ACCEPTED), a
    assert seed002("operator_campaign").replace(attempt_result="voicemail").outcome is Outcome.NOT_ANSWERED
    assert seed002("operator_campaign").replace(attempt_result="abandoned").outcome is Outcome.NO_AGENT_AVAILABLE
    assert AttemptResult.NUMBER_BUSY.label("ru") == "Номер занят"


def test_seed002_roles_supervisor_sees_own_groups_without_price():
    sales = CallRecord(
        id="V-3",
        agents=[calllog.Agent(name="Иван", groups=["Продажи"])],
        price=calllog.Money("12.50", "RUB"),
        extra={"sip_call_id": "abc"},
    )
    support = CallRecord(id="V-4", agents=[{"name": "Ольга", "groups": ["Поддержка"]}])
    sup = Viewer.supervisor("Мария", ["Продажи"])
    assert sup.can_see(sales) and not sup.can_see(support)
    seen = sup.redact(sales)
    assert seen.price is None and seen.extra == {}
    assert not sup.may_see("price")
    for role in ("owner", "admin", calllog.Role.MANAGER):
        v = Viewer(role=role)
        assert v.can_see(support) and v.redact(sales) == sales
    assert not Viewer.operator("Иван").can_see(sales)
    assert Viewer.operator("Иван", history_access=True).can_see(sales)
    assert not Viewer.operator("Иван", history_access=True).can_see(support)
    own = CallRecord(id="V-5", agents=[{"name": "Мария", "groups": ["Другая"]}])
    assert not sup.can_see(own)
    assert sup.replace(history_access=True).can_see(own)


# ----------------------------------------------------------------- seed 003 (Ringostat)


def test_seed003_reported_wait_and_total_when_timestamps_missing():
    r = CallRecord(
        id="R-1",
        status="answered",
        reported={"wait": timedelta(seconds=12), "total": timedelta(seconds=312), "talk": timedelta(seconds=300)},
    )
    assert (secs(r.wait_time), secs(r.total_duration), secs(r.talk_time)) == (12, 312, 300)
    assert r.outcome is Outcome.COMPLETED
    timed = r.replace(timeline={"started_at": ts("2024-05-01T09:00:00Z"), "talk_started_at": ts("2024-05-01T09:00:05Z")})
    assert secs(timed.wait_time) == 5  # the timeline wins


# ----------------------------------------------------------------- seed 004 (Focus Contact Center)


def seed004():
    return CallRecord(
        id="F-1",
        interaction_type=InteractionType.INBOUND_CAMPAIGN_CALL,
        status=ContactStatus.ANSWERED,
        ivr_path=[
            {"node": "Powitanie", "entered_at": ts("2024-05-01T08:00:00+02:00")},
            calllog.IvrStep(
                node="Menu",
                entered_at=ts("2024-05-01T08:00:20+02:00"),
                left_at=ts("2024-05-01T08:00:45+02:00"),
                choice="1",
            ),
        ],
        timeline={
            "started_at": ts("2024-05-01T08:00:00+02:00"),
            "enqueued_at": ts("2024-05-01T08:00:45+02:00"),
            "talk_started_at": ts("2024-05-01T08:01:00+02:00"),
            "talk_ended_at": ts("2024-05-01T08:06:00+02:00"),
        },
    )


def test_seed004_talk_time_is_agent_talk_plus_ivr():
    r = seed004()
    r.validate()
    d = r.derive(rules=Rules.preset("focus_contact_center"))
    assert secs(d.ivr) == 45
    assert secs(d.agent_talk) == 300
    assert secs(d.talk) == 345
    assert secs(r.talk_time) == 300  # canonical rule does not add the IVR
    assert Rules(talk="agent_talk_plus_ivr") == Rules.preset("focus_contact_center")


def test_seed004_ivr_only_call_has_talk_time_of_its_ivr():
    r = seed004()
    tl = r.timeline.to_dict()
    tl.update(talk_started_at=None, talk_ended_at=None)
    r = r.replace(timeline=tl, status="NO ANSWEAR")  # the seed's own spelling
    d = r.derive(rules="focus_contact_center")
    assert (secs(d.talk), d.agent_talk, d.outcome) == (45, None, Outcome.NOT_ANSWERED)


def test_seed004_statuses_map_to_outcomes():
    cases = {
        "answered": Outcome.COMPLETED,
        "ringing": Outcome.IN_PROGRESS,
        "failed": Outcome.FAILED,
        "classifier": Outcome.CLASSIFIED_ONLY,
        "busy": Outcome.BUSY,
        "pending": Outcome.IN_PROGRESS,
        "no_answer": Outcome.NOT_ANSWERED,
    }
    assert set(cases) == {s.value for s in ContactStatus}
    for status, outcome in cases.items():
        assert CallRecord(id="F", status=status).outcome is outcome, status
    assert ContactStatus("ANSWERED") is ContactStatus.ANSWERED


def test_seed004_seventeen_interaction_types_know_channel_and_direction():
    assert len(InteractionType) == 17
    assert InteractionType.OUTBOUND_EMAIL.channel is calllog.Channel.EMAIL
    assert InteractionType.INBOUND_SMS.direction is Direction.INBOUND
    assert InteractionType.CONSULTATION.direction is Direction.INTERNAL
    assert InteractionType.INBOUND_CAMPAIGN_CALL.label("pl") == "Połączenie przychodzące w kampanii"
    r = CallRecord(id="F", channel="email", interaction_type="inbound_email")
    assert r.effective_direction is Direction.INBOUND


def test_amazon_connect_queue_wait_and_handle_time():
    r = CallRecord(
        id="AC-1",
        direction="inbound",
        timeline={
            "started_at": ts("2024-05-01T12:00:00Z"),
            "enqueued_at": ts("2024-05-01T12:00:30Z"),
            "dequeued_at": ts("2024-05-01T12:01:10Z"),
            "talk_started_at": ts("2024-05-01T12:01:12Z"),
            "talk_ended_at": ts("2024-05-01T12:06:12Z"),
            "after_call_work_started_at": ts("2024-05-01T12:06:12Z"),
            "after_call_work_ended_at": ts("2024-05-01T12:07:00Z"),
            "closed_at": ts("2024-05-01T12:09:00Z"),
        },
        reported={"hold": timedelta(seconds=30)},
    )
    r.validate()
    assert secs(r.derive(rules="amazon_connect").wait) == 40
    assert secs(r.wait_time) == 72
    assert (secs(r.after_call_work), secs(r.hold_time), secs(r.handle_time)) == (48, 30, 348)


# ----------------------------------------------------------------- seed 001 (BIZTEL callbacks)


def test_seed001_callback_memo_at_most_1000_characters():
    ok = calllog.CallbackRecord(
        id="CB1",
        registered_at=ts("2024-07-16T17:59:14+09:00"),
        incoming_at=ts("2024-07-16T17:58:00+09:00"),
        memo="あ" * 1000,
    )
    ok.validate()
    assert ok.state is calllog.CallbackState.NOT_DONE
    assert ok.state.label("ja") == "未完了"
    with pytest.raises(calllog.ValidationError) as info:
        ok.replace(memo="あ" * 1001).validate()
    assert (info.value.record_id, info.value.field) == ("CB1", "memo")
    assert "1001" in str(info.value)


def test_seed001_callback_incoming_after_registration_is_invalid():
    bad = calllog.CallbackRecord(
        id="CB2",
        registered_at=ts("2024-07-16T17:00:00+09:00"),
        incoming_at=ts("2024-07-16T17:05:00+09:00"),
        state="done",
    )
    with pytest.raises(calllog.ValidationError) as info:
        bad.validate()
    assert info.value.field == "registered_at"
    assert bad.state is calllog.CallbackState.DONE


def _entry(id, at, **extra):
    fields = {"id": id, "registered_at": ts(at), "call_center": "東京センター", "caller_number": "03-1234-5678"}
    fields.update(extra)
    return fields


def test_seed001_worklist_register_assign_done_memo_search_purge_export(tmp_path):
    wl = calllog.CallbackList(
        [
            _entry("cb-1", "2024-05-01T10:00:00+09:00"),
            calllog.CallbackRecord(
                id="cb-2",
                registered_at=ts("2024-05-02T10:00:00+09:00"),
                call_center="大阪センター",
                caller_number="06-9999-0000",
                business_label="返品 受付",
            ),
        ]
    )
    wl.register(_entry("cb-3", "2024-05-03T10:00:00+09:00", business_label="返品 相談"))
    assert len(wl) == 3 and "cb-3" in wl and "zz" not in wl
    assert wl["cb-3"].state is calllog.CallbackState.NOT_DONE
    wl.assign("cb-1", "佐藤")
    wl.mark_done("cb-1")
    assert (wl["cb-1"].assignee, wl["cb-1"].state) == ("佐藤", calllog.CallbackState.DONE)
    wl.mark_not_done("cb-1")
    wl.mark_done("cb-1")
    wl.set_memo("cb-2", "あ" * 1000)
    with pytest.raises(calllog.ValidationError) as info:
        wl.set_memo("cb-2", "あ" * 1001)
    assert (info.value.record_id, info.value.field) == ("cb-2", "memo")
    assert len(wl["cb-2"].memo) == 1000  # unchanged by the refused memo

    def ids(**criteria):
        return [e.id for e in wl.search(**criteria)]

    assert ids(state="not_done") == ["cb-2", "cb-3"]
    assert ids(unassigned_only=True) == ["cb-2", "cb-3"]
    assert ids(assignees=["佐藤"]) == ["cb-1"]
    assert ids(call_centers=["大阪センター"]) == ["cb-2"]
    assert ids(caller_number="1234") == ["cb-1", "cb-3"]
    assert ids(**{"from": ts("2024-05-02T00:00:00+09:00")}) == ["cb-2", "cb-3"]
    assert ids(refine="返品") == ["cb-2", "cb-3"]
    assert ids(refine="返品 相談") == ["cb-3"]  # every keyword must match
    with pytest.raises(calllog.FilterError):
        wl.search(state="maybe")
    with pytest.raises(TypeError, match="colour"):
        wl.search(colour="red")
    # seed 001 CSVダウンロード: the callbacks preset, ja headers, with the BOM Japanese Excel needs
    s = wl.export_csv(tmp_path / "cb.csv")
    assert s.records == 3
    text = (tmp_path / "cb.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "対応状況" in text.decode("utf-8-sig")
    assert wl.export_xlsx(tmp_path / "cb.xlsx").records == 3
    assert calllog.CallbackList().export_csv(tmp_path / "empty.csv").records == 0
    # retention
    assert wl.purge_older_than(30, now=ts("2024-06-01T09:00:00+09:00")) == ["cb-1"]
    assert [e.id for e in wl] == ["cb-2", "cb-3"]
    assert wl.remove("cb-3").id == "cb-3"
    assert [e.id for e in wl.to_list()] == ["cb-2"]


def test_seed001_worklist_errors():
    wl = calllog.CallbackList()
    wl.register(_entry("a", "2024-05-01T10:00:00Z"))
    with pytest.raises(calllog.ValidationError):
        wl.register(_entry("a", "2024-05-01T10:00:00Z"))
    with pytest.raises(calllog.CalllogError):
        wl.assign("nope", "x")
    with pytest.raises(calllog.ValidationError) as info:
        wl.register({"id": "c", "state": "maybe"})
    assert (info.value.record_id, info.value.field) == ("c", "state")
    with pytest.raises(calllog.ValidationError) as info:
        calllog.CallbackList([_entry("x", "2024-05-01T10:00:00Z"), {"id": "y", "memo": "い" * 1001}])
    assert info.value.field == "memo"
    with pytest.raises(TypeError):
        wl.register(42)
    with pytest.raises(KeyError):
        wl["zzz"]
    assert wl.get("zzz") is None
    assert len(wl) == 1


# ----------------------------------------------------------------- seed 003 (Ringostat call card)


def _seed003_log():
    return calllog.CallLog(
        [
            calllog.CallRecord(id="R-1", direction="inbound", from_="+48 600 100 200", status="answered",
                               timeline={"started_at": ts("2024-05-10T09:05:00Z")}),
            calllog.CallRecord(id="R-2", direction="outbound", to="600100200",
                               timeline={"started_at": ts("2024-05-18T12:00:00Z")}),
            calllog.CallRecord(id="R-3", direction="inbound", from_="+48 600 100 201",
                               timeline={"started_at": ts("2024-05-18T12:00:00Z")}),
        ]
    )


def test_seed003_card_statistics_last_visit_top_pages_sessions():
    sessions = [
        calllog.WebSession(
            id="s-1", customer="+48600100200", started_at=ts("2024-05-10T09:00:00Z"),
            ended_at=ts("2024-05-10T09:20:00Z"),
            visit={"source": "google", "medium": "cpc", "landing_page": "/oferta"},
            device="desktop", os="Windows 11", geolocation="Warszawa, PL",
            pages=[{"url": "/oferta", "time_on_page": dt.timedelta(seconds=80)},
                   calllog.PageView(url="/kontakt", time_on_page=dt.timedelta(seconds=15))],
        ),
        {"id": "s-2", "customer": "600 100 200", "started_at": ts("2024-05-18T11:50:00Z"),
         "device": "mobile", "os": "Android 14", "geolocation": "Kraków, PL", "contact_ids": ["R-2"],
         "pages": [{"url": "/oferta", "time_on_page": dt.timedelta(seconds=30)}, {"url": "/cennik"}]},
        {"id": "s-x", "customer": "+48 600 100 201", "started_at": ts("2024-05-18T11:00:00Z")},
    ]
    card = _seed003_log().customer_card("600 100 200", region="PL", now=ts("2024-05-20T00:00:00Z"),
                                        sessions=sessions)
    assert (card.total, card.incoming, card.outgoing) == (2, 1, 1)
    assert (card.days_since_first_visit, card.days_since_last_visit) == (9, 1)
    assert (card.total_sessions, card.page_views_last_30_days, card.contacts_last_30_days) == (2, 4, 2)
    last = card.last_visit
    assert isinstance(last, calllog.WebSession)
    assert (last.id, last.device, last.os, last.geolocation) == ("s-2", "mobile", "Android 14", "Kraków, PL")
    assert card.top_pages[:2] == [("/oferta", 2, dt.timedelta(seconds=110)), ("/kontakt", 1, dt.timedelta(seconds=15))]
    assert [(s.id, s.contact_ids) for s in card.sessions] == [("s-2", ["R-2"]), ("s-1", ["R-1"])]
    assert card.sessions[1].visit.source == "google"
    with pytest.raises(calllog.ValidationError) as info:
        _seed003_log().customer_card("600 100 200", region="PL",
                                     sessions=[{"id": "bad", "started_at": ts("2024-05-18T11:50:00Z"),
                                                "ended_at": ts("2024-05-18T11:00:00Z"), "customer": "600100200"}])
    assert (info.value.record_id, info.value.field) == ("bad", "ended_at")


def test_seed003_comments_categories_ratings_are_edited_with_validation():
    r = _seed003_log().to_records()[0]
    e = r.edit(add_category=["lead", "vip"], add_comment="Oddzwonić w czerwcu", manager_rating=4, call_rating=5)
    assert (e.categories, [n.text for n in e.notes], e.manager_rating, e.call_rating) == (
        ["lead", "vip"], ["Oddzwonić w czerwcu"], 4, 5)
    assert r.categories == []  # records are values: the original is unchanged
    e2 = e.edit(remove_category="lead", remove_comment=0, manager_rating=None,
                add_comment=calllog.Note(author="TOP menedżer", text="Dobra rozmowa"))
    assert (e2.categories, [n.author for n in e2.notes], e2.manager_rating, e2.call_rating) == (
        ["vip"], ["TOP menedżer"], None, 5)
    for bad, field in [({"call_rating": 6}, "call_rating"), ({"add_category": "vip"}, "categories"),
                       ({"remove_comment": 3}, "notes[3]"), ({"add_comment": ""}, "notes[1]")]:
        with pytest.raises(calllog.ValidationError) as info:
            e2.edit(**bad)
        assert (info.value.record_id, info.value.field) == ("R-1", field)
