//! Each seed's derived-field rule, tested with the seed's own example. Every test here would
//! fail if its rule were wrong.

use calllog::*;

fn secs(d: Option<TimeDelta>) -> Option<i64> {
    d.map(|d| d.num_seconds())
}

// ---------------------------------------------------------------- seed 000 (video-call SaaS)

/// A seed 000 row with D (start), E (offered), F (answered or cancelled), H/I (talk), J (closed).
fn seed000(e: Option<&str>, f: Option<&str>, h: Option<&str>) -> CallRecord {
    let mut r = CallRecord::new("A-1", Channel::Video).started_at(ts("2024-05-01T10:00:00+09:00"));
    r.timeline.offered_at = e.map(ts);
    r.timeline.answered_or_cancelled_at = f.map(ts);
    r.timeline.talk_started_at = h.map(ts);
    r
}

#[test]
fn seed000_case1_talk_start_blank_but_ringing_and_cancel_recorded_is_cancelled_before_answer() {
    // ケース1:「(H)通話開始時間」が空欄で「(E)着信時間」・「(F)応答時間またはキャンセル時間」に記録有り
    let r = seed000(
        Some("2024-05-01T10:00:02+09:00"),
        Some("2024-05-01T10:00:25+09:00"),
        None,
    );
    r.validate().unwrap();
    assert_eq!(r.outcome(), Outcome::CancelledBeforeAnswer);
    assert!(!r.is_success());
    assert_eq!(
        r.wait_time(),
        None,
        "no conversation, so no wait by seed 000 G's definition"
    );
}

#[test]
fn seed000_case2_talk_start_and_ringing_blank_is_no_agent_available() {
    // ケース2:「(H)通話開始時間」・「(E)着信時間」共に空欄で「(F)応答時間またはキャンセル時間」に記録有り
    let r = seed000(None, Some("2024-05-01T10:00:40+09:00"), None);
    assert_eq!(r.outcome(), Outcome::NoAgentAvailable);
    assert_eq!(
        Outcome::NoAgentAvailable.label(Locale::Ja),
        "対応可能なスタッフなし"
    );
}

#[test]
fn seed000_case3_all_three_blank_is_browser_closed() {
    // ケース3:「(H)通話開始時間」・「(E)着信時間」・「(F)応答時間またはキャンセル時間」の全てが空欄
    let r = seed000(None, None, None);
    assert_eq!(r.outcome(), Outcome::BrowserClosed);
}

#[test]
fn seed000_answered_call_is_completed_only_when_talk_ended_or_closed() {
    let mut r = seed000(
        Some("2024-05-01T10:00:02+09:00"),
        Some("2024-05-01T10:00:12+09:00"),
        Some("2024-05-01T10:00:12+09:00"),
    );
    assert_eq!(r.outcome(), Outcome::InProgress);
    r.timeline.talk_ended_at = Some(ts("2024-05-01T10:04:12+09:00"));
    assert_eq!(r.outcome(), Outcome::Completed);
    assert!(r.is_success());
}

#[test]
fn seed000_wait_time_runs_from_call_start_to_talk_start() {
    // G お客様待ち時間(秒): 「コール開始時間」から「通話開始時間」までの時間
    let mut r = seed000(
        Some("2024-05-01T10:00:05+09:00"),
        Some("2024-05-01T10:00:30+09:00"),
        Some("2024-05-01T10:00:42+09:00"),
    );
    r.timeline.talk_ended_at = Some(ts("2024-05-01T10:10:00+09:00"));
    r.timeline.closed_at = Some(ts("2024-05-01T10:12:30+09:00"));
    let d = Rules::CANONICAL.derive(&r);
    // 42 s: from D, not from E (5 s later) nor F (30 s later)
    assert_eq!(secs(d.wait), Some(42));
    // after-call work: I 通話終了時間 → J 接続終了時間
    assert_eq!(secs(d.after_call_work), Some(150));
    // ringing at the staff member: E → F
    assert_eq!(secs(d.dial), Some(25));
    assert_eq!(secs(d.talk), Some(558));
    assert_eq!(secs(d.total), Some(600));
    assert_eq!(secs(Rules::VIDEO_CALL_SAAS.derive(&r).total), Some(750));
}

// ---------------------------------------------------------------- seed 002 (Voximplant Kit)

