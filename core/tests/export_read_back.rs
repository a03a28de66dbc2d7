//! Read-back: what `CsvSink` writes with the Full preset, `read_csv` reads back into equal
//! records, in every locale, encoding, delimiter, time zone and duration format; CP932 too.

mod common;

use std::collections::BTreeMap;

use calllog::export::{
    CsvEncoding, DurationFormat, EnumStyle, ExportControl, ExportProfile, Preset, export_csv,
};
use calllog::read::read_csv;
use calllog::{
    Agent, AttemptResult, CallMode, CallRecord, CallType, Channel, ContactStatus, Direction,
    DisconnectSide, InteractionType, IvrStep, Locale, Money, Note, Recording, RingEvent,
    SurveyAnswer, TimeDelta, Timestamp, Visit,
};
use chrono::{TimeZone, Utc};
use common::*;
use proptest::prelude::*;
use proptest::sample::select;

const ANY_TEXT: &[&str] = &[
    "a",
    "Żółć ą",
    "日本語",
    "ｶﾀｶﾅ",
    "Привет",
    ",",
    "\"",
    "\n",
    "\r\n",
    "=1+1",
    "+48789789789",
    "+81 3-1234-5678",
    "'",
    "\\",
    " ",
    "-",
    "@x",
    "\t",
    "😀",
    ";",
    "x y",
    "0",
    "-5",
];
/// What CP932 can hold (JIS X 0208 has Cyrillic, not Polish diacritics nor emoji).
const CP932_TEXT: &[&str] = &[
    "a",
    "日本語",
    "ｶﾀｶﾅ",
    "Привет",
    ",",
    "\"",
    "\n",
    "\r\n",
    "=1+1",
    "+48789789789",
    "'",
    "\\",
    " ",
    "-",
    "@x",
    "\t",
    ";",
    "①",
    "髙",
];

fn text(alphabet: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(select(alphabet), 1..5).prop_map(|v| v.concat())
}

fn opt_text(a: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop::option::of(text(a))
}

fn instant() -> impl Strategy<Value = Timestamp> {
    // 2000-01-01 .. 2035-01-01, with milliseconds
    (946_684_800i64..2_051_222_400, 0u32..1000, any::<bool>()).prop_map(|(s, ms, whole)| {
        Utc.timestamp_opt(s, if whole { 0 } else { ms * 1_000_000 })
            .unwrap()
    })
}

fn opt_instant() -> impl Strategy<Value = Option<Timestamp>> {
    prop::option::of(instant())
}

fn duration() -> impl Strategy<Value = Option<TimeDelta>> {
    prop_oneof![
        Just(None),
        Just(Some(TimeDelta::zero())),
        (0i64..31 * 86_400_000).prop_map(|ms| Some(TimeDelta::milliseconds(ms))),
        (0i64..100_000).prop_map(|s| Some(TimeDelta::seconds(s))),
    ]
}

fn vocab<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
) -> impl Strategy<Value = Option<T>> {
    prop::option::of(select(all))
}

