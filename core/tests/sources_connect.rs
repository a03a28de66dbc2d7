//! `calllog::sources` for Amazon Connect contact records (`connect_ctr`).
//!
//! `fixtures/connect/ctr.jsonl` follows the contact record data model of the Amazon Connect
//! Administrator Guide ("Data model for Amazon Connect contact records",
//! https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html) as the data
//! streaming export delivers it to Kinesis, one JSON object per line: an inbound voice call
//! queued, answered by an agent, held twice, with after-contact work, a recording, contact
//! attributes (one named in Japanese) and tags; an inbound call abandoned in the queue
//! (`Agent: null`); the transfer of the first call to a second queue and agent
//! (`InitiationMethod: TRANSFER`, `PreviousContactId`, fractional seconds); an outbound call;
//! and a chat started through the API that ended in the flow (`CONTACT_FLOW_DISCONNECT`, no
//! endpoints). Absent data is `null`, as Connect writes it.

use calllog::export::{Column, ExportControl, ExportProfile, Field, Preset, export_csv};
use calllog::sources::{Source, SourceOptions, read, read_from};
use calllog::{
    AttemptResult, CallRecord, Channel, ContactStatus, Direction, DisconnectSide, Error, ts,
};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/connect/ctr.jsonl"
);

fn fixture() -> Vec<CallRecord> {
    read(FIXTURE, Source::ConnectCtr, &SourceOptions::new())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn contact_records_read_into_records_field_by_field() {
    let calls = fixture();
    assert_eq!(calls.len(), 5);
    let a = &calls[0];
    assert_eq!(a.id, "11111111-aaaa-4bbb-8ccc-000000000001");
    assert_eq!(a.channel, Channel::Voice);
    assert_eq!(a.direction, Some(Direction::Inbound));
    assert_eq!(
        (a.from.as_deref(), a.to.as_deref()),
        (Some("+81312345678"), Some("+81501234567"))
    );
    assert_eq!(a.queue.as_deref(), Some("サポート"));
    assert_eq!(a.agents[0].name, "yamada.hanako");
    assert!(
        a.agents[0]
            .id
            .as_deref()
            .unwrap()
            .ends_with("/agent/yamada.hanako")
    );
    let t = &a.timeline;
    assert_eq!(t.started_at, Some(ts("2024-05-01T00:00:00Z")));
    assert_eq!(t.enqueued_at, Some(ts("2024-05-01T00:00:20Z")));
    assert_eq!(t.dequeued_at, Some(ts("2024-05-01T00:00:50Z")));
    assert_eq!(t.talk_started_at, Some(ts("2024-05-01T00:00:50Z")));
    assert_eq!(t.talk_ended_at, Some(ts("2024-05-01T00:05:00Z")));
    assert_eq!(t.closed_at, Some(ts("2024-05-01T00:05:00Z")));
    assert_eq!(
        t.after_call_work_started_at,
        Some(ts("2024-05-01T00:05:00Z"))
    );
    assert_eq!(t.after_call_work_ended_at, Some(ts("2024-05-01T00:06:00Z")));
    let secs = |n| Some(chrono::TimeDelta::seconds(n));
    assert_eq!(a.reported.wait, secs(30));
    assert_eq!(a.reported.hold, secs(20));
    assert_eq!(a.reported.agent_talk, secs(230));
    assert_eq!(a.reported.after_call_work, secs(60));
    assert_eq!(a.hold_count, Some(2));
    assert_eq!(a.disconnect_side, Some(DisconnectSide::Customer));
    assert_eq!(a.end_reason.as_deref(), Some("CUSTOMER_DISCONNECT"));
    assert_eq!(a.status, Some(ContactStatus::Answered));
    assert_eq!(a.attempt_result, Some(AttemptResult::CallAccepted));
    let rec = a.recording.as_ref().unwrap();
    assert_eq!(
        rec.url.as_deref(),
        Some("my-bucket/connect/recordings/2024/05/01/000001.wav")
    );
    assert_eq!(rec.format.as_deref(), Some("AUDIO"));
    // attributes and everything else into extra
    assert_eq!(a.extra["Attributes.顧客ランク"], "ゴールド");
    assert_eq!(a.extra["Attributes.orderId"], "A-1001");
    assert_eq!(a.extra["Recording.Status"], "AVAILABLE");
    assert_eq!(a.extra["AWSAccountId"], "123456789012");
    assert_eq!(a.extra["InitiationMethod"], "INBOUND");
    assert_eq!(a.extra["Agent.LongestHoldDuration"], "15");
    assert_eq!(a.extra["LastUpdateTimestamp"], "2024-05-01T00:06:10Z");
    assert_eq!(a.extra["Tags"], r#"{"team":"tokyo"}"#);
    assert!(a.extra["Agent.RoutingProfile"].contains("Basic Routing Profile"));
    assert!(
        !a.extra.contains_key("PreviousContactId") && !a.extra.contains_key("Agent.DeviceInfo"),
        "null is no value"
    );

    let abandoned = &calls[1];
    assert_eq!(abandoned.status, Some(ContactStatus::NoAnswer));
    assert_eq!(abandoned.attempt_result, Some(AttemptResult::Abandoned));
    assert!(abandoned.agents.is_empty());
    assert_eq!(abandoned.reported.wait, secs(105));
    assert_eq!(abandoned.timeline.talk_ended_at, None);

    let transfer = &calls[2];
    assert_eq!(transfer.direction, None, "the initial contact has it");
    assert_eq!(transfer.extra["PreviousContactId"], calls[0].id);
    assert_eq!(transfer.queue.as_deref(), Some("請求"));
    assert_eq!(transfer.disconnect_side, Some(DisconnectSide::Agent));
    assert_eq!(
        transfer.timeline.closed_at,
        Some(ts("2024-05-01T00:09:00.123Z"))
    );

    let outbound = &calls[3];
    assert_eq!(outbound.direction, Some(Direction::Outbound));
    assert_eq!(
        (outbound.from.as_deref(), outbound.to.as_deref()),
        (Some("+81501234567"), Some("+819012345678")),
        "the customer is the callee"
    );
    assert_eq!(outbound.disconnect_side, Some(DisconnectSide::ThirdParty));

    let chat = &calls[4];
    assert_eq!(chat.channel, Channel::Chat);
    assert_eq!(chat.direction, Some(Direction::Inbound), "StartChatContact");
    assert_eq!(chat.attempt_result, Some(AttemptResult::EndedInIvr));
    assert_eq!(chat.disconnect_side, Some(DisconnectSide::System));
    assert_eq!(chat.from, None);
    assert_eq!(chat.extra["Attributes.customerName"], "佐藤");
    for c in &calls {
        c.validate().unwrap();
    }
}

#[test]
fn the_records_export_cell_by_cell() {
    let calls = fixture();
    let dir = std::env::temp_dir().join(format!("calllog-connect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calls.csv");
    let profile = ExportProfile::columns(
        [
            Field::Id,
            Field::Queue,
            Field::Agents,
            Field::StartedAt,
            Field::ReportedHold,
            Field::HoldCount,
            Field::DisconnectSide,
            Field::AttemptResult,
        ]
        .map(Column::from),
    )
    .time_zone(chrono_tz::Asia::Tokyo);
    export_csv(&path, &calls, &profile, &ExportControl::new()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        "11111111-aaaa-4bbb-8ccc-000000000001,サポート,yamada.hanako,2024-05-01 09:00:00,20,2,Customer,Call accepted"
    );
    assert_eq!(
        lines[2],
        "11111111-aaaa-4bbb-8ccc-000000000002,サポート,,2024-05-01 10:00:00,,,Customer,Abandoned"
    );
    // seed 004's simple report (queue, agents, disconnect side, recording) takes them as they are
    export_csv(
        dir.join("seed004.csv"),
        &calls,
        &ExportProfile::preset(Preset::ContactsSimple),
        &ExportControl::new(),
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

fn one(json: &str) -> Result<CallRecord, Error> {
    read_from(
        std::io::Cursor::new(json.as_bytes().to_vec()),
        Source::ConnectCtr,
        &SourceOptions::new(),
    )
    .next()
    .unwrap()
}

#[test]
fn bad_records_are_errors_naming_the_record_and_the_field() {
    let cases = [
        (r#"{"Channel": "VOICE"}"#, "ContactId", "missing"),
        (r#"{"ContactId": "c"}"#, "Channel", "missing"),
        (
            r#"{"ContactId": "c", "Channel": "TASK"}"#,
            "Channel",
            "TASK",
        ),
        (r#"{"ContactId": "c", "Channel": "FAX"}"#, "Channel", "FAX"),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "InitiationMethod": "TELEPATHY"}"#,
            "InitiationMethod",
            "TELEPATHY",
        ),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "InitiationTimestamp": "yesterday"}"#,
            "InitiationTimestamp",
            "ISO 8601",
        ),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "Agent": {"ConnectedToAgentTimestamp": "x"}}"#,
            "Agent.ConnectedToAgentTimestamp",
            "ISO 8601",
        ),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "Queue": {"Duration": -5}}"#,
            "Queue.Duration",
            "seconds",
        ),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "Agent": {"NumberOfHolds": "two"}}"#,
            "Agent.NumberOfHolds",
            "number",
        ),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "DisconnectReason": "GREMLINS"}"#,
            "DisconnectReason",
            "GREMLINS",
        ),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "Queue": "support"}"#,
            "Queue",
            "object",
        ),
        (
            r#"{"ContactId": "c", "Channel": "VOICE", "Attributes": {"a": {"b": 1}}}"#,
            "Attributes.a",
            "text",
        ),
        (r#"{"ContactId": "#, "json", "line 1"),
    ];
    for (json, field, needle) in cases {
        match one(json) {
            Err(Error::Parse {
                row: 1,
                column,
                reason,
                ..
            }) if column == field => assert!(reason.contains(needle), "{field}: {reason}"),
            other => panic!("{json}: {other:?}"),
        }
    }
    // records back to back without newlines (as Firehose concatenates them); numbered in order
    let two = r#"{"ContactId": "c1", "Channel": "VOICE"}{"ContactId": "c2", "Channel": "TASK"}"#;
    let err = read_from(
        std::io::Cursor::new(two.as_bytes().to_vec()),
        Source::ConnectCtr,
        &SourceOptions::new(),
    )
    .collect::<Result<Vec<_>, _>>()
    .unwrap_err();
    assert!(
        matches!(err, Error::Parse { row: 2, ref column, .. } if column == "Channel"),
        "{err:?}"
    );
    assert_eq!("connect_ctr".parse::<Source>().unwrap(), Source::ConnectCtr);
    for s in Source::ALL {
        assert_eq!(s.to_string().parse::<Source>().unwrap(), *s);
    }
}
