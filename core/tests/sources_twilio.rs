//! `calllog::sources` for Twilio Call resources (`twilio_json`).
//!
//! `fixtures/twilio/calls.json` follows Twilio's Call resource (REST API 2010-04-01,
//! https://www.twilio.com/docs/voice/api/call-resource): a list page
//! (`{"calls": [...], "page": 0, "page_size": 50, "next_page_uri": ...}`) with an answered
//! inbound call (price and price_unit), an unanswered `outbound-api` call, the `outbound-dial`
//! child leg of the first call (`parent_call_sid`), a busy call with a Cyrillic caller name,
//! then, on its own line, a single resource of a call still `in-progress` over an Elastic SIP
//! trunk (`trunking-originating`, no end time, no duration). Dates are RFC 2822 in GMT.

use calllog::export::{Column, ExportControl, ExportProfile, Field, Preset, export_csv};
use calllog::sources::{Source, SourceOptions, read, read_from};
use calllog::{AttemptResult, CallRecord, ContactStatus, Direction, Error, Money, ts};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/twilio/calls.json"
);

fn fixture() -> Vec<CallRecord> {
    read(FIXTURE, Source::TwilioJson, &SourceOptions::new())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn list_pages_and_single_resources_read_field_by_field() {
    let calls = fixture();
    assert_eq!(calls.len(), 5);
    let a = &calls[0];
    assert_eq!(a.id, format!("CA{}", "1".repeat(32)));
    assert_eq!(
        (a.from.as_deref(), a.to.as_deref()),
        (Some("+48221234567"), Some("+48587654321"))
    );
    assert_eq!(a.customer_name.as_deref(), Some("Kowalski Jan"));
    assert_eq!(a.direction, Some(Direction::Inbound));
    assert_eq!(a.status, Some(ContactStatus::Answered));
    assert_eq!(a.attempt_result, Some(AttemptResult::CallAccepted));
    assert_eq!(a.timeline.started_at, Some(ts("2024-05-01T10:00:00Z")));
    assert_eq!(a.timeline.closed_at, Some(ts("2024-05-01T10:03:05Z")));
    assert_eq!(a.reported.talk, Some(chrono::TimeDelta::seconds(185)));
    assert_eq!(
        a.price,
        Some(Money::from_decimal_str("-0.01950", "USD").unwrap())
    );
    assert_eq!(a.extra["date_created"], "Wed, 01 May 2024 09:59:58 +0000");
    assert_eq!(a.extra["queue_time"], "0");
    assert!(!a.extra.contains_key("subresource_uris") && !a.extra.contains_key("annotation"));

    let b = &calls[1];
    assert_eq!(b.direction, Some(Direction::Outbound));
    assert_eq!(b.extra["direction"], "outbound-api");
    assert_eq!(b.attempt_result, Some(AttemptResult::NoAnswer));
    assert_eq!(b.price.as_ref().map(|m| m.currency.as_str()), Some("USD"));
    // the child leg names its parent
    assert_eq!(calls[2].extra["parent_call_sid"], calls[0].id);
    assert_eq!(calls[2].extra["answered_by"], "human");
    assert_eq!(calls[3].customer_name.as_deref(), Some("Иван Петров"));
    assert_eq!(calls[3].attempt_result, Some(AttemptResult::NumberBusy));
    assert_eq!(
        calls[3].reported.talk, None,
        "Twilio leaves duration empty for busy calls"
    );
    // still in progress: answered, no result yet, no end
    let live = &calls[4];
    assert_eq!(live.direction, Some(Direction::Inbound));
    assert_eq!(live.status, Some(ContactStatus::Answered));
    assert_eq!(live.attempt_result, None);
    assert_eq!(live.timeline.closed_at, None);
    for c in &calls {
        c.validate().unwrap();
    }
}

#[test]
fn the_records_export_cell_by_cell() {
    let calls = fixture();
    let dir = std::env::temp_dir().join(format!("calllog-twilio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calls.csv");
    let profile = ExportProfile::columns(
        [
            Field::Id,
            Field::Direction,
            Field::CustomerName,
            Field::StartedAt,
            Field::ReportedTalk,
            Field::Price,
            Field::PriceCurrency,
        ]
        .map(Column::from),
    )
    .time_zone(chrono_tz::Europe::Warsaw);
    export_csv(&path, &calls, &profile, &ExportControl::new()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        format!(
            "CA{},Inbound,Kowalski Jan,2024-05-01 12:00:00,185,-0.01950,USD",
            "1".repeat(32)
        )
    );
    assert!(lines[4].contains("Иван Петров"), "{}", lines[4]);
    // and the seed 002 preset takes them as they are
    let seed = dir.join("seed002.csv");
    export_csv(
        &seed,
        &calls,
        &ExportProfile::preset(Preset::CallHistory),
        &ExportControl::new(),
    )
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

fn one(json: &str) -> Result<CallRecord, Error> {
    read_from(
        std::io::Cursor::new(json.as_bytes().to_vec()),
        Source::TwilioJson,
        &SourceOptions::new(),
    )
    .next()
    .unwrap()
}

#[test]
fn bad_resources_are_errors_naming_the_record_and_the_field() {
    let cases = [
        (r#"{"from": "+1"}"#, "sid", "missing"),
        (
            r#"{"sid": "CA1", "status": "exploded"}"#,
            "status",
            "exploded",
        ),
        (
            r#"{"sid": "CA1", "direction": "sideways"}"#,
            "direction",
            "sideways",
        ),
        (
            r#"{"sid": "CA1", "start_time": "2024-05-01 10:00"}"#,
            "start_time",
            "RFC 2822",
        ),
        (r#"{"sid": "CA1", "duration": "-3"}"#, "duration", "seconds"),
        (
            r#"{"sid": "CA1", "price": "-0.1"}"#,
            "price_unit",
            "missing",
        ),
        (
            r#"{"sid": "CA1", "price": "abc", "price_unit": "USD"}"#,
            "price",
            "abc",
        ),
        (r#"{"sid": "CA1", "to": ["+1"]}"#, "to", "expected text"),
        (r#"{"calls": 3}"#, "calls", "array"),
        (r#"{"sid": "CA1""#, "json", "line 1"),
    ];
    for (json, field, needle) in cases {
        match one(json) {
            Err(Error::Parse {
                row: 1,
                column,
                reason,
                ..
            }) if column == field => {
                assert!(reason.contains(needle), "{field}: {reason}");
            }
            other => panic!("{json}: {other:?}"),
        }
    }
    // the record number counts across pages and lines
    let two = "{\"calls\": [{\"sid\": \"CA1\"}]}\n{\"sid\": \"CA2\", \"status\": \"??\"}\n";
    let err = read_from(
        std::io::Cursor::new(two.as_bytes().to_vec()),
        Source::TwilioJson,
        &SourceOptions::new(),
    )
    .collect::<Result<Vec<_>, _>>()
    .unwrap_err();
    assert!(
        matches!(err, Error::Parse { row: 2, ref column, .. } if column == "status"),
        "{err:?}"
    );
    assert_eq!("twilio_json".parse::<Source>().unwrap(), Source::TwilioJson);
}