fn record(a: &'static [&'static str]) -> impl Strategy<Value = CallRecord> {
    let ids = (
        text(a),
        select(Channel::ALL),
        vocab(Direction::ALL),
        vocab(InteractionType::ALL),
        vocab(CallType::ALL),
        vocab(CallMode::ALL),
        vocab(ContactStatus::ALL),
        vocab(AttemptResult::ALL),
        vocab(DisconnectSide::ALL),
    );
    let texts = prop::collection::vec(opt_text(a), 28);
    let times = prop::collection::vec(opt_instant(), 12);
    let durations = prop::collection::vec(duration(), 8);
    let lists = prop::collection::vec(prop::collection::vec(text(a), 0..3), 5);
    let agents = prop::collection::vec(
        (
            text(a),
            opt_text(a),
            opt_text(a),
            prop::collection::vec(text(a), 0..3),
            any::<bool>(),
        )
            .prop_map(|(name, id, number, groups, deleted)| Agent {
                id,
                name,
                number,
                groups,
                deleted,
            }),
        0..3,
    );
    let notes = prop::collection::vec(
        (opt_text(a), opt_instant(), text(a)).prop_map(|(author, at, text)| Note {
            author,
            at,
            text,
        }),
        0..3,
    );
    let rings = prop::collection::vec(
        (opt_instant(), text(a), opt_text(a)).prop_map(|(at, staff_name, detail)| RingEvent {
            at,
            staff_name,
            detail,
        }),
        0..3,
    );
    let ivr = prop::collection::vec(
        (
            text(a),
            opt_instant(),
            opt_instant(),
            opt_text(a),
            opt_text(a),
        )
            .prop_map(|(node, entered_at, left_at, choice, detail)| IvrStep {
                node,
                entered_at,
                left_at,
                choice,
                detail,
            }),
        0..4,
    );
    let survey = || {
        prop::collection::vec(
            (1u8..=50, text(a), opt_text(a)).prop_map(|(index, question, answer)| SurveyAnswer {
                index,
                question,
                answer,
            }),
            0..3,
        )
    };
    let recording = prop_oneof![
        Just(None),
        (text(a), duration(), opt_text(a)).prop_map(|(u, d, f)| Some(Recording {
            url: Some(u),
            duration: d,
            processing: false,
            format: f
        })),
        opt_text(a).prop_map(|u| Some(Recording {
            url: u,
            duration: None,
            processing: true,
            format: None
        })),
    ];
    let price = prop::option::of((
        -1_000_000_000_000i64..1_000_000_000_000,
        0u8..=6,
        select(&["RUB", "JPY", "PLN", "USD"][..]),
    ))
    .prop_map(|m| m.map(|(u, s, c)| Money::new(u, s, c)));
    let visit = prop::option::of((opt_text(a), opt_text(a), opt_text(a)).prop_map(
        |(source, campaign, landing_page)| Visit {
            source,
            campaign,
            landing_page,
            ..Default::default()
        },
    ));
    let extra = prop::collection::btree_map(text(a), text(a), 0..3);
    let numbers = (
        prop::option::of(any::<u32>()),
        prop::option::of(any::<u32>()),
        prop::option::of(any::<u8>()),
        prop::option::of(any::<u8>()),
        any::<bool>(),
    );
    (
        ids,
        texts,
        times,
        durations,
        lists,
        (agents, notes, rings, ivr, survey(), survey()),
        (recording, price, visit, extra, numbers),
    )
        .prop_map(
            |(
                ids,
                t,
                tm,
                d,
                l,
                (agents, notes, rings, ivr, pre, post),
                (recording, price, visit, extra, n),
            )| {
                let mut r = CallRecord::new(ids.0, ids.1);
                (
                    r.direction,
                    r.interaction_type,
                    r.call_type,
                    r.call_mode,
                    r.status,
                    r.attempt_result,
                    r.disconnect_side,
                ) = (ids.2, ids.3, ids.4, ids.5, ids.6, ids.7, ids.8);
                let mut t = t.into_iter();
                for f in [
                    &mut r.customer_name,
                    &mut r.from,
                    &mut r.to,
                    &mut r.queue,
                    &mut r.campaign,
                    &mut r.scenario,
                    &mut r.scenario_url,
                    &mut r.end_reason,
                    &mut r.completion_code,
                    &mut r.classifier,
                    &mut r.brand,
                    &mut r.service,
                    &mut r.menu,
                    &mut r.staff_memo,
                    &mut r.customer_user_agent,
                    &mut r.staff_user_agent,
                    &mut r.extra_info,
                    &mut r.chat_log,
                    &mut r.record_id,
                    &mut r.significant_field,
                    &mut r.ticket_id,
                    &mut r.request_id,
                ] {
                    *f = t.next().unwrap();
                }
                let mut tm = tm.into_iter();
                let tl = &mut r.timeline;
                for f in [
                    &mut tl.started_at,
                    &mut tl.dial_started_at,
                    &mut tl.enqueued_at,
                    &mut tl.dequeued_at,
                    &mut tl.offered_at,
                    &mut tl.answered_or_cancelled_at,
                    &mut tl.talk_started_at,
                    &mut tl.talk_ended_at,
                    &mut tl.after_call_work_started_at,
                    &mut tl.after_call_work_ended_at,
                    &mut tl.closed_at,
                    &mut r.callback_at,
                ] {
                    *f = tm.next().unwrap();
                }
                let mut d = d.into_iter();
                let rp = &mut r.reported;
                for f in [
                    &mut rp.wait,
                    &mut rp.dial,
                    &mut rp.talk,
                    &mut rp.agent_talk,
                    &mut rp.ivr,
                    &mut rp.hold,
                    &mut rp.after_call_work,
                    &mut rp.total,
                ] {
                    *f = d.next().unwrap();
                }
                let mut l = l.into_iter();
                for f in [
                    &mut r.cc,
                    &mut r.bcc,
                    &mut r.tags,
                    &mut r.topics,
                    &mut r.categories,
                ] {
                    *f = l.next().unwrap();
                }
                (
                    r.agents,
                    r.notes,
                    r.ring_history,
                    r.ivr_path,
                    r.pre_survey,
                    r.post_survey,
                ) = (agents, notes, rings, ivr, pre, post);
                (r.recording, r.price, r.visit, r.extra) = (recording, price, visit, extra);
                (
                    r.hold_count,
                    r.attempts,
                    r.manager_rating,
                    r.call_rating,
                    r.co_browse,
                ) = n;
                r
            },
        )
}

