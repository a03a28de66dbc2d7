"""Every exported function and method, with its error cases, through the C ABI."""

import datetime as dt
import math

import pytest

from conftest import ts

VOCABULARIES = [
    # (enum, all_*, parse_*, sample value, machine name, ja label)
    ("Channel", "all_channels", "parse_channel", "VIDEO", "video", "ビデオ"),
    ("Direction", "all_directions", "parse_direction", "INBOUND", "inbound", "着信"),
    ("InteractionType", "all_interaction_types", "parse_interaction_type", "CONSULTATION", "consultation", "コンサルテーション"),
    ("ContactStatus", "all_contact_statuses", "parse_contact_status", "NO_ANSWER", "no_answer", "応答なし"),
    ("AttemptResult", "all_attempt_results", "parse_attempt_result", "VOICEMAIL", "voicemail", "留守番電話"),
    ("DisconnectSide", "all_disconnect_sides", "parse_disconnect_side", "THIRD_PARTY", "third_party", "第三者"),
    ("CallMode", "all_call_modes", "parse_call_mode", "VOICE", "voice", "音声通話"),
    ("CallType", "all_call_types", "parse_call_type", "OPERATOR_CAMPAIGN", "operator_campaign", "オペレーターキャンペーン"),
    ("CallbackState", "all_callback_states", "parse_callback_state", "DONE", "done", "完了"),
    ("JobState", "all_job_states", "parse_job_state", "RUNNING", "running", "処理中"),
    ("Outcome", "all_outcomes", "parse_outcome", "BROWSER_CLOSED", "browser_closed", "ブラウザ終了・再読み込み"),
    ("Role", "all_roles", "parse_role", "SUPERVISOR", "supervisor", "スーパーバイザー"),
]
COUNTS = {"Channel": 5, "Direction": 3, "InteractionType": 17, "ContactStatus": 7, "AttemptResult": 14,
          "DisconnectSide": 10, "CallMode": 2, "CallType": 4, "CallbackState": 2, "JobState": 5,
          "Outcome": 9, "Role": 5}


@pytest.mark.parametrize("enum,all_fn,parse_fn,sample,machine,ja", VOCABULARIES)
def test_vocabulary_round_trip(cl, enum, all_fn, parse_fn, sample, machine, ja):
    values = getattr(cl, all_fn)()
    assert len(values) == COUNTS[enum] == len(set(values))
    value = getattr(getattr(cl, enum), sample)
    assert value.machine_name() == machine
    assert value.label(cl.Language.JA) == ja
    parse = getattr(cl, parse_fn)
    for v in values:
        assert parse(v.machine_name()) == v
        for locale in (cl.Language.EN, cl.Language.JA, cl.Language.RU, cl.Language.PL):
            assert v.label(locale)  # every value has a label in every locale
    assert parse(ja) == value  # a localized label reads back
    with pytest.raises(cl.CallLogError.UnknownValue) as err:
        parse("definitely-not-a-value")
    assert err.value.value == "definitely-not-a-value"
    assert machine in err.value.accepted


def test_locale(cl):
    assert cl.parse_language("ja-JP") == cl.Language.JA
    assert cl.parse_language("pl_PL").code() == "pl"
    with pytest.raises(cl.CallLogError.UnknownValue):
        cl.parse_language("xx")


def test_vocabulary_methods(cl):
    it = cl.InteractionType
    assert it.INBOUND_SMS.channel() == cl.Channel.SMS
    assert it.INBOUND_SMS.direction() == cl.Direction.INBOUND
    assert it.CONSULTATION.direction() == cl.Direction.INTERNAL
    assert cl.ContactStatus.ANSWERED.is_answered()
    assert not cl.ContactStatus.BUSY.is_answered()
    assert cl.JobState.CANCELLED.is_finished()
    assert not cl.JobState.RUNNING.is_finished()
    assert cl.Outcome.COMPLETED.is_answered()
    assert not cl.Outcome.NOT_ANSWERED.is_answered()


