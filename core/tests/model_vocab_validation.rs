//! Vocabularies round-trip through their machine names, labels and serde; malformed records
//! yield typed errors naming the record and the field; nothing panics on arbitrary input.

use std::collections::HashSet;

use calllog::*;
use proptest::prelude::*;

fn check_vocabulary<
    V: Vocabulary + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
>() {
    let mut machine = HashSet::new();
    for &v in V::ALL {
        let name = v.as_str();
        assert!(machine.insert(name), "{} {name} twice", V::NAME);
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{name} is not snake_case"
        );
        assert_eq!(v.to_string(), name);
        assert_eq!(name.parse::<V>().unwrap(), v);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<V>(&json).unwrap(), v);
        for &l in Locale::ALL {
            let label = v.label(l);
            assert!(!label.is_empty());
            assert_eq!(
                label.parse::<V>().unwrap(),
                v,
                "{} label {label:?} ({l}) reads back",
                V::NAME
            );
        }
    }
    for &l in Locale::ALL {
        let labels: HashSet<_> = V::ALL.iter().map(|v| v.label(l).to_lowercase()).collect();
        assert_eq!(
            labels.len(),
            V::ALL.len(),
            "{} labels in {l} are not unique",
            V::NAME
        );
    }
    let err = "no such value".parse::<V>().unwrap_err();
    match &err {
        Error::UnknownValue {
            vocabulary,
            value,
            accepted,
        } => {
            assert_eq!(*vocabulary, V::NAME);
            assert_eq!(value, "no such value");
            for v in V::ALL {
                assert!(accepted.contains(v.as_str()));
            }
        }
        other => panic!("{other:?}"),
    }
    assert!(serde_json::from_str::<V>("\"no such value\"").is_err());
}

#[test]
fn every_vocabulary_round_trips() {
    check_vocabulary::<Channel>();
    check_vocabulary::<Direction>();
    check_vocabulary::<InteractionType>();
    check_vocabulary::<ContactStatus>();
    check_vocabulary::<AttemptResult>();
    check_vocabulary::<DisconnectSide>();
    check_vocabulary::<CallMode>();
    check_vocabulary::<CallType>();
    check_vocabulary::<CallbackState>();
    check_vocabulary::<JobState>();
    check_vocabulary::<Outcome>();
    check_vocabulary::<Role>();
}

#[test]
fn seeds_own_words_are_the_labels() {
    assert_eq!(
        AttemptResult::LostByOperator.label(Locale::Ru),
        "Потерян оператором"
    );
    assert_eq!(
        AttemptResult::BlockedDnc.label(Locale::Ru),
        "Заблокирован DNC"
    );
    assert_eq!(CallbackState::NotDone.label(Locale::Ja), "未完了");
    assert_eq!(CallbackState::Done.label(Locale::Ja), "完了");
    assert_eq!(JobState::Pending.label(Locale::Ja), "未処理");
    assert_eq!(JobState::Running.label(Locale::Ja), "処理中");
    assert_eq!(JobState::Done.label(Locale::Ja), "正常終了");
    assert_eq!(JobState::Failed.label(Locale::Ja), "異常終了");
    assert_eq!(CallMode::Video.label(Locale::Ja), "ビデオ通話");
    assert_eq!(ContactStatus::Busy.label(Locale::Pl), "Zajęte");
    assert_eq!(
        CallType::SoftphoneOutgoing.label(Locale::Ru),
        "Исходящий звонок из софтфона"
    );
    assert_eq!(Role::Supervisor.label(Locale::Ru), "Супервизор");
    assert_eq!("ja-JP".parse::<Locale>().unwrap(), Locale::Ja);
}

