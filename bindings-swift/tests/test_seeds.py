"""The seed scenarios shared with the core and the other bindings, through the C ABI."""

import pytest

from conftest import ts


def video_call(cl, id, **timeline):
    return cl.CallRecord(id=id, channel=cl.Channel.VIDEO, timeline=cl.CallTimeline(**timeline))


# Seed 000: 履歴データの一部が空欄になる場合の例 (three blank-field cases) and G お客様待ち時間.


def test_seed000_case1_cancelled_before_answer(cl):
    # H 通話開始時間 blank; E 着信時間 and F 応答時間またはキャンセル時間 recorded.
    r = video_call(
        cl,
        "A-0001",
        started_at=ts("2024-05-01T10:00:00+09:00"),
        offered_at=ts("2024-05-01T10:00:02+09:00"),
        answered_or_cancelled_at=ts("2024-05-01T10:00:20+09:00"),
    )
    r.validate()
    assert r.outcome() == cl.Outcome.CANCELLED_BEFORE_ANSWER
    d = r.derive(cl.canonical_rules())
    assert d.outcome == cl.Outcome.CANCELLED_BEFORE_ANSWER
    assert d.wait is None  # no conversation, no wait time by seed 000 G
    assert d.success is False


def test_seed000_case2_no_agent_available(cl):
    # H and E blank, F recorded: every staff member was offline.
    r = video_call(
        cl,
        "A-0002",
        started_at=ts("2024-05-01T10:00:00+09:00"),
        answered_or_cancelled_at=ts("2024-05-01T10:00:30+09:00"),
    )
    assert r.outcome() == cl.Outcome.NO_AGENT_AVAILABLE


def test_seed000_case3_browser_closed(cl):
    # H, E and F all blank: the tab or browser was closed or refreshed.
    r = video_call(cl, "A-0003", started_at=ts("2024-05-01T10:00:00+09:00"))
    assert r.outcome() == cl.Outcome.BROWSER_CLOSED
    assert not r.is_success()


def test_seed000_wait_time_is_call_start_to_talk_start(cl):
    r = video_call(
        cl,
        "A-0004",
        started_at=ts("2024-05-01T10:00:00Z"),
        offered_at=ts("2024-05-01T10:00:03Z"),
        answered_or_cancelled_at=ts("2024-05-01T10:00:42Z"),
        talk_started_at=ts("2024-05-01T10:00:42Z"),
        talk_ended_at=ts("2024-05-01T10:05:00Z"),
        closed_at=ts("2024-05-01T10:06:00Z"),
    )
    d = r.derive(cl.canonical_rules())
    assert d.wait == 42.0
    assert d.talk == 258.0
    assert d.after_call_work == 60.0
    assert d.outcome == cl.Outcome.COMPLETED
    assert d.success is True
    # the video SaaS preset counts the total until the room is closed (seed 000 J)
    assert r.derive(cl.rules_preset("video_call_saas")).total == 360.0
    assert r.derive(cl.canonical_rules()).total == 300.0


# Seed 002 (Voximplant Kit): dial and talk time per call type; attempt results' success.


def voximplant_call(cl, call_type):
    return cl.CallRecord(
        id=f"vox-{call_type}",
        channel=cl.Channel.VOICE,
        call_type=call_type,
        timeline=cl.CallTimeline(
            started_at=ts("2024-03-01T12:00:00Z"),
            dial_started_at=ts("2024-03-01T12:00:05Z"),
            talk_started_at=ts("2024-03-01T12:00:25Z"),
            talk_ended_at=ts("2024-03-01T12:03:25Z"),
        ),
    )


@pytest.mark.parametrize(
    "name", ["AUTOMATED_CAMPAIGN", "SOFTPHONE_OUTGOING", "OPERATOR_CAMPAIGN"]
)
def test_seed002_outgoing_types_dial_from_dial_start_talk_from_pickup(cl, name):
    r = voximplant_call(cl, getattr(cl.CallType, name))
    d = r.derive(cl.rules_preset("voximplant"))
    assert d.dial == 20.0  # начало дозвона -> поднятие трубки
    assert d.talk == 180.0  # поднятие трубки -> завершение звонка


def test_seed002_incoming_dial_not_applicable_talk_from_scenario_start(cl):
    r = voximplant_call(cl, cl.CallType.INCOMING)
    vox = r.derive(cl.rules_preset("voximplant"))
    assert vox.dial is None  # "Не применимо"
    assert vox.talk == 205.0  # С момента запуска сценария ДО момента завершения вызова
    assert r.derive(cl.canonical_rules()).talk == 180.0


def test_seed002_attempt_results_success(cl):
    results = cl.all_attempt_results()
    assert len(results) == 14
    green = [r for r in results if r.is_success()]
    assert green == [cl.AttemptResult.CALL_ACCEPTED]
    for result in results:
        rec = cl.CallRecord(id="a", channel=cl.Channel.VOICE, attempt_result=result)
        assert rec.is_success() == (result == cl.AttemptResult.CALL_ACCEPTED)
    assert cl.AttemptResult.NUMBER_BUSY.label(cl.Language.RU) == "Номер занят"
    assert cl.parse_attempt_result("Брошенный") == cl.AttemptResult.ABANDONED


# Seed 004 (Focus Contact Center): Czas rozmowy = agent talk + IVR.


