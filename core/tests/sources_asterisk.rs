//! `calllog::sources` for Asterisk `cdr_csv` (`Master.csv`).
//!
//! The fixture `fixtures/asterisk/Master.csv` is written the way Asterisk's
//! `cdr/cdr_csv.c` (`build_csv_record`, `append_string`, `append_date`) writes a line: 16
//! columns accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata,
//! start, answer, end, duration, billsec, disposition, amaflags, then uniqueid and userfield
//! (`loguniqueid = yes`, `loguserfield = yes` in cdr.conf's `[csv]` section); strings quoted
//! with `"` doubled, integers bare, an unset time as an empty field, times in the PBX's local
//! time as `%Y-%m-%d %T`. Dispositions are those of `ast_cdr_disp2str`: ANSWERED, NO ANSWER,
//! BUSY, FAILED, CONGESTION.

use calllog::export::{Column, ExportControl, ExportProfile, Field, export_csv};
use calllog::sources::{Source, SourceOptions, read, read_from};
use calllog::{AttemptResult, CallRecord, ContactStatus, Error, ts};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/asterisk/Master.csv"
);

fn tokyo() -> SourceOptions {
    SourceOptions::new().time_zone(chrono_tz::Asia::Tokyo)
}

fn fixture() -> Vec<CallRecord> {
    read(FIXTURE, Source::AsteriskCsv, &tokyo())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn master_csv_reads_into_records_field_by_field() {
    let calls = fixture();
    assert_eq!(calls.len(), 5);
    let a = &calls[0];
    assert_eq!(a.id, "1714554000.1");
    assert_eq!(
        (a.from.as_deref(), a.to.as_deref()),
        (Some("0312345678"), Some("201"))
    );
    assert_eq!(a.customer_name.as_deref(), Some("山田 太郎"));
    // Tokyo local 18:00 is 09:00 UTC
    assert_eq!(a.timeline.started_at, Some(ts("2024-05-01T09:00:00Z")));
    assert_eq!(a.timeline.talk_started_at, Some(ts("2024-05-01T09:00:07Z")));
    assert_eq!(a.timeline.talk_ended_at, Some(ts("2024-05-01T09:03:07Z")));
    assert_eq!(a.timeline.closed_at, Some(ts("2024-05-01T09:03:07Z")));
    assert_eq!(a.reported.talk, Some(chrono::TimeDelta::seconds(180)));
    assert_eq!(a.status, Some(ContactStatus::Answered));
    assert_eq!(a.attempt_result, Some(AttemptResult::CallAccepted));
    assert_eq!(a.extra["lastdata"], "PJSIP/201,30,tT");
    assert_eq!(a.extra["clid"], "\"山田 太郎\" <0312345678>");
    assert!(
        !a.extra.contains_key("accountcode"),
        "empty values are not stored"
    );

    // never answered: no talk, the end is when it closed
    let b = &calls[1];
    assert_eq!(b.customer_name, None, "an empty quoted name is no name");
    assert_eq!(b.timeline.talk_started_at, None);
    assert_eq!(b.timeline.talk_ended_at, None);
    assert_eq!(b.timeline.closed_at, Some(ts("2024-05-01T09:10:30Z")));
    assert_eq!(b.status, Some(ContactStatus::NoAnswer));
    assert_eq!(b.attempt_result, Some(AttemptResult::NoAnswer));
    assert_eq!(
        (
            b.extra["accountcode"].as_str(),
            b.extra["userfield"].as_str()
        ),
        ("sales", "campaign-7")
    );

    assert_eq!(calls[2].customer_name, None, "a bare number has no name");
    assert_eq!(calls[2].attempt_result, Some(AttemptResult::NumberBusy));
    assert!(!calls[2].extra.contains_key("dstchannel"));
    assert_eq!(calls[3].status, Some(ContactStatus::Failed));
    assert_eq!(
        calls[3].attempt_result,
        Some(AttemptResult::NumberUnavailable)
    );
    // the transferred leg keeps its own id and names the channel it came from
    assert_eq!(calls[4].extra["lastapp"], "Transfer");
    assert_eq!(calls[4].extra["channel"], "PJSIP/201-00000002");
    for c in &calls {
        c.validate().unwrap();
    }
}

#[test]
fn the_records_export_cell_by_cell() {
    let calls = fixture();
    let dir = std::env::temp_dir().join(format!("calllog-asterisk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calls.csv");
    let profile = ExportProfile::columns(
        [
            Field::Id,
            Field::From,
            Field::To,
            Field::StartedAt,
            Field::Talk,
            Field::Status,
        ]
        .map(Column::from),
    )
    .time_zone(chrono_tz::Asia::Tokyo);
    export_csv(&path, &calls, &profile, &ExportControl::new()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Call ID,From,To,Started at,Talk time,Status");
    // back in the PBX's local time, as the CDR had it
    assert_eq!(
        lines[1],
        "1714554000.1,0312345678,201,2024-05-01 18:00:00,180,Answered"
    );
    assert_eq!(
        lines[2],
        "1714554600.3,0312345679,201,2024-05-01 18:10:00,0,No answer"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn line(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| {
            if f.parse::<i64>().is_ok() {
                f.to_string()
            } else {
                format!("\"{}\"", f.replace('"', "\"\""))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
        + "\n"
}

const BASE: [&str; 16] = [
    "",
    "100",
    "200",
    "internal",
    "100",
    "SIP/100-1",
    "SIP/200-2",
    "Dial",
    "SIP/200",
    "2024-10-27 02:30:00",
    "2024-10-27 02:30:05",
    "2024-10-27 02:31:05",
    "65",
    "60",
    "ANSWERED",
    "DOCUMENTATION",
];

fn one(text: String, opts: &SourceOptions) -> Result<CallRecord, Error> {
    read_from(
        std::io::Cursor::new(text.into_bytes()),
        Source::AsteriskCsv,
        opts,
    )
    .next()
    .unwrap()
}

#[test]
fn sixteen_columns_and_the_new_cdr_columns() {
    // the default layout has no uniqueid: the id is channel@start
    let r = one(line(&BASE), &SourceOptions::new()).unwrap();
    assert_eq!(r.id, "SIP/100-1@2024-10-27 02:30:00");
    // newcdrcolumns only: peeraccount, linkedid, sequence (multi-leg calls share a linkedid)
    let mut f = BASE.to_vec();
    f.extend(["peer", "1730000000.1", "7"]);
    let r = one(line(&f), &SourceOptions::new()).unwrap();
    assert_eq!(r.extra["linkedid"], "1730000000.1");
    assert_eq!(r.extra["sequence"], "7");
    // in Warsaw 02:30 on 2024-10-27 happens twice: the earlier one (UTC+2)
    let r = one(
        line(&BASE),
        &SourceOptions::new().time_zone(chrono_tz::Europe::Warsaw),
    )
    .unwrap();
    assert_eq!(r.timeline.started_at, Some(ts("2024-10-27T00:30:00Z")));
}

#[test]
fn bad_lines_are_errors_naming_the_line_and_the_field() {
    let ok = line(&BASE);
    let mut bad = BASE.to_vec();
    bad[14] = "MAYBE";
    let err = read_from(
        std::io::Cursor::new(format!("{ok}{ok}{}", line(&bad)).into_bytes()),
        Source::AsteriskCsv,
        &SourceOptions::new(),
    )
    .collect::<Result<Vec<_>, _>>()
    .unwrap_err();
    match err {
        Error::Parse {
            row,
            column,
            reason,
            path,
        } => {
            assert_eq!((row, column.as_str()), (3, "disposition"));
            assert!(
                reason.contains("MAYBE") && reason.contains("NO ANSWER"),
                "{reason}"
            );
            assert_eq!(path.to_string_lossy(), "<reader>");
        }
        other => panic!("{other:?}"),
    }
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            {
                let mut f = BASE.to_vec();
                f[9] = "01/05/2024 10:00";
                f
            },
            "start",
            "YYYY-MM-DD",
        ),
        (
            {
                let mut f = BASE.to_vec();
                f[12] = "999";
                f
            },
            "duration",
            "end − start",
        ),
        (
            {
                let mut f = BASE.to_vec();
                f[13] = "-4";
                f
            },
            "billsec",
            "seconds",
        ),
        (
            {
                let mut f = BASE.to_vec();
                f.extend(["a", "b", "c", "d"]);
                f
            },
            "line",
            "20 columns",
        ),
    ];
    for (fields, column, needle) in cases {
        match one(line(&fields), &SourceOptions::new()) {
            Err(Error::Parse {
                row: 1,
                column: c,
                reason,
                ..
            }) if c == column => {
                assert!(reason.contains(needle), "{column}: {reason}");
            }
            other => panic!("{column}: {other:?}"),
        }
    }
    // a time that does not exist (Warsaw springs forward at 02:00 on 2024-03-31)
    let mut f = BASE.to_vec();
    f[9] = "2024-03-31 02:30:00";
    f[10] = "";
    f[11] = "";
    let warsaw = SourceOptions::new().time_zone(chrono_tz::Europe::Warsaw);
    assert!(
        matches!(one(line(&f), &warsaw), Err(Error::Parse { column, .. }) if column == "start")
    );
    // a missing file names its path
    match read(
        "/no/such/Master.csv",
        Source::AsteriskCsv,
        &SourceOptions::new(),
    ) {
        Err(Error::Io { path, .. }) => assert_eq!(path.to_string_lossy(), "/no/such/Master.csv"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    // source names
    assert_eq!(
        "asterisk_csv".parse::<Source>().unwrap(),
        Source::AsteriskCsv
    );
    assert_eq!(Source::AsteriskCsv.to_string(), "asterisk_csv");
    assert!(matches!(
        "cisco".parse::<Source>(),
        Err(Error::UnknownValue { .. })
    ));
}