#[test]
fn vendor_mappings() {
    use ContactStatus as S;
    for (twilio, status) in [
        ("queued", S::Pending),
        ("initiated", S::Ringing),
        ("ringing", S::Ringing),
        ("in-progress", S::Answered),
        ("completed", S::Answered),
        ("busy", S::Busy),
        ("failed", S::Failed),
        ("no-answer", S::NoAnswer),
        ("canceled", S::NoAnswer),
    ] {
        assert_eq!(S::from_twilio(twilio).unwrap(), status, "{twilio}");
    }
    assert_eq!(
        AttemptResult::from_twilio("canceled").unwrap(),
        Some(AttemptResult::RequestCancelled)
    );
    assert_eq!(
        AttemptResult::from_twilio("completed").unwrap(),
        Some(AttemptResult::CallAccepted)
    );
    assert_eq!(AttemptResult::from_twilio("ringing").unwrap(), None);
    assert!(
        S::from_twilio("answered")
            .unwrap_err()
            .to_string()
            .contains("no-answer")
    );

    for (disp, status, result) in [
        ("ANSWERED", S::Answered, AttemptResult::CallAccepted),
        ("NO ANSWER", S::NoAnswer, AttemptResult::NoAnswer),
        ("BUSY", S::Busy, AttemptResult::NumberBusy),
        ("FAILED", S::Failed, AttemptResult::DialError),
        ("CONGESTION", S::Failed, AttemptResult::NumberUnavailable),
    ] {
        assert_eq!(S::from_asterisk(disp).unwrap(), status, "{disp}");
        assert_eq!(
            AttemptResult::from_asterisk(disp).unwrap(),
            result,
            "{disp}"
        );
    }
    assert!(S::from_asterisk("HANGUP").is_err());

    assert_eq!(
        DisconnectSide::from_amazon_connect("CUSTOMER_DISCONNECT").unwrap(),
        DisconnectSide::Customer
    );
    assert_eq!(
        DisconnectSide::from_amazon_connect("BARGED").unwrap(),
        DisconnectSide::Supervisor
    );
    assert_eq!(
        DisconnectSide::from_amazon_connect("TELECOM_PROBLEM").unwrap(),
        DisconnectSide::Network
    );
    assert_eq!(
        DisconnectSide::from_amazon_connect("CONTACT_FLOW_DISCONNECT").unwrap(),
        DisconnectSide::System
    );
    let err = DisconnectSide::from_amazon_connect("HUNG_UP")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("HUNG_UP") && err.contains("AGENT_DISCONNECT"),
        "{err}"
    );
}