def test_seed004_talk_is_agent_talk_plus_ivr(cl):
    r = cl.CallRecord(
        id="fcc-1",
        channel=cl.Channel.VOICE,
        interaction_type=cl.InteractionType.INBOUND_CAMPAIGN_CALL,
        status=cl.ContactStatus.ANSWERED,
        timeline=cl.CallTimeline(
            started_at=ts("2024-02-01T09:00:00Z"),
            enqueued_at=ts("2024-02-01T09:00:40Z"),
            talk_started_at=ts("2024-02-01T09:01:00Z"),
            talk_ended_at=ts("2024-02-01T09:04:00Z"),
        ),
        ivr_path=[
            cl.IvrStep(node="Powitanie", entered_at=ts("2024-02-01T09:00:00Z")),
            cl.IvrStep(node="Menu", entered_at=ts("2024-02-01T09:00:15Z"), choice="2"),
        ],
    )
    r.validate()
    fcc = r.derive(cl.rules_preset("focus_contact_center"))
    assert fcc.agent_talk == 180.0  # Rozmowa z agentem
    assert fcc.ivr == 40.0  # first step -> queue entry
    assert fcc.talk == 220.0  # Czas rozmowy
    assert r.derive(cl.canonical_rules()).talk == 180.0
    assert fcc.outcome == cl.Outcome.COMPLETED


# Seed 001 (BIZTEL callbacks): memo of at most 1,000 characters.


def test_seed001_callback_memo_limit(cl):
    assert cl.max_memo_chars() == 1000
    ok = cl.CallbackRecord(
        id="cb-1", state=cl.CallbackState.NOT_DONE, memo="あ" * 1000,
        registered_at=ts("2024-05-01T10:00:00+09:00"),
    )
    ok.validate()
    too_long = cl.CallbackRecord(id="cb-2", state=cl.CallbackState.DONE, memo="あ" * 1001)
    with pytest.raises(cl.CallLogError.Invalid) as err:
        too_long.validate()
    assert err.value.record_id == "cb-2"
    assert err.value.field == "memo"
    assert "1001" in err.value.reason


def test_validation_error_carries_record_id_and_field(cl):
    r = video_call(
        cl,
        "c-7",
        talk_started_at=ts("2024-05-01T10:05:00Z"),
        talk_ended_at=ts("2024-05-01T10:00:00Z"),
    )
    with pytest.raises(cl.CallLogError.Invalid) as err:
        r.validate()
    assert err.value.record_id == "c-7"
    assert err.value.field == "timeline.talk_ended_at"
    # the same error from the CallLog constructor, naming the first bad record
    good = video_call(cl, "c-6", started_at=ts("2024-05-01T10:00:00Z"))
    with pytest.raises(cl.CallLogError.Invalid) as err:
        cl.CallLog([good, r])
    assert (err.value.record_id, err.value.field) == ("c-7", "timeline.talk_ended_at")


def test_seed000_answered_call_is_completed_only_when_talk_ended_or_closed(cl):
    talking = video_call(cl, "A-0005", started_at=ts("2024-05-01T10:00:00Z"),
                         talk_started_at=ts("2024-05-01T10:00:10Z"))
    assert talking.outcome() == cl.Outcome.IN_PROGRESS
    ended = video_call(cl, "A-0006", started_at=ts("2024-05-01T10:00:00Z"),
                       talk_started_at=ts("2024-05-01T10:00:10Z"),
                       talk_ended_at=ts("2024-05-01T10:01:10Z"))
    assert ended.outcome() == cl.Outcome.COMPLETED


def test_seed002_supervisor_sees_own_groups_without_price(cl):
    price = cl.Money(units=1250, scale=2, currency="RUB")
    sales = cl.CallRecord(id="s", channel=cl.Channel.VOICE, price=price,
                          agents=[cl.Agent(name="Ivan", groups=["Sales"])])
    support = cl.CallRecord(id="h", channel=cl.Channel.VOICE, price=price,
                            agents=[cl.Agent(name="Anna", groups=["Support"])])
    sup = cl.Viewer(role=cl.Role.SUPERVISOR, user="Olga", groups=["Sales"])
    seen = cl.CallLog([sales, support]).visible_to(sup).records()
    assert [r.id for r in seen] == ["s"]
    assert seen[0].price is None
    manager = cl.CallLog([sales, support]).visible_to(cl.Viewer(role=cl.Role.MANAGER)).records()
    assert [r.price for r in manager] == [price, price]


def test_seed003_reported_wait_and_total_are_used_when_timestamps_are_missing(cl):
    r = cl.CallRecord(id="ringo-1", channel=cl.Channel.VOICE,
                      reported=cl.ReportedDurations(wait=12.0, total=95.0))
    d = r.derive(cl.canonical_rules())
    assert (d.wait, d.total) == (12.0, 95.0)


@pytest.mark.parametrize("status,outcome", [
    ("ANSWERED", "COMPLETED"), ("RINGING", "IN_PROGRESS"), ("FAILED", "FAILED"),
    ("CLASSIFIER", "CLASSIFIED_ONLY"), ("BUSY", "BUSY"), ("PENDING", "IN_PROGRESS"),
    ("NO_ANSWER", "NOT_ANSWERED"),
])
def test_seed004_statuses_map_to_outcomes(cl, status, outcome):
    r = cl.CallRecord(id="fcc", channel=cl.Channel.VOICE, status=getattr(cl.ContactStatus, status))
    assert r.outcome() == getattr(cl.Outcome, outcome)
    # the seed's own spelling reads back
    assert cl.parse_contact_status("NO ANSWEAR") == cl.ContactStatus.NO_ANSWER