def test_vendor_mappings(cl):
    assert cl.contact_status_from_twilio("in-progress") == cl.ContactStatus.ANSWERED
    assert cl.contact_status_from_asterisk("NO ANSWER") == cl.ContactStatus.NO_ANSWER
    assert cl.attempt_result_from_asterisk("CONGESTION") == cl.AttemptResult.NUMBER_UNAVAILABLE
    assert cl.attempt_result_from_twilio("completed") == cl.AttemptResult.CALL_ACCEPTED
    assert cl.attempt_result_from_twilio("ringing") is None
    assert cl.disconnect_side_from_amazon_connect("BARGED") == cl.DisconnectSide.SUPERVISOR
    for fn in (cl.contact_status_from_twilio, cl.contact_status_from_asterisk,
               cl.attempt_result_from_asterisk, cl.attempt_result_from_twilio,
               cl.disconnect_side_from_amazon_connect):
        with pytest.raises(cl.CallLogError.UnknownValue):
            fn("nonsense")


def test_money(cl):
    m = cl.parse_money("0.0125 USD")
    assert (m.units, m.scale, m.currency) == (125, 4, "USD")
    assert m.amount_string() == "0.0125"
    assert m.to_double() == pytest.approx(0.0125)
    assert str(m) == "0.0125 USD"  # Swift: description (Display)
    assert cl.Money(units=-30, scale=1, currency="PLN").amount_string() == "-3.0"
    with pytest.raises(cl.CallLogError.UnknownValue):
        cl.parse_money("12,50")


def test_rules_presets(cl):
    names = cl.rules_preset_names()
    assert names == ["canonical", "voximplant", "focus_contact_center", "amazon_connect", "video_call_saas"]
    assert cl.rules_preset("canonical") == cl.canonical_rules()
    assert cl.rules_preset("amazon_connect").wait == cl.WaitRule.QUEUE_ENTRY_TO_ANSWER
    assert cl.rules_preset("focus_contact_center").talk == cl.TalkRule.AGENT_TALK_PLUS_IVR
    assert cl.rules_preset("video_call_saas").total == cl.TotalRule.START_TO_CLOSE
    custom = cl.Rules(wait=cl.WaitRule.QUEUE_ENTRY_TO_ANSWER, talk=cl.TalkRule.ANSWER_TO_END,
                      total=cl.TotalRule.START_TO_END)
    assert custom == cl.rules_preset("AMAZON_CONNECT")
    with pytest.raises(cl.CallLogError.UnknownValue) as err:
        cl.rules_preset("genesys")
    assert "voximplant" in err.value.accepted


def full_record(cl):
    """A record using every part of the model."""
    return cl.CallRecord(
        id="full-1",
        channel=cl.Channel.VOICE,
        direction=cl.Direction.OUTBOUND,
        interaction_type=cl.InteractionType.OUTBOUND_CALL,
        call_type=cl.CallType.OPERATOR_CAMPAIGN,
        call_mode=cl.CallMode.VOICE,
        status=cl.ContactStatus.ANSWERED,
        customer_name="Jan Kowalski",
        _from="+48 22 123 45 67",
        to="+48789789789",
        cc=["a@example.com"],
        bcc=["b@example.com"],
        agents=[cl.Agent(name="Ivan", id="op-1", groups=["Sales"]), cl.Agent(name="Olga", deleted=True)],
        queue="Sales",
        campaign="Spring",
        scenario="Main",
        scenario_url="https://example.com/s/1",
        timeline=cl.CallTimeline(
            started_at=ts("2024-03-01T12:00:00Z"),
            dial_started_at=ts("2024-03-01T12:00:01Z"),
            talk_started_at=ts("2024-03-01T12:00:10Z"),
            talk_ended_at=ts("2024-03-01T12:02:10Z"),
            after_call_work_started_at=ts("2024-03-01T12:02:10Z"),
            after_call_work_ended_at=ts("2024-03-01T12:02:40Z"),
            closed_at=ts("2024-03-01T12:03:00Z"),
        ),
        reported=cl.ReportedDurations(hold=15.5),
        end_reason="hangup",
        disconnect_side=cl.DisconnectSide.CUSTOMER,
        hold_count=1,
        attempt_result=cl.AttemptResult.CALL_ACCEPTED,
        completion_code="Перезвонить",
        callback_at=ts("2024-03-02T09:00:00Z"),
        attempts=2,
        tags=["vip"],
        topics=["billing"],
        categories=["lead"],
        classifier="Sale",
        notes=[cl.Note(text="многострочная\nзаметка", author="Ivan", at=ts("2024-03-01T12:05:00Z"))],
        manager_rating=5,
        call_rating=4,
        recording=cl.Recording(url="https://example.com/r.ogg", duration=120.25, format="ogg"),
        price=cl.Money(units=150, scale=2, currency="RUB"),
        co_browse=True,
        ring_history=[cl.RingEvent(staff_name="佐藤", at=ts("2024-03-01T12:00:02Z"), detail="declined")],
        brand="Brand", service="Service", menu="Menu", staff_memo="memo",
        customer_user_agent="UA-c", staff_user_agent="UA-s", extra_info="info", chat_log="hi",
        pre_survey=[cl.SurveyAnswer(index=1, question="Q1", answer="A1")],
        post_survey=[cl.SurveyAnswer(index=50, question="Q50")],
        visit=cl.Visit(source="google", medium="cpc", campaign="c", content="x", term="t",
                       landing_page="https://example.com", client_ip="192.0.2.1"),
        record_id="crm-1", significant_field="sf", ticket_id="T-1", request_id="R-1",
        ivr_path=[cl.IvrStep(node="Menu", entered_at=ts("2024-03-01T12:00:00Z"),
                             left_at=ts("2024-03-01T12:00:01Z"), choice="1", detail="d")],
        extra={"vendor_field": "42"},
    )


