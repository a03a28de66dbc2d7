//! `calllog::sources` for FreeSWITCH `mod_cdr_csv` (`freeswitch_csv`) and `mod_json_cdr`
//! (`freeswitch_json`).
//!
//! `fixtures/freeswitch/Master.csv` is written the way `mod_cdr_csv` fills the template the
//! vanilla configuration uses by default (`conf/vanilla/autoload_configs/cdr_csv.conf.xml`,
//! `default-template` = `example`: `"${caller_id_name}","${caller_id_number}",
//! "${destination_number}","${context}","${start_stamp}","${answer_stamp}","${end_stamp}",
//! "${duration}","${billsec}","${hangup_cause}","${uuid}","${bleg_uuid}","${accountcode}",
//! "${read_codec}","${write_codec}"`), every value quoted, an unset variable empty, stamps in
//! the switch's local time (here Europe/Moscow): an answered call with a Cyrillic caller name
//! bridged to a B-leg, a call the caller cancelled while it rang, a busy callee, a number that
//! does not exist, the blind transfer of the first call, and a line of the 13-column `sql`
//! template. Hangup causes are names of `switch_channel.c`'s `CAUSE_CHART`.
//!
//! `fixtures/freeswitch/cdr.json` holds three `mod_json_cdr` documents as
//! `switch_ivr_generate_json_cdr` builds them (`core-uuid`, `switchname`, `channel_data`,
//! `callStats`, `variables`, `app_log`, `callflow` with `caller_profile` and `times`): two
//! with the module's default `encode-values = true` (every variable URL-encoded), one per
//! line — an inbound call queued by `mod_callcenter` (`cc_queue`, `cc_agent`, the queue's
//! epochs), bridged to an agent, with a Polish caller name, whose `callflow` array holds the
//! profile after the transfer into the queue first and the original profile last; an inbound
//! call abandoned in the queue — then a pretty-printed one written with `encode-values =
//! false` and the older single `callflow` object: an outbound call to a busy number.

use calllog::export::{Column, ExportControl, ExportProfile, Field, Preset, export_csv};
use calllog::sources::{Source, SourceOptions, read, read_from};
use calllog::{
    AttemptResult, CallRecord, ContactStatus, Direction, DisconnectSide, Error, Outcome, ts,
};

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/freeswitch/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn moscow() -> SourceOptions {
    SourceOptions::new().time_zone(chrono_tz::Europe::Moscow)
}