fn zone() -> impl Strategy<Value = chrono_tz::Tz> {
    select(
        &[
            "UTC",
            "Asia/Tokyo",
            "Europe/Moscow",
            "Europe/Warsaw",
            "America/New_York",
        ][..],
    )
    .prop_map(|z| z.parse().unwrap())
}

fn profile(
    locales: &'static [Locale],
    encodings: &'static [CsvEncoding],
) -> impl Strategy<Value = ExportProfile> {
    (
        select(locales),
        select(encodings),
        select(&[b',', b';', b'\t'][..]),
        zone(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(locale, encoding, delimiter, tz, labels, clock)| {
            let mut p = ExportProfile::preset(Preset::Full)
                .locale(locale)
                .time_zone(tz)
                .enums(if labels {
                    EnumStyle::Label
                } else {
                    EnumStyle::MachineName
                })
                .durations(if clock {
                    DurationFormat::Clock
                } else {
                    DurationFormat::Seconds
                });
            p.csv.encoding = encoding;
            p.csv.delimiter = delimiter;
            p
        })
}

fn round_trip(records: &[CallRecord], p: &ExportProfile) -> Vec<CallRecord> {
    let dir = scratch("prop");
    let path = dir.join("r.csv");
    export_csv(&path, records, p, &ExportControl::new()).unwrap();
    let mut reader = p.clone();
    reader.csv.encoding = CsvEncoding::Utf8; // the encoding is detected
    let back = read_csv(&path, &reader).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    back
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn full_preset_round_trips(
        records in prop::collection::vec(record(ANY_TEXT), 1..4),
        p in profile(Locale::ALL, &[CsvEncoding::Utf8, CsvEncoding::Utf8Bom]),
    ) {
        prop_assert_eq!(round_trip(&records, &p), records);
    }

    #[test]
    fn cp932_round_trips(
        records in prop::collection::vec(record(CP932_TEXT), 1..4),
        p in profile(&[Locale::En, Locale::Ja, Locale::Ru], &[CsvEncoding::Cp932]),
    ) {
        prop_assert_eq!(round_trip(&records, &p), records);
    }
}

/// Every enum value, labelled in every locale, reads back (no label is ambiguous).
#[test]
fn every_enum_value_in_every_locale() {
    let mut records = Vec::new();
    let n = [
        Channel::ALL.len(),
        Direction::ALL.len(),
        InteractionType::ALL.len(),
        CallType::ALL.len(),
        CallMode::ALL.len(),
        ContactStatus::ALL.len(),
        AttemptResult::ALL.len(),
        DisconnectSide::ALL.len(),
    ]
    .into_iter()
    .max()
    .unwrap();
    for i in 0..n {
        let mut r = CallRecord::new(format!("e{i}"), Channel::ALL[i % Channel::ALL.len()]);
        r.direction = Some(Direction::ALL[i % Direction::ALL.len()]);
        r.interaction_type = Some(InteractionType::ALL[i % InteractionType::ALL.len()]);
        r.call_type = Some(CallType::ALL[i % CallType::ALL.len()]);
        r.call_mode = Some(CallMode::ALL[i % CallMode::ALL.len()]);
        r.status = Some(ContactStatus::ALL[i % ContactStatus::ALL.len()]);
        r.attempt_result = Some(AttemptResult::ALL[i % AttemptResult::ALL.len()]);
        r.disconnect_side = Some(DisconnectSide::ALL[i % DisconnectSide::ALL.len()]);
        records.push(r);
    }
    for l in Locale::ALL {
        for style in [EnumStyle::Label, EnumStyle::MachineName] {
            let p = ExportProfile::preset(Preset::Full).locale(*l).enums(style);
            assert_eq!(round_trip(&records, &p), records, "{l} {style:?}");
        }
    }
}

/// Empty vs zero durations, multi-line memos, a processing recording (0 in CSV) read back.
#[test]
fn blank_is_not_zero() {
    let mut a = seed000_answered();
    a.reported.wait = Some(TimeDelta::zero());
    a.reported.talk = None;
    a.chat_log = Some("客: こんにちは\r\nスタッフ: はい、\"見積\"ですね,\n了解".into());
    let b = seed002_accepted();
    let c = seed004_ivr();
    let records = vec![a, b, c];
    for l in Locale::ALL {
        let p = ExportProfile::preset(Preset::Full)
            .locale(*l)
            .time_zone("Asia/Tokyo".parse().unwrap());
        let back = round_trip(&records, &p);
        assert_eq!(back, records);
        assert_eq!(back[0].reported.wait, Some(TimeDelta::zero()));
        assert_eq!(back[0].reported.talk, None);
        assert!(back[0].recording.as_ref().unwrap().processing);
    }
}

/// Seed presets read back what they carry, in the seed's locale and in CP932 for Japanese.
#[test]
fn seed_presets_read_back_what_they_carry() {
    let mut p = ExportProfile::preset(Preset::VideoCallHistory { survey_pairs: 2 })
        .time_zone("Asia/Tokyo".parse().unwrap());
    p.csv.encoding = CsvEncoding::Cp932;
    let rec = seed000_answered();
    let back = round_trip(std::slice::from_ref(&rec), &p);
    let b = &back[0];
    assert_eq!(b.id, rec.id);
    assert_eq!(b.customer_name, rec.customer_name);
    assert_eq!(
        b.agents.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["佐藤", "鈴木"]
    );
    assert_eq!(b.timeline, rec.timeline);
    assert_eq!(b.pre_survey, rec.pre_survey);
    assert_eq!(b.post_survey, rec.post_survey);
    assert_eq!(b.staff_memo, rec.staff_memo);
    assert!(b.co_browse);
    // the CP932 file is really CP932, as Japanese Excel opens it
    let dir = scratch("cp932");
    export_csv(dir.join("s.csv"), [&rec], &p, &ExportControl::new()).unwrap();
    let bytes = std::fs::read(dir.join("s.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(text.starts_with("接続番号,お客様名,スタッフ名"));
    let _ = BTreeMap::<u8, u8>::new();
}

/// The built-in sample (every channel, edge case and seed scenario) round-trips through the
/// Full preset, and exports in every call preset to CSV and XLSX that calamine reads.
#[test]
fn sample_log_round_trips_and_exports_everywhere() {
    let log: Vec<CallRecord> = calllog::sample::generate(2_000, 11).collect();
    for l in Locale::ALL {
        let p = ExportProfile::preset(Preset::Full)
            .locale(*l)
            .time_zone("Europe/Warsaw".parse().unwrap());
        assert_eq!(round_trip(&log, &p), log, "{l}");
    }
    let dir = scratch("sample");
    for preset in [
        Preset::VideoCallHistory { survey_pairs: 50 },
        Preset::CallHistory,
        Preset::ContactsSimple,
        Preset::ContactsDetailed,
        Preset::Overview,
        Preset::Full,
    ] {
        let p = ExportProfile::preset(preset);
        let c = calllog::export::export_csv(dir.join("s.csv"), &log, &p, &ExportControl::new())
            .unwrap();
        let x = calllog::export::export_xlsx(dir.join("s.xlsx"), &log, &p, &ExportControl::new())
            .unwrap();
        assert_eq!((c.records, x.records), (2_000, 2_000), "{preset}");
        assert_eq!(c.rows, x.rows);
        let sheets = xlsx_sheets(&dir.join("s.xlsx"));
        assert_eq!(sheets[0].1.len() as u64, x.rows + 1, "{preset}");
        assert_eq!(
            csv_rows(&dir.join("s.csv")).len() as u64,
            c.rows + 1,
            "{preset}"
        );
    }
    let cbs: Vec<_> = calllog::sample::generate_callbacks(500, 3).collect();
    let p = ExportProfile::preset(Preset::Callbacks);
    let c =
        calllog::export::export_csv(dir.join("cb.csv"), &cbs, &p, &ExportControl::new()).unwrap();
    assert_eq!(c.records, 500);
}

/// A detailed-layout file is refused with an error naming the column, not read into duplicates.
#[test]
fn detailed_layout_is_refused() {
    let dir = scratch("detailed-read");
    let p = ExportProfile::preset(Preset::ContactsDetailed);
    export_csv(
        dir.join("d.csv"),
        [&seed004_ivr()],
        &p,
        &ExportControl::new(),
    )
    .unwrap();
    match read_csv(dir.join("d.csv"), &p) {
        Err(calllog::Error::Parse { row, column, .. }) => {
            assert_eq!((row, column.as_str()), (0, "Krok IVR"))
        }
        other => panic!("{other:?}"),
    }
    // an unknown header and a bad cell are typed errors naming row and column
    std::fs::write(dir.join("u.csv"), "ID połączenia,Nope\nx,y\n").unwrap();
    assert!(
        matches!(read_csv(dir.join("u.csv"), &p), Err(calllog::Error::Parse { column, .. }) if column == "Nope")
    );
    std::fs::write(
        dir.join("b.csv"),
        "id,started_at,talk\nx,2024-01-01 00:00:00,\ny,yesterday,\n",
    )
    .unwrap();
    match read_csv(dir.join("b.csv"), &ExportProfile::preset(Preset::Overview)) {
        Err(calllog::Error::Parse { row, column, .. }) => {
            assert_eq!((row, column.as_str()), (2, "started_at"))
        }
        other => panic!("{other:?}"),
    }
}

/// `full` keeps an empty text apart from a missing one (a lone `'` marks it) and a list of one
/// empty string apart from an empty list; apostrophe-only texts still read back as they were.
#[test]
fn full_preset_keeps_empty_texts_apart_from_missing_ones() {
    let dir = common::scratch("empty-texts");
    let profile = ExportProfile::preset(Preset::Full);
    let mut records = Vec::new();
    for (i, name) in [
        None,
        Some(""),
        Some("'"),
        Some("''"),
        Some("'=1"),
        Some("x"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut r = CallRecord::new(format!("e-{i}"), Channel::Voice);
        r.customer_name = name.map(str::to_string);
        r.cc = match i {
            1 => vec![String::new()],
            2 => vec![String::new(), String::new()],
            3 => vec!["'".into()],
            _ => vec![],
        };
        r.validate().unwrap();
        records.push(r);
    }
    let path = dir.join("e.csv");
    export_csv(&path, &records, &profile, &ExportControl::new()).unwrap();
    assert_eq!(read_csv(&path, &profile).unwrap(), records);
    // elsewhere an empty text is a blank cell, as a missing one
    let simple = ExportProfile::column_ids(["id", "customer_name"]).unwrap();
    export_csv(&path, &records[..2], &simple, &ExportControl::new()).unwrap();
    let rows = common::csv_rows(&path);
    assert_eq!((rows[1][1].as_str(), rows[2][1].as_str()), ("", ""));
}

/// Records from JSON (serde) refuse unknown keys at any depth, naming the key.
#[test]
fn json_records_and_queries_refuse_unknown_keys() {
    let e =
        serde_json::from_str::<CallRecord>(r#"{"id":"x","channel":"voice","custmer_name":"A"}"#)
            .unwrap_err()
            .to_string();
    assert!(e.contains("unknown field `custmer_name`"), "{e}");
    let e = serde_json::from_str::<CallRecord>(
        r#"{"id":"x","channel":"voice","timeline":{"startd_at":null}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown field `startd_at`"), "{e}");
    let e = serde_json::from_str::<calllog::Query>(r#"{"filter":{"chanels":["voice"]}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `chanels`"), "{e}");
}