def test_full_record_round_trips_through_the_core(cl):
    r = full_record(cl)
    r.validate()
    log = cl.CallLog([r])
    back = log.records()[0]
    assert back == r  # every field survives Rust and back
    assert back.timeline.started_at == ts("2024-03-01T12:00:00Z")
    assert back.recording.duration == 120.25
    assert back.extra == {"vendor_field": "42"}


def test_record_methods(cl):
    r = full_record(cl)
    assert r.agent_names() == "Ivan, Olga"
    assert r.customer_address() == "+48789789789"  # outbound: the `to` side
    assert r.effective_direction() == cl.Direction.OUTBOUND
    blank = cl.CallRecord(id="b", channel=cl.Channel.CHAT, interaction_type=cl.InteractionType.MESSENGER_CHAT)
    assert blank.effective_direction() == cl.Direction.INBOUND
    assert blank.customer_address() is None
    assert r.outcome() == cl.Outcome.COMPLETED
    assert r.is_success()
    d = r.derive(cl.canonical_rules())
    assert d.talk == 120.0
    assert d.after_call_work == 30.0
    assert d.hold == 15.5
    assert d.handle == 150.0  # talk from the timeline already spans holds


def test_subsecond_and_pre_epoch_dates(cl):
    # (uniffi's wire format writes the sign on the whole seconds, so an instant less than one
    # second before 1970 loses its sign in every uniffi binding; call records never are.)
    r = cl.CallRecord(id="t", channel=cl.Channel.VOICE, timeline=cl.CallTimeline(
        started_at=ts("1969-12-31T23:59:58.250000+00:00"),
        talk_started_at=ts("1970-01-01T00:00:01.500000+00:00"),
    ))
    assert r.derive(cl.canonical_rules()).wait == 3.25
    back = cl.CallLog([r]).records()[0]
    assert back.timeline.started_at == ts("1969-12-31T23:59:58.250000+00:00")


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 1e13])
def test_non_finite_duration_is_a_typed_error(cl, bad):
    r = cl.CallRecord(id="d-1", channel=cl.Channel.VOICE, recording=cl.Recording(duration=bad))
    for call in (r.validate, r.outcome, r.is_success, r.agent_names, r.customer_address,
                 r.effective_direction, lambda: r.derive(cl.canonical_rules()), lambda: cl.CallLog([r])):
        with pytest.raises(cl.CallLogError.Invalid) as err:
            call()
        assert (err.value.record_id, err.value.field) == ("d-1", "recording.duration")


def test_negative_duration_is_rejected_by_validation(cl):
    r = cl.CallRecord(id="d-2", channel=cl.Channel.VOICE, reported=cl.ReportedDurations(talk=-1.0))
    with pytest.raises(cl.CallLogError.Invalid) as err:
        r.validate()
    assert err.value.field == "reported.talk"
    assert "negative" in err.value.reason