fn invalid(r: &CallRecord) -> (String, String, String) {
    match r.validate() {
        Err(Error::Invalid {
            record_id,
            field,
            reason,
        }) => (record_id, field, reason),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn talk_end_before_talk_start_names_record_and_field() {
    let r = CallRecord::new("c-42", Channel::Voice)
        .talk_started_at(ts("2024-05-01T10:05:00Z"))
        .talk_ended_at(ts("2024-05-01T10:00:00Z"));
    let (id, field, _) = invalid(&r);
    assert_eq!(
        (id.as_str(), field.as_str()),
        ("c-42", "timeline.talk_ended_at")
    );
    let msg = r.validate().unwrap_err().to_string();
    assert!(
        msg.contains("c-42") && msg.contains("timeline.talk_ended_at"),
        "{msg}"
    );
    // and the rules never turn it into a negative duration
    assert_eq!(r.talk_time(), None);
}

#[test]
fn answer_before_offer_is_invalid() {
    let r = CallRecord::new("c-1", Channel::Video)
        .offered_at(ts("2024-05-01T10:00:10Z"))
        .answered_or_cancelled_at(ts("2024-05-01T10:00:05Z"));
    assert_eq!(invalid(&r).1, "timeline.answered_or_cancelled_at");
}

#[test]
fn other_malformed_records() {
    assert_eq!(invalid(&CallRecord::new("  ", Channel::Voice)).1, "id");

    let mut r = CallRecord::new("c-2", Channel::Voice);
    r.reported.talk = Some(TimeDelta::seconds(-3));
    assert_eq!(invalid(&r).1, "reported.talk");
    r.reported.talk = Some(TimeDelta::days(40));
    assert!(invalid(&r).2.contains("absurd"));

    let r = CallRecord::new("c-3", Channel::Voice)
        .started_at(ts("2024-01-01T00:00:00Z"))
        .closed_at(ts("2024-03-01T00:00:00Z"));
    assert_eq!(invalid(&r).1, "timeline.closed_at");

    let mut r = CallRecord::new("c-4", Channel::Video);
    r.pre_survey = (1..=51)
        .map(|i| SurveyAnswer {
            index: i,
            question: format!("q{i}"),
            answer: None,
        })
        .collect();
    assert_eq!(invalid(&r).1, "pre_survey");
    r.pre_survey = vec![SurveyAnswer {
        index: 51,
        ..Default::default()
    }];
    assert_eq!(invalid(&r).1, "pre_survey[0].index");
    r.pre_survey = vec![
        SurveyAnswer {
            index: 3,
            ..Default::default()
        },
        SurveyAnswer {
            index: 3,
            ..Default::default()
        },
    ];
    assert_eq!(invalid(&r).1, "pre_survey[1].index");
    r.pre_survey.clear();
    r.post_survey = vec![SurveyAnswer {
        index: 0,
        ..Default::default()
    }];
    assert_eq!(invalid(&r).1, "post_survey[0].index");

    let mut r = CallRecord::new("c-5", Channel::Voice);
    r.call_rating = Some(6);
    assert_eq!(invalid(&r).1, "call_rating");

    let r = CallRecord::new("c-6", Channel::Voice).price(Money::new(100, 2, "rubles"));
    assert_eq!(invalid(&r).1, "price");

    let r = CallRecord::new("c-7", Channel::Voice).agent(Agent::default());
    assert_eq!(invalid(&r).1, "agents[0]");

    let mut r = CallRecord::new("c-8", Channel::Voice);
    r.ivr_path = vec![
        IvrStep {
            node: "a".into(),
            entered_at: Some(ts("2024-05-01T10:00:10Z")),
            ..Default::default()
        },
        IvrStep {
            node: "b".into(),
            entered_at: Some(ts("2024-05-01T10:00:05Z")),
            ..Default::default()
        },
    ];
    assert_eq!(invalid(&r).1, "ivr_path[1].entered_at");

    // a step that ends before it starts, or lasts longer than any contact may
    let step = |left: &str| IvrStep {
        node: "a".into(),
        entered_at: Some(ts("2024-05-01T10:00:10Z")),
        left_at: Some(ts(left)),
        ..Default::default()
    };
    r.ivr_path = vec![step("2024-05-01T10:00:20Z"), step("2024-05-01T10:00:05Z")];
    let (_, field, reason) = invalid(&r);
    assert_eq!(field, "ivr_path[1].left_at");
    assert!(
        reason.contains("is before ivr_path[1].entered_at 2024-05-01T10:00:10"),
        "{reason}"
    );
    r.ivr_path = vec![step("2024-06-01T10:00:11Z")];
    assert_eq!(
        invalid(&r),
        (
            "c-8".into(),
            "ivr_path[0].left_at".into(),
            "more than 31 days after ivr_path[0].entered_at".into()
        )
    );
    r.ivr_path = vec![step("2024-06-01T10:00:10Z")]; // exactly 31 days
    r.validate().unwrap();

    let r = CallRecord::new("c-9", Channel::Voice)
        .talk_started_at(ts("2024-05-01T10:05:00Z"))
        .talk_ended_at(ts("2024-05-01T10:00:00Z"));
    assert_eq!(
        invalid(&r).2,
        "2024-05-01T10:00:00+00:00 is before timeline.talk_started_at 2024-05-01T10:05:00+00:00"
    );
    let mut r = CallRecord::new("c-10", Channel::Voice);
    r.reported.hold = Some(TimeDelta::milliseconds(-1500));
    assert_eq!(
        invalid(&r),
        (
            "c-10".into(),
            "reported.hold".into(),
            "negative duration -1.5s".into()
        )
    );
}

#[test]
fn seed001_callback_memo_holds_at_most_1000_characters() {
    // メモ: 1,000文字以内で任意の内容で登録可能
    let mut cb = CallbackRecord::new("CB1", ts("2024-07-16T17:59:14+09:00"));
    cb.memo = Some("あ".repeat(1000)); // characters, not bytes
    cb.validate().unwrap();
    cb.memo = Some("あ".repeat(1001));
    match cb.validate() {
        Err(Error::Invalid {
            record_id,
            field,
            reason,
        }) => {
            assert_eq!((record_id.as_str(), field.as_str()), ("CB1", "memo"));
            assert!(reason.contains("1001"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(cb.state, CallbackState::NotDone);
    assert_eq!(
        cb.assignee, None,
        "空欄の場合は、担当者の割り当てがされていません"
    );
}

#[test]
fn money_is_exact() {
    let m = Money::from_decimal_str("0.10", "RUB").unwrap();
    assert_eq!((m.units, m.scale), (10, 2));
    assert_eq!(m.amount_string(), "0.10");
    assert_eq!(Money::new(-5, 3, "PLN").amount_string(), "-0.005");
    assert_eq!(Money::new(1200, 0, "JPY").to_string(), "1200 JPY");
    assert_eq!(
        "12.345 USD".parse::<Money>().unwrap(),
        Money::new(12345, 3, "USD")
    );
    assert!(Money::from_decimal_str("1e3", "USD").is_err());
    assert!(Money::from_decimal_str("", "USD").is_err());
    assert!("12.5".parse::<Money>().is_err());
}

#[test]
fn sample_records_are_valid_and_survive_serde() {
    let records: Vec<CallRecord> = sample::generate(5_000, 42).collect();
    for r in &records {
        r.validate().unwrap();
        let json = serde_json::to_string(r).unwrap();
        let back: CallRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, r);
    }
    // the sample covers what demos and tests rely on
    let outcomes: HashSet<_> = records.iter().map(|r| r.outcome()).collect();
    for o in [
        Outcome::CancelledBeforeAnswer,
        Outcome::NoAgentAvailable,
        Outcome::BrowserClosed,
        Outcome::Completed,
    ] {
        assert!(outcomes.contains(&o), "{o} missing");
    }
    let types: HashSet<_> = records.iter().filter_map(|r| r.interaction_type).collect();
    assert_eq!(types.len(), 17);
    let results: HashSet<_> = records.iter().filter_map(|r| r.attempt_result).collect();
    assert_eq!(results.len(), 14);
    assert!(
        records
            .iter()
            .any(|r| r.recording.as_ref().is_some_and(|x| x.processing))
    );
    assert!(records.iter().any(|r| r.agents.iter().any(|a| a.deleted)));
    for cb in sample::generate_callbacks(500, 1) {
        cb.validate().unwrap();
    }
}

#[test]
fn serde_names_are_snake_case_and_blank_is_null() {
    let r = CallRecord::new("x", Channel::Sms).status(ContactStatus::NoAnswer);
    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(v["channel"], "sms");
    assert_eq!(v["status"], "no_answer");
    assert!(v["timeline"]["talk_started_at"].is_null());
    assert!(v["reported"]["wait"].is_null());
    // a record with only an id deserializes, everything else defaulted
    let min: CallRecord = serde_json::from_str(r#"{"id":"m"}"#).unwrap();
    assert_eq!(min, CallRecord::new("m", Channel::Voice));
    let bad = serde_json::from_str::<CallRecord>(r#"{"id":"m","status":"done"}"#).unwrap_err();
    assert!(bad.to_string().contains("no_answer"), "{bad}");
}

fn arb_ts() -> impl Strategy<Value = Option<Timestamp>> {
    prop::option::of(
        (1_600_000_000i64..1_800_000_000)
            .prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap()),
    )
}

fn arb_dur() -> impl Strategy<Value = Option<TimeDelta>> {
    prop::option::of((-10_000_000i64..10_000_000_000).prop_map(TimeDelta::milliseconds))
}

prop_compose! {
    fn arb_record()(
        id in ".{0,8}",
        ch in 0usize..5,
        ts1 in prop::collection::vec(arb_ts(), 11),
        durs in prop::collection::vec(arb_dur(), 8),
        status in prop::option::of(0usize..7),
        result in prop::option::of(0usize..14),
        ty in prop::option::of(0usize..4),
        it in prop::option::of(0usize..17),
        survey in prop::collection::vec((any::<u8>(), ".{0,4}"), 0..60),
        steps in prop::collection::vec((arb_ts(), arb_ts()), 0..4),
        rating in prop::option::of(any::<u8>()),
        memo in prop::option::of(".{0,20}"),
    ) -> CallRecord {
        let mut r = CallRecord::new(id, Channel::ALL[ch]);
        let t = &mut r.timeline;
        (t.started_at, t.dial_started_at, t.enqueued_at, t.dequeued_at, t.offered_at, t.answered_or_cancelled_at) =
            (ts1[0], ts1[1], ts1[2], ts1[3], ts1[4], ts1[5]);
        (t.talk_started_at, t.talk_ended_at, t.after_call_work_started_at, t.after_call_work_ended_at, t.closed_at) =
            (ts1[6], ts1[7], ts1[8], ts1[9], ts1[10]);
        let d = &mut r.reported;
        (d.wait, d.dial, d.talk, d.agent_talk, d.ivr, d.hold, d.after_call_work, d.total) =
            (durs[0], durs[1], durs[2], durs[3], durs[4], durs[5], durs[6], durs[7]);
        r.status = status.map(|i| ContactStatus::ALL[i]);
        r.attempt_result = result.map(|i| AttemptResult::ALL[i]);
        r.call_type = ty.map(|i| CallType::ALL[i]);
        r.interaction_type = it.map(|i| InteractionType::ALL[i]);
        r.pre_survey = survey.into_iter().map(|(index, q)| SurveyAnswer { index, question: q, answer: None }).collect();
        r.ivr_path = steps.into_iter().map(|(a, b)| IvrStep { node: "n".into(), entered_at: a, left_at: b, ..Default::default() }).collect();
        r.call_rating = rating;
        r.staff_memo = memo;
        r
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// No input makes validation or the rules panic, and a record that validates never yields
    /// a negative duration under any preset.
    #[test]
    fn arbitrary_records_never_panic(r in arb_record()) {
        let valid = r.validate().is_ok();
        for (_, rules) in Rules::PRESETS {
            let d = rules.derive(&r);
            if valid {
                for x in [d.wait, d.dial, d.talk, d.agent_talk, d.ivr, d.hold, d.after_call_work, d.total, d.handle].into_iter().flatten() {
                    prop_assert!(x >= TimeDelta::zero());
                }
            }
        }
        let json = serde_json::to_string(&r).unwrap();
        let _ = serde_json::from_str::<CallRecord>(&json);
    }
}

/// `validate::CALL_FIELDS_VALIDATED` lists every field `validate()` reads: no value of an
/// unlisted field changes the verdict (bindings skip converting those fields when they only
/// check records). Each unlisted field of valid and invalid records gets odd values of every
/// JSON shape; the listed ones would fail this (see the last assertion).
#[test]
fn fields_outside_the_validated_list_never_change_the_verdict() {
    use calllog::validate::CALL_FIELDS_VALIDATED;
    use serde_json::{Value, json};

    let long = "x".repeat(5_000);
    let odd: Vec<Value> = vec![
        Value::Null,
        json!(""),
        json!("   "),
        json!("\u{0}\t\r\n\""),
        json!(long),
        json!(0),
        json!(-1),
        json!(6),
        json!(u32::MAX),
        json!(true),
        json!("1970-01-01T00:00:00Z"),
        json!("9999-12-31T23:59:59Z"),
        json!([]),
        json!([""]),
        json!([{}]),
        json!({}),
        json!({"": ""}),
        json!({"units": 1, "scale": 40, "currency": ""}),
    ];
    let mut records: Vec<CallRecord> = sample::generate(120, 7).collect();
    let mut bad = CallRecord::new("c-bad", Channel::Voice)
        .talk_started_at(ts("2024-05-01T10:05:00Z"))
        .talk_ended_at(ts("2024-05-01T10:00:00Z"));
    records.push(bad.clone());
    bad.call_rating = Some(9);
    records.push(bad);

    let verdict = |r: &CallRecord| r.validate().map_err(|e| e.to_string());
    let mut tried = 0;
    let outcome_of = |field: &str| -> Vec<bool> {
        // whether some odd value of `field` changed some record's verdict
        let mut changed = Vec::new();
        for r in &records {
            let before = verdict(r);
            let Value::Object(map) = serde_json::to_value(r).unwrap() else {
                panic!("a record is a JSON object")
            };
            for v in &odd {
                let mut m = map.clone();
                m.insert(field.to_string(), v.clone());
                if let Ok(r2) = serde_json::from_value::<CallRecord>(Value::Object(m)) {
                    changed.push(verdict(&r2) != before);
                }
            }
        }
        changed
    };
    let Value::Object(fields) = serde_json::to_value(CallRecord::default()).unwrap() else {
        panic!("a record is a JSON object")
    };
    for name in CALL_FIELDS_VALIDATED {
        assert!(fields.contains_key(*name), "{name} is not a field");
    }
    for name in fields.keys() {
        if CALL_FIELDS_VALIDATED.contains(&name.as_str()) {
            continue;
        }
        let changed = outcome_of(name);
        tried += changed.len();
        assert!(
            !changed.contains(&true),
            "validate() reads `{name}`: add it to CALL_FIELDS_VALIDATED"
        );
    }
    assert!(tried > 10_000, "only {tried} odd records were built");
    // the check can fail: listed fields do change verdicts
    for name in ["id", "price", "call_rating", "agents", "extra"] {
        assert!(outcome_of(name).contains(&true), "{name}");
    }
}
