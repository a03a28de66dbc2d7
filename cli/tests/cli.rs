//! The `calllog` binary, run as an administrator would: CDR files of the core's fixtures
//! (core/tests/fixtures, written from each vendor's documented format) into the seeds'
//! reports, metrics in the terminal, the demo, and the errors and exit codes of bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use calamine::{Data, Reader, Xlsx, open_workbook};
use calllog::export::{ExportControl, ExportProfile, Preset, export_csv, export_xlsx};
use calllog::sources::{Source, SourceOptions, read};
use calllog::{CallRecord, Locale};

fn calllog(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_calllog"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn fixture(p: &str) -> String {
    format!("{}/../core/tests/fixtures/{p}", env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("calllog-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn cells(path: &Path) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn records(p: &str, source: Source, tz: chrono_tz::Tz) -> Vec<CallRecord> {
    read(fixture(p), source, &SourceOptions::new().time_zone(tz))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn convert_asterisk_master_csv_into_the_seed_002_xlsx() {
    let dir = tmp("seed002");
    let out = dir.join("calls.xlsx");
    let o = calllog(&[
        "convert",
        &fixture("asterisk/Master.csv"),
        "--from",
        "asterisk_csv",
        "--time-zone",
        "Asia/Tokyo",
        "--preset",
        "call_history",
        "--locale",
        "ru",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("5 records"), "{}", stderr(&o));
    // cell by cell what the core writes for the same records
    let expected = dir.join("expected.xlsx");
    let profile = ExportProfile::preset(Preset::CallHistory)
        .locale(Locale::Ru)
        .time_zone(chrono_tz::Asia::Tokyo);
    let recs = records(
        "asterisk/Master.csv",
        Source::AsteriskCsv,
        chrono_tz::Asia::Tokyo,
    );
    export_xlsx(&expected, &recs, &profile, &ExportControl::new()).unwrap();
    let got = cells(&out);
    assert_eq!(got, cells(&expected));
    assert_eq!(got.len(), 6);
    assert!(
        got[0].iter().any(|h| h == "Результат попытки"),
        "{:?}",
        got[0]
    );
    assert!(got[1].iter().any(|c| c == "Вызов принят"), "{:?}", got[1]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn convert_writes_the_seed_000_report_and_csv_to_standard_output() {
    let dir = tmp("seed000");
    let out = dir.join("calls.xlsx");
    let o = calllog(&[
        "convert",
        &fixture("asterisk/Master.csv"),
        "--from",
        "asterisk_csv",
        "--time-zone",
        "Asia/Tokyo",
        "--preset",
        "video_call_history",
        "--locale",
        "ja",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = cells(&out);
    assert_eq!(got.len(), 6);
    assert!(got[0].iter().any(|h| h == "コール開始時間"), "{:?}", got[0]);

    // `-o -`: CSV on stdout, byte for byte what the core writes; Connect records by the
    // Polish seed 004 preset
    let o = calllog(&[
        "convert",
        &fixture("connect/ctr.jsonl"),
        "--from",
        "connect_ctr",
        "--time-zone",
        "Europe/Warsaw",
        "--preset",
        "contacts_simple",
        "--locale",
        "pl",
        "-o",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = dir.join("expected.csv");
    let recs = records("connect/ctr.jsonl", Source::ConnectCtr, chrono_tz::UTC);
    let profile = ExportProfile::preset(Preset::ContactsSimple)
        .locale(Locale::Pl)
        .time_zone(chrono_tz::Europe::Warsaw);
    export_csv(&expected, &recs, &profile, &ExportControl::new()).unwrap();
    assert_eq!(o.stdout, std::fs::read(&expected).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn standard_input_and_every_source() {
    let cases = [
        ("asterisk/Master.csv", "asterisk_csv", 5),
        ("freeswitch/Master.csv", "freeswitch_csv", 6),
        ("freeswitch/cdr.json", "freeswitch_json", 3),
        ("twilio/calls.json", "twilio_json", 5),
        ("connect/ctr.jsonl", "connect_ctr", 5),
    ];
    for (file, source, n) in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_calllog"))
            .args([
                "convert", "-", "--from", source, "-o", "-", "--preset", "full",
            ])
            .stdin(std::fs::File::open(fixture(file)).unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdin.take();
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{source}: {}", stderr(&o));
        let text = String::from_utf8(o.stdout).unwrap();
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        assert_eq!(rdr.records().count(), n, "{source}");
    }
}

#[test]
fn metrics_by_queue_print_a_table() {
    let o = calllog(&[
        "metrics",
        &fixture("connect/ctr.jsonl"),
        "--from",
        "connect_ctr",
        "--by",
        "queue",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("queue") && lines[0].contains("service level"));
    let cols = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        cols(lines[2]),
        ["(all)", "5", "4", "1", "80.0%", "40.0%", "0:24", "4:06"]
    );
    let support = lines.iter().find(|l| l.starts_with("サポート")).unwrap();
    assert_eq!(cols(support)[1..4], ["2", "1", "1"]);
    // the columns line up as a terminal shows them (CJK is two columns wide)
    assert_eq!(
        console::measure_text_width(lines[0]),
        console::measure_text_width(support)
    );
}

#[test]
fn bad_input_names_the_file_the_line_and_the_field_and_leaves_no_file() {
    let dir = tmp("bad");
    let good = std::fs::read_to_string(fixture("asterisk/Master.csv")).unwrap();
    let first = good.lines().next().unwrap();
    let bad = dir.join("Master.csv");
    std::fs::write(
        &bad,
        format!("{first}\n{}\n", first.replace("\"ANSWERED\"", "\"MAYBE\"")),
    )
    .unwrap();
    let out = dir.join("calls.xlsx");
    let o = calllog(&[
        "convert",
        bad.to_str().unwrap(),
        "--from",
        "asterisk_csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(65));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}: line 2, field `disposition`", bad.display()))
            && err.contains("MAYBE"),
        "{err}"
    );
    assert!(!out.exists(), "a failed export leaves no file");

    let json = dir.join("ctr.jsonl");
    std::fs::write(
        &json,
        "{\"ContactId\": \"c\", \"Channel\": \"VOICE\", \"Agent\": {\"NumberOfHolds\": \"x\"}}\n",
    )
    .unwrap();
    let o = calllog(&["metrics", json.to_str().unwrap(), "--from", "connect_ctr"]);
    assert_eq!(o.status.code(), Some(65));
    assert!(
        stderr(&o).contains("record 1, field `Agent.NumberOfHolds`"),
        "{}",
        stderr(&o)
    );

    let o = calllog(&[
        "convert",
        dir.join("none.csv").to_str().unwrap(),
        "--from",
        "asterisk_csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(74));
    assert!(stderr(&o).contains("none.csv"), "{}", stderr(&o));

    let o = calllog(&[
        "convert",
        bad.to_str().unwrap(),
        "--from",
        "cisco_csv",
        "-o",
        "x.csv",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("asterisk_csv, freeswitch_csv"),
        "{}",
        stderr(&o)
    );
    let o = calllog(&[
        "convert",
        bad.to_str().unwrap(),
        "--from",
        "asterisk_csv",
        "-o",
        "x.pdf",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".csv or .xlsx"), "{}", stderr(&o));
    let o = calllog(&[
        "metrics",
        bad.to_str().unwrap(),
        "--from",
        "asterisk_csv",
        "--time-zone",
        "Mars/Base",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("IANA"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal_only() {
    let dir = tmp("progress");
    // a Master.csv large enough for the bar to draw while it is read
    let first = std::fs::read_to_string(fixture("asterisk/Master.csv")).unwrap();
    let first = first.lines().next().unwrap().to_string();
    let mut big = String::new();
    for i in 0..60_000 {
        big.push_str(&first.replace("1714554000.1", &format!("1714554000.{i}")));
        big.push('\n');
    }
    let input = dir.join("Master.csv");
    std::fs::write(&input, big).unwrap();
    let out = dir.join("calls.xlsx");
    let cmd = format!(
        "{} convert {} --from asterisk_csv --preset call_history -o {}",
        env!("CARGO_BIN_EXE_calllog"),
        input.display(),
        out.display()
    );
    // Not a terminal: no bar, only the summary.
    let o = Command::new("sh").args(["-c", &cmd]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("reading"), "{}", stderr(&o));
    // On a terminal (util-linux `script` gives it a pseudo-terminal): the bar is drawn.
    if Command::new("script").arg("--version").output().is_err() {
        println!("SKIP: no `script` to give the binary a terminal");
        return;
    }
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let typescript = String::from_utf8_lossy(&o.stdout);
    assert!(
        typescript.contains("reading") && typescript.contains("60000 records"),
        "{typescript}"
    );
    assert_eq!(cells(&out).len(), 60_001);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn demo_writes_the_sample_reports() {
    let dir = tmp("demo");
    let o = calllog(&["demo", "-o", dir.to_str().unwrap(), "--records", "500"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(cells(&dir.join("calls.xlsx")).len(), 501);
    let csv = std::fs::read(dir.join("calls.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "ja: UTF-8 with a BOM for Excel"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_readme_command_lines_run_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let marker = readme
        .find("<!-- cli-snippet:")
        .expect("the README marks its command-line block");
    let block = &readme[marker..];
    let start = block.find("```sh\n").unwrap() + 6;
    let end = start + block[start..].find("```").unwrap();
    let lines: Vec<&str> = block[start..end].lines().collect();
    assert!(lines.len() >= 3, "{lines:?}");
    let work = tmp("readme");
    for line in lines {
        let args: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(args[0], "calllog", "{line}");
        // run from the repository root, as the README says, but write into a scratch copy
        // of the output names so the clone stays clean
        let args: Vec<String> = args[1..]
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let prev = if i == 0 { "" } else { args[i] };
                if prev == "-o" {
                    work.join(a).to_string_lossy().into_owned()
                } else {
                    a.to_string()
                }
            })
            .collect();
        let o = Command::new(env!("CARGO_BIN_EXE_calllog"))
            .args(&args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(o.status.success(), "{line}: {}", stderr(&o));
    }
    assert!(work.join("calls.xlsx").exists() && work.join("calls.csv").exists());
    assert!(work.join("demo-out").join("calls.xlsx").exists());
    std::fs::remove_dir_all(&work).unwrap();
}