def test_validation_errors_name_nested_fields(cl):
    cases = [
        (dict(pre_survey=[cl.SurveyAnswer(index=51, question="q")]), "pre_survey[0].index"),
        (dict(call_rating=6), "call_rating"),
        (dict(price=cl.Money(units=1, scale=0, currency="rub")), "price"),
        (dict(agents=[cl.Agent(name=" ")]), "agents[0]"),
        (dict(ivr_path=[cl.IvrStep(node="a", entered_at=ts("2024-01-01T00:00:10Z"),
                                   left_at=ts("2024-01-01T00:00:00Z"))]), "ivr_path[0].left_at"),
    ]
    for fields, field in cases:
        with pytest.raises(cl.CallLogError.Invalid) as err:
            cl.CallRecord(id="v", channel=cl.Channel.VOICE, **fields).validate()
        assert (err.value.record_id, err.value.field) == ("v", field)
    with pytest.raises(cl.CallLogError.Invalid) as err:
        cl.CallRecord(id="", channel=cl.Channel.VOICE).validate()
    assert err.value.field == "id"


def test_callback_record(cl):
    cb = cl.CallbackRecord(id="cb", state=cl.CallbackState.NOT_DONE,
                           incoming_at=ts("2024-05-01T10:00:00Z"),
                           registered_at=ts("2024-05-01T09:00:00Z"))
    with pytest.raises(cl.CallLogError.Invalid) as err:
        cb.validate()
    assert err.value.field == "registered_at"


def test_viewer(cl):
    ivan = cl.CallRecord(id="c-1", channel=cl.Channel.VOICE,
                         agents=[cl.Agent(name="Ivan", groups=["Sales"])],
                         price=cl.Money(units=150, scale=2, currency="RUB"),
                         scenario_url="https://example.com/s", extra={"k": "v"})
    olga = cl.CallRecord(id="c-2", channel=cl.Channel.VOICE, agents=[cl.Agent(name="Olga", groups=["Support"])])
    sup = cl.Viewer(role=cl.Role.SUPERVISOR, user="Boss", groups=["Sales"])
    assert sup.can_see(ivan) and not sup.can_see(olga)
    assert not sup.sees_everything()
    assert not sup.may_see(cl.Restricted.PRICE)
    red = sup.redact(ivan)
    assert red.price is None and red.scenario_url is None and red.extra == {}
    owner = cl.Viewer(role=cl.Role.OWNER)
    assert owner.sees_everything() and owner.may_see(cl.Restricted.CALL_DETAILS)
    assert owner.redact(ivan) == ivan
    op = cl.Viewer(role=cl.Role.OPERATOR, user="Ivan")
    assert not op.can_see(ivan)  # history switch off
    assert cl.Viewer(role=cl.Role.OPERATOR, user="Ivan", history_access=True).can_see(ivan)

    log = cl.CallLog([ivan, olga])
    seen = log.visible_to(sup)
    assert seen.count() == 1
    assert seen.records()[0].price is None
    assert log.visible_to(owner).count() == 2


def test_call_log(cl):
    a = cl.CallRecord(id="a", channel=cl.Channel.VOICE, timeline=cl.CallTimeline(
        started_at=ts("2024-01-01T00:00:00Z"), talk_started_at=ts("2024-01-01T00:00:05Z"),
        talk_ended_at=ts("2024-01-01T00:01:05Z")))
    b = cl.CallRecord(id="b", channel=cl.Channel.SMS)
    log = cl.CallLog([a, b])
    assert log.count() == 2
    assert [r.id for r in log.records()] == ["a", "b"]
    assert log.record("b") == b
    assert log.record("zzz") is None
    derived = log.derived(cl.canonical_rules())
    assert [d.wait for d in derived] == [5.0, None]
    assert derived[0].outcome == cl.Outcome.COMPLETED
    assert cl.CallLog([]).count() == 0


def test_dates_are_instants(cl):
    # the same instant written in two time zones is the same Date
    tokyo = ts("2024-05-01T10:00:00+09:00")
    utc = dt.datetime(2024, 5, 1, 1, 0, tzinfo=dt.timezone.utc)
    r = cl.CallRecord(id="z", channel=cl.Channel.VOICE, timeline=cl.CallTimeline(started_at=tokyo))
    assert cl.CallLog([r]).records()[0].timeline.started_at == utc


def test_sample_data(cl):
    records = cl.sample_records(200, 7)
    assert len(records) == 200
    assert records == cl.sample_records(200, 7)  # deterministic
    for r in records:
        r.validate()
    log = cl.CallLog.sample(200, 7)
    assert log.records() == records
    assert len({r.channel for r in records}) == 5  # every channel is in the sample
    callbacks = cl.sample_callbacks(20, 7)
    assert len(callbacks) == 20
    for cb in callbacks:
        cb.validate()