fn csv_calls() -> Vec<CallRecord> {
    read(fixture("Master.csv"), Source::FreeswitchCsv, &moscow())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn json_calls() -> Vec<CallRecord> {
    read(
        fixture("cdr.json"),
        Source::FreeswitchJson,
        &SourceOptions::new(),
    )
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn cdr_csv_reads_into_records_field_by_field() {
    let calls = csv_calls();
    assert_eq!(calls.len(), 6);
    let a = &calls[0];
    assert_eq!(a.id, "3f1c2a9e-0c1d-4a51-9a0e-000000000001");
    assert_eq!(a.customer_name.as_deref(), Some("Иван Петров"));
    assert_eq!(
        (a.from.as_deref(), a.to.as_deref()),
        (Some("+74951234567"), Some("1001"))
    );
    // Moscow is UTC+3
    assert_eq!(a.timeline.started_at, Some(ts("2024-05-01T09:00:00Z")));
    assert_eq!(a.timeline.talk_started_at, Some(ts("2024-05-01T09:00:05Z")));
    assert_eq!(a.timeline.talk_ended_at, Some(ts("2024-05-01T09:03:05Z")));
    assert_eq!(a.timeline.closed_at, Some(ts("2024-05-01T09:03:05Z")));
    assert_eq!(a.reported.talk, Some(chrono::TimeDelta::seconds(180)));
    assert_eq!(a.status, Some(ContactStatus::Answered));
    assert_eq!(a.attempt_result, Some(AttemptResult::CallAccepted));
    assert_eq!(a.end_reason.as_deref(), Some("NORMAL_CLEARING"));
    assert_eq!(a.disconnect_side, None, "NORMAL_CLEARING does not say who");
    assert_eq!(a.extra["bleg_uuid"], "3f1c2a9e-0c1d-4a51-9a0e-0000000000b1");
    assert_eq!(a.extra["read_codec"], "PCMA");
    assert!(
        !a.extra.contains_key("accountcode"),
        "empty values are not stored"
    );
    assert_eq!(a.direction, None, "the CSV has no direction");

    let cancelled = &calls[1];
    assert_eq!(cancelled.customer_name, None);
    assert_eq!(cancelled.status, Some(ContactStatus::NoAnswer));
    assert_eq!(
        cancelled.attempt_result,
        Some(AttemptResult::RequestCancelled)
    );
    assert_eq!(cancelled.timeline.talk_started_at, None);
    assert_eq!(cancelled.timeline.talk_ended_at, None);
    assert_eq!(cancelled.outcome(), Outcome::NotAnswered);
    assert_eq!(calls[2].status, Some(ContactStatus::Busy));
    assert_eq!(calls[2].attempt_result, Some(AttemptResult::NumberBusy));
    assert_eq!(calls[3].status, Some(ContactStatus::Failed));
    assert_eq!(calls[3].attempt_result, Some(AttemptResult::WrongNumber));
    assert_eq!(calls[3].extra["accountcode"], "sales");
    // the transferred leg was answered, and a third party took it over
    assert_eq!(calls[4].status, Some(ContactStatus::Answered));
    assert_eq!(calls[4].disconnect_side, Some(DisconnectSide::ThirdParty));
    // 13 columns (the sql template): no codecs
    assert_eq!(calls[5].extra["accountcode"], "support");
    assert!(!calls[5].extra.contains_key("read_codec"));
    for c in &calls {
        c.validate().unwrap();
    }
}

#[test]
fn json_cdr_reads_into_records_field_by_field() {
    let calls = json_calls();
    assert_eq!(calls.len(), 3);
    let a = &calls[0];
    assert_eq!(a.id, "6d1f0a52-9d3e-4c0b-8f4a-000000000101");
    assert_eq!(a.direction, Some(Direction::Inbound));
    // the original caller profile: the number dialled, not the queue extension
    assert_eq!(a.customer_name.as_deref(), Some("Łukasz Żółć"));
    assert_eq!(
        (a.from.as_deref(), a.to.as_deref()),
        (Some("+48221234567"), Some("+48587654321"))
    );
    assert_eq!(a.timeline.started_at, Some(ts("2024-05-01T10:00:00Z")));
    assert_eq!(a.timeline.talk_started_at, Some(ts("2024-05-01T10:00:02Z")));
    assert_eq!(a.timeline.closed_at, Some(ts("2024-05-01T10:05:00Z")));
    assert_eq!(a.timeline.enqueued_at, Some(ts("2024-05-01T10:00:08Z")));
    assert_eq!(a.timeline.dequeued_at, Some(ts("2024-05-01T10:00:40Z")));
    assert_eq!(a.queue.as_deref(), Some("support@default"), "URL-decoded");
    assert_eq!(a.agents[0].name, "anna.nowak@default");
    assert_eq!(a.reported.talk, Some(chrono::TimeDelta::seconds(298)));
    assert_eq!(a.reported.hold, Some(chrono::TimeDelta::seconds(15)));
    assert_eq!(a.reported.wait, Some(chrono::TimeDelta::seconds(40)));
    assert_eq!(a.status, Some(ContactStatus::Answered));
    assert_eq!(a.attempt_result, Some(AttemptResult::CallAccepted));
    assert_eq!(
        a.disconnect_side,
        Some(DisconnectSide::Customer),
        "recv_bye"
    );
    // what has no place in the model is kept, decoded
    assert_eq!(a.extra["sip_from_display"], "Łukasz Żółć");
    assert_eq!(a.extra["sip_from_user"], "+48221234567");
    assert_eq!(a.extra["start_stamp"], "2024-05-01 12:00:00");
    assert_eq!(a.extra["hangup_cause_q850"], "16");
    assert_eq!(a.extra["switchname"], "pbx-waw");
    assert!(!a.extra.contains_key("uuid") && !a.extra.contains_key("cc_queue"));

    let abandoned = &calls[1];
    assert_eq!(abandoned.status, Some(ContactStatus::NoAnswer));
    assert_eq!(abandoned.attempt_result, Some(AttemptResult::Abandoned));
    assert_eq!(abandoned.timeline.talk_started_at, None);
    assert_eq!(
        abandoned.timeline.dequeued_at,
        Some(ts("2024-05-01T10:11:05Z"))
    );
    assert_eq!(abandoned.customer_name, None, "an empty name is no name");
    assert_eq!(abandoned.extra["cc_cancel_reason"], "BREAK_OUT");

    // encode-values = false, an old single callflow object
    let busy = &calls[2];
    assert_eq!(busy.direction, Some(Direction::Outbound));
    assert_eq!(busy.customer_name.as_deref(), Some("Dział sprzedaży"));
    assert_eq!(busy.to.as_deref(), Some("+48601234567"));
    assert_eq!(busy.status, Some(ContactStatus::Busy));
    assert_eq!(busy.attempt_result, Some(AttemptResult::NumberBusy));
    assert_eq!(
        busy.timeline.talk_started_at, None,
        "answer_epoch 0 is never"
    );
    assert_eq!(busy.extra["origination_caller_id_name"], "Dział sprzedaży");
    for c in &calls {
        c.validate().unwrap();
    }
}

#[test]
fn the_records_export_cell_by_cell() {
    let dir = std::env::temp_dir().join(format!("calllog-freeswitch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calls.csv");
    let profile = ExportProfile::columns(
        [
            Field::Id,
            Field::CustomerName,
            Field::StartedAt,
            Field::Talk,
            Field::Status,
            Field::AttemptResult,
            Field::EndReason,
        ]
        .map(Column::from),
    )
    .time_zone(chrono_tz::Europe::Moscow);
    export_csv(&path, &csv_calls(), &profile, &ExportControl::new()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Call ID,Customer name,Started at,Talk time,Status,Attempt result,End reason"
    );
    assert_eq!(
        lines[1],
        "3f1c2a9e-0c1d-4a51-9a0e-000000000001,Иван Петров,2024-05-01 12:00:00,180,Answered,Call accepted,NORMAL_CLEARING"
    );
    assert_eq!(
        lines[2],
        "3f1c2a9e-0c1d-4a51-9a0e-000000000002,,2024-05-01 12:10:00,0,No answer,Request cancelled,ORIGINATOR_CANCEL"
    );

    let path = dir.join("json.csv");
    let profile = ExportProfile::columns(
        [
            Field::Id,
            Field::Queue,
            Field::Agents,
            Field::EnqueuedAt,
            Field::AttemptResult,
            Field::DisconnectSide,
        ]
        .map(Column::from),
    )
    .time_zone(chrono_tz::Europe::Warsaw);
    export_csv(&path, &json_calls(), &profile, &ExportControl::new()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        "6d1f0a52-9d3e-4c0b-8f4a-000000000101,support@default,anna.nowak@default,2024-05-01 12:00:08,Call accepted,Customer"
    );
    assert_eq!(
        lines[2],
        "6d1f0a52-9d3e-4c0b-8f4a-000000000102,support@default,,2024-05-01 12:10:05,Abandoned,Customer"
    );
    // the seed 002 preset takes them as they are
    export_csv(
        dir.join("seed002.csv"),
        &json_calls(),
        &ExportProfile::preset(Preset::CallHistory),
        &ExportControl::new(),
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

fn csv_line(cause: &str, start: &str, answer: &str, end: &str, duration: &str) -> String {
    format!(
        "\"n\",\"1\",\"2\",\"default\",\"{start}\",\"{answer}\",\"{end}\",\"{duration}\",\"0\",\"{cause}\",\"u-1\",\"\",\"\",\"\",\"\"\n"
    )
}

fn first(text: String, source: Source, opts: &SourceOptions) -> Result<CallRecord, Error> {
    read_from(std::io::Cursor::new(text.into_bytes()), source, opts)
        .next()
        .unwrap()
}

#[test]
fn bad_lines_and_documents_are_errors_naming_the_record_and_the_field() {
    let s = "2024-05-01 12:00:00";
    let e = "2024-05-01 12:00:10";
    let csv_cases = [
        (
            csv_line("EXPLODED", s, "", e, "10"),
            "hangup_cause",
            "EXPLODED",
        ),
        (
            csv_line("NO_ANSWER", "", "", e, "10"),
            "start_stamp",
            "empty",
        ),
        (
            csv_line("NO_ANSWER", "2024-05-01T12:00", "", e, "10"),
            "start_stamp",
            "YYYY-MM-DD",
        ),
        (csv_line("NO_ANSWER", s, "", e, "99"), "duration", "10 s"),
        (
            csv_line("NO_ANSWER", s, "", e, "ten"),
            "duration",
            "seconds",
        ),
        ("\"a\",\"b\",\"c\"\n".to_string(), "line", "3 columns"),
    ];
    for (text, field, needle) in csv_cases {
        match first(text.clone(), Source::FreeswitchCsv, &moscow()) {
            Err(Error::Parse {
                row: 1,
                column,
                reason,
                ..
            }) if column == field => assert!(reason.contains(needle), "{field}: {reason}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    // a local time that does not exist (Warsaw skipped 02:00–03:00 on 2024-03-31)
    let gap = csv_line(
        "NO_ANSWER",
        "2024-03-31 02:30:00",
        "",
        "2024-03-31 03:30:10",
        "10",
    );
    let warsaw = SourceOptions::new().time_zone(chrono_tz::Europe::Warsaw);
    assert!(matches!(
        first(gap, Source::FreeswitchCsv, &warsaw),
        Err(Error::Parse { ref column, .. }) if column == "start_stamp"
    ));

    let json_cases = [
        (r#"{"variables": {"start_epoch": "1"}}"#, "uuid", "missing"),
        (r#"{"callflow": []}"#, "variables", "missing"),
        (
            r#"{"variables": {"uuid": "u", "start_epoch": "1", "hangup_cause": "WHO_KNOWS"}}"#,
            "hangup_cause",
            "WHO_KNOWS",
        ),
        (
            r#"{"variables": {"uuid": "u", "start_epoch": "soon", "hangup_cause": "NO_ANSWER"}}"#,
            "start_epoch",
            "Unix time",
        ),
        (
            r#"{"variables": {"uuid": "u", "hangup_cause": "NO_ANSWER"}}"#,
            "start_epoch",
            "missing",
        ),
        (
            r#"{"variables": {"uuid": "u", "direction": "sideways", "start_epoch": "1"}}"#,
            "direction",
            "sideways",
        ),
        (
            r#"{"variables": {"uuid": "u", "start_epoch": "1", "hangup_cause": "NO_ANSWER", "sip_from_display": "100%"}}"#,
            "sip_from_display",
            "hex digits",
        ),
        (
            r#"{"variables": {"uuid": "u", "start_epoch": "1", "billsec": "-1", "hangup_cause": "NO_ANSWER"}}"#,
            "billsec",
            "seconds",
        ),
        (r#"{"variables": {"uuid": "#, "json", "line 1"),
        (r#"[1, 2]"#, "json", "object"),
    ];
    for (text, field, needle) in json_cases {
        match first(
            text.to_string(),
            Source::FreeswitchJson,
            &SourceOptions::new(),
        ) {
            Err(Error::Parse {
                row: 1,
                column,
                reason,
                ..
            }) if column == field => assert!(reason.contains(needle), "{field}: {reason}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    // the record number counts documents
    let two = "{\"variables\": {\"uuid\": \"u1\", \"start_epoch\": \"1\", \"hangup_cause\": \"NO_ANSWER\"}}\n\
               {\"variables\": {\"uuid\": \"u2\", \"start_epoch\": \"1\", \"hangup_cause\": \"??\"}}\n";
    let err = read_from(
        std::io::Cursor::new(two.as_bytes().to_vec()),
        Source::FreeswitchJson,
        &SourceOptions::new(),
    )
    .collect::<Result<Vec<_>, _>>()
    .unwrap_err();
    assert!(
        matches!(err, Error::Parse { row: 2, ref column, .. } if column == "hangup_cause"),
        "{err:?}"
    );
    assert_eq!(
        "freeswitch_csv".parse::<Source>().unwrap(),
        Source::FreeswitchCsv
    );
    assert_eq!(Source::FreeswitchJson.to_string(), "freeswitch_json");
}