/// A call of `ty` dialled at 09:00:00, picked up at 09:00:20, ended at 09:03:00.
fn seed002(ty: CallType) -> CallRecord {
    let incoming = ty == CallType::Incoming;
    let mut r = CallRecord::new("V-1", Channel::Voice)
        .call_type(ty)
        .attempt_result(AttemptResult::CallAccepted)
        .started_at(ts("2024-05-01T09:00:00Z"))
        .talk_started_at(ts("2024-05-01T09:00:20Z"))
        .talk_ended_at(ts("2024-05-01T09:03:00Z"));
    if !incoming {
        r.timeline.dial_started_at = Some(ts("2024-05-01T09:00:02Z"));
    }
    r
}

#[test]
fn seed002_dial_duration_per_call_type() {
    // campaigns and softphone: from the start of dialling to pick-up
    for ty in [
        CallType::AutomatedCampaign,
        CallType::SoftphoneOutgoing,
        CallType::OperatorCampaign,
    ] {
        let r = seed002(ty);
        r.validate().unwrap();
        assert_eq!(secs(Rules::VOXIMPLANT.derive(&r).dial), Some(18), "{ty}");
    }
    // incoming: "Не применимо"
    assert_eq!(
        Rules::VOXIMPLANT.derive(&seed002(CallType::Incoming)).dial,
        None
    );
}

#[test]
fn seed002_unanswered_dial_runs_until_the_unavailable_status() {
    let mut r = CallRecord::new("V-2", Channel::Voice)
        .call_type(CallType::AutomatedCampaign)
        .attempt_result(AttemptResult::NumberUnavailable)
        .started_at(ts("2024-05-01T09:00:00Z"))
        .dial_started_at(ts("2024-05-01T09:00:00Z"))
        .answered_or_cancelled_at(ts("2024-05-01T09:00:07Z"));
    r.timeline.closed_at = Some(ts("2024-05-01T09:00:07Z"));
    let d = Rules::VOXIMPLANT.derive(&r);
    assert_eq!(secs(d.dial), Some(7));
    assert_eq!(d.talk, None);
    assert_eq!(d.outcome, Outcome::Failed);
    assert!(!d.success);
}

#[test]
fn seed002_talk_duration_per_call_type() {
    // outgoing types: from pick-up to the end of the call
    for ty in [
        CallType::AutomatedCampaign,
        CallType::SoftphoneOutgoing,
        CallType::OperatorCampaign,
    ] {
        assert_eq!(
            secs(Rules::VOXIMPLANT.derive(&seed002(ty)).talk),
            Some(160),
            "{ty}"
        );
    }
    // incoming: "С момента запуска сценария ДО момента завершения вызова"
    assert_eq!(
        secs(Rules::VOXIMPLANT.derive(&seed002(CallType::Incoming)).talk),
        Some(180)
    );
    // the canonical rule measures incoming calls from pick-up like the others
    assert_eq!(
        secs(Rules::CANONICAL.derive(&seed002(CallType::Incoming)).talk),
        Some(160)
    );
}

#[test]
fn seed002_fourteen_attempt_results_only_call_accepted_is_green() {
    assert_eq!(AttemptResult::ALL.len(), 14);
    let green: Vec<_> = AttemptResult::ALL
        .iter()
        .filter(|r| r.is_success())
        .collect();
    assert_eq!(green, [&AttemptResult::CallAccepted]);
    // the attempt result decides success even when the timeline looks like a conversation
    let mut r = seed002(CallType::AutomatedCampaign);
    r.attempt_result = Some(AttemptResult::Voicemail);
    assert!(!r.is_success());
    assert_eq!(r.outcome(), Outcome::NotAnswered);
    r.attempt_result = Some(AttemptResult::Abandoned);
    assert_eq!(r.outcome(), Outcome::NoAgentAvailable);
}

#[test]
fn seed002_supervisor_sees_own_groups_without_price() {
    let sales = CallRecord::new("V-3", Channel::Voice)
        .agent(Agent::named("Иван").in_group("Продажи"))
        .price(Money::from_decimal_str("12.50", "RUB").unwrap())
        .extra_field("sip_call_id", "abc");
    let support =
        CallRecord::new("V-4", Channel::Voice).agent(Agent::named("Ольга").in_group("Поддержка"));
    let sup = Viewer::supervisor("Мария", ["Продажи"]);
    assert!(sup.can_see(&sales));
    assert!(!sup.can_see(&support));
    let seen = sup.redact(&sales);
    assert_eq!(seen.price, None);
    assert!(seen.extra.is_empty());
    for role in [Role::Owner, Role::Admin, Role::Manager] {
        let v = Viewer::new(role);
        assert!(v.can_see(&support));
        assert_eq!(v.redact(&sales), sales);
    }
    // operators: own calls only, and only with the history switch on
    assert!(!Viewer::operator("Иван", false).can_see(&sales));
    assert!(Viewer::operator("Иван", true).can_see(&sales));
    assert!(!Viewer::operator("Иван", true).can_see(&support));
    // a supervisor with the switch on also sees their own calls outside their groups
    let own =
        CallRecord::new("V-5", Channel::Voice).agent(Agent::named("Мария").in_group("Другая"));
    assert!(!sup.can_see(&own));
    assert!(
        Viewer {
            history_access: true,
            ..sup
        }
        .can_see(&own)
    );
}

// ---------------------------------------------------------------- seed 003 (Ringostat)

#[test]
fn seed003_reported_wait_and_total_are_used_when_timestamps_are_missing() {
    let mut r = CallRecord::new("R-1", Channel::Voice).status(ContactStatus::Answered);
    r.reported.wait = Some(TimeDelta::seconds(12));
    r.reported.total = Some(TimeDelta::seconds(312));
    r.reported.talk = Some(TimeDelta::seconds(300));
    let d = r.derived();
    assert_eq!(
        (secs(d.wait), secs(d.total), secs(d.talk)),
        (Some(12), Some(312), Some(300))
    );
    assert_eq!(d.outcome, Outcome::Completed);
    // the timeline wins over reported numbers when both exist
    r.timeline.started_at = Some(ts("2024-05-01T09:00:00Z"));
    r.timeline.talk_started_at = Some(ts("2024-05-01T09:00:05Z"));
    assert_eq!(secs(r.wait_time()), Some(5));
}

// ---------------------------------------------------------------- seed 004 (Focus Contact Center)

/// An inbound campaign call: IVR 08:00:00–08:00:45 (two tiles), agent talk 08:01:00–08:06:00.
fn seed004() -> CallRecord {
    CallRecord::new("F-1", Channel::Voice)
        .interaction_type(InteractionType::InboundCampaignCall)
        .status(ContactStatus::Answered)
        .started_at(ts("2024-05-01T08:00:00+02:00"))
        .ivr_step(IvrStep {
            node: "Powitanie".into(),
            entered_at: Some(ts("2024-05-01T08:00:00+02:00")),
            ..Default::default()
        })
        .ivr_step(IvrStep {
            node: "Menu".into(),
            entered_at: Some(ts("2024-05-01T08:00:20+02:00")),
            left_at: Some(ts("2024-05-01T08:00:45+02:00")),
            choice: Some("1".into()),
            ..Default::default()
        })
        .enqueued_at(ts("2024-05-01T08:00:45+02:00"))
        .talk_started_at(ts("2024-05-01T08:01:00+02:00"))
        .talk_ended_at(ts("2024-05-01T08:06:00+02:00"))
}

#[test]
fn seed004_talk_time_is_agent_talk_plus_ivr() {
    // Czas rozmowy – suma czasu fizycznej rozmowy Agent – Klient plus czas jaki spędził Klient na schemacie IVR
    let r = seed004();
    r.validate().unwrap();
    let d = Rules::FOCUS_CONTACT_CENTER.derive(&r);
    assert_eq!(secs(d.ivr), Some(45));
    // Rozmowa z agentem – fizyczny czas rozmowy Klient – Agent
    assert_eq!(secs(d.agent_talk), Some(300));
    assert_eq!(secs(d.talk), Some(345));
    // the canonical rule does not add the IVR
    assert_eq!(secs(Rules::CANONICAL.derive(&r).talk), Some(300));
    // per-step durations for the detailed report: the first tile ends when the next begins
    assert_eq!(
        secs(rules::ivr_step_duration(&r.ivr_path[0], r.ivr_path.get(1))),
        Some(20)
    );
    assert_eq!(
        secs(rules::ivr_step_duration(&r.ivr_path[1], None)),
        Some(25)
    );
}

#[test]
fn seed004_ivr_only_call_has_talk_time_of_its_ivr() {
    let mut r = seed004();
    r.timeline.talk_started_at = None;
    r.timeline.talk_ended_at = None;
    r.status = Some(ContactStatus::NoAnswer);
    let d = Rules::FOCUS_CONTACT_CENTER.derive(&r);
    assert_eq!((secs(d.talk), d.agent_talk), (Some(45), None));
    assert_eq!(d.outcome, Outcome::NotAnswered);
}

#[test]
fn seed004_reported_talk_times_are_kept_as_the_vendor_defined_them() {
    let mut r = CallRecord::new("F-2", Channel::Voice).status(ContactStatus::Answered);
    r.reported.talk = Some(TimeDelta::seconds(345));
    r.reported.agent_talk = Some(TimeDelta::seconds(300));
    r.reported.dial = Some(TimeDelta::seconds(9));
    let d = Rules::FOCUS_CONTACT_CENTER.derive(&r);
    assert_eq!(
        (secs(d.talk), secs(d.agent_talk), secs(d.dial)),
        (Some(345), Some(300), Some(9))
    );
}

#[test]
fn seed004_statuses_map_to_outcomes() {
    let cases = [
        (ContactStatus::Answered, Outcome::Completed),
        (ContactStatus::Ringing, Outcome::InProgress),
        (ContactStatus::Failed, Outcome::Failed),
        (ContactStatus::Classifier, Outcome::ClassifiedOnly),
        (ContactStatus::Busy, Outcome::Busy),
        (ContactStatus::Pending, Outcome::InProgress),
        (ContactStatus::NoAnswer, Outcome::NotAnswered),
    ];
    assert_eq!(cases.len(), ContactStatus::ALL.len());
    for (status, outcome) in cases {
        assert_eq!(
            CallRecord::new("F", Channel::Voice)
                .status(status)
                .outcome(),
            outcome,
            "{status}"
        );
    }
    // the seed's own spelling reads back
    assert_eq!(
        "NO ANSWEAR".parse::<ContactStatus>().unwrap(),
        ContactStatus::NoAnswer
    );
    assert_eq!(
        "ANSWERED".parse::<ContactStatus>().unwrap(),
        ContactStatus::Answered
    );
}

#[test]
fn seed004_seventeen_interaction_types_know_channel_and_direction() {
    assert_eq!(InteractionType::ALL.len(), 17);
    use InteractionType::*;
    assert_eq!(OutboundEmail.channel(), Channel::Email);
    assert_eq!(InboundSms.direction(), Direction::Inbound);
    assert_eq!(MessengerChat.channel(), Channel::Chat);
    assert_eq!(Consultation.direction(), Direction::Internal);
    assert_eq!(SiteCallCustomerLeg.direction(), Direction::Outbound);
    assert_eq!(
        InboundCampaignCall.label(Locale::Pl),
        "Połączenie przychodzące w kampanii"
    );
    let r = CallRecord::new("F", Channel::Email).interaction_type(InboundEmail);
    assert_eq!(r.effective_direction(), Some(Direction::Inbound));
}

// ---------------------------------------------------------------- Amazon Connect

#[test]
fn amazon_connect_queue_wait_and_after_contact_work_timestamps() {
    let mut r = CallRecord::new("AC-1", Channel::Voice)
        .direction(Direction::Inbound)
        .started_at(ts("2024-05-01T12:00:00Z"))
        .enqueued_at(ts("2024-05-01T12:00:30Z"))
        .dequeued_at(ts("2024-05-01T12:01:10Z"))
        .talk_started_at(ts("2024-05-01T12:01:12Z"))
        .talk_ended_at(ts("2024-05-01T12:06:12Z"));
    r.timeline.after_call_work_started_at = Some(ts("2024-05-01T12:06:12Z"));
    r.timeline.after_call_work_ended_at = Some(ts("2024-05-01T12:07:00Z"));
    r.timeline.closed_at = Some(ts("2024-05-01T12:09:00Z"));
    r.reported.hold = Some(TimeDelta::seconds(30));
    r.validate().unwrap();
    assert_eq!(secs(Rules::AMAZON_CONNECT.derive(&r).wait), Some(40));
    assert_eq!(secs(Rules::CANONICAL.derive(&r).wait), Some(72));
    let d = r.derived();
    assert_eq!(
        secs(d.after_call_work),
        Some(48),
        "explicit ACW timestamps win over I → J"
    );
    assert_eq!(secs(d.hold), Some(30));
    // handle = talk (which spans the hold) + ACW
    assert_eq!(secs(d.handle), Some(348));
}

#[test]
fn rules_presets_are_found_by_name() {
    assert_eq!(Rules::preset("voximplant").unwrap(), Rules::VOXIMPLANT);
    assert_eq!(
        Rules::preset("FOCUS_CONTACT_CENTER").unwrap(),
        Rules::FOCUS_CONTACT_CENTER
    );
    let err = Rules::preset("genesys").unwrap_err().to_string();
    assert!(
        err.contains("genesys") && err.contains("amazon_connect"),
        "{err}"
    );
    assert_eq!(Rules::default(), Rules::CANONICAL);
}
