//! CSV on several threads (`CsvOptions::threads`, `CsvSink::write_batch`): the bytes, the
//! counts and the errors are those of one thread, record by record.

use calllog::export::{
    Column, CsvEncoding, CsvSink, ExportControl, ExportProfile, ExportSummary, Field, Layout,
    Preset, Unencodable, export_csv,
};
use calllog::{CallRecord, Error, Locale, Viewer};

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("calllog-csv-threads-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Exports `records` with `threads`, through `export_csv` and through `write_batch` in uneven
/// slices; both must give the same file.
fn export(
    records: &[CallRecord],
    profile: &ExportProfile,
    threads: usize,
    name: &str,
) -> (Vec<u8>, ExportSummary) {
    let d = dir(name);
    let mut p = profile.clone();
    p.csv.threads = threads;
    let a = d.join(format!("all-{threads}.csv"));
    let s = export_csv(&a, records, &p, &ExportControl::new()).unwrap();
    let b = d.join(format!("batches-{threads}.csv"));
    let mut sink = CsvSink::create(&b, &p, &ExportControl::new()).unwrap();
    let mut rest = records;
    for n in [1, 7_000, 40_000, 3, usize::MAX].into_iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (head, tail) = rest.split_at(n.min(rest.len()));
        sink.write_batch(head).unwrap();
        rest = tail;
    }
    let s2 = sink.finish().unwrap();
    let (bytes_a, bytes_b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(
        bytes_a == bytes_b,
        "{name}: export_csv and write_batch differ"
    );
    assert_eq!(
        (
            s.records,
            s.rows,
            s.skipped_records,
            s.bytes,
            s.replaced_characters
        ),
        (
            s2.records,
            s2.rows,
            s2.skipped_records,
            s2.bytes,
            s2.replaced_characters
        )
    );
    std::fs::remove_dir_all(&d).unwrap();
    (bytes_a, s)
}

fn same_on_any_thread_count(records: &[CallRecord], profile: &ExportProfile, name: &str) {
    let (one, s1) = export(records, profile, 1, name);
    for threads in [2, 3, 0] {
        let (many, s) = export(records, profile, threads, name);
        assert!(one == many, "{name}: {threads} threads give other bytes");
        assert_eq!(
            (
                s1.records,
                s1.rows,
                s1.skipped_records,
                s1.bytes,
                s1.replaced_characters
            ),
            (
                s.records,
                s.rows,
                s.skipped_records,
                s.bytes,
                s.replaced_characters
            ),
            "{name}: {threads} threads"
        );
    }
}

#[test]
fn the_bytes_do_not_depend_on_the_threads() {
    let records: Vec<CallRecord> = calllog::sample::generate(60_000, 11).collect();
    same_on_any_thread_count(
        &records,
        &ExportProfile::preset(Preset::Overview),
        "overview",
    );
    // several rows per record, blanks on the later rows
    let detailed = ExportProfile::preset(Preset::ContactsDetailed);
    same_on_any_thread_count(&records, &detailed, "detailed");
    // JSON cells, machine names, the BOM
    same_on_any_thread_count(&records, &ExportProfile::preset(Preset::Full), "full");
    // CP932 with replacement counted, and an operator who sees only some records
    let mut ja = ExportProfile::preset(Preset::CallHistory)
        .locale(Locale::Ja)
        .viewer(Viewer::operator("佐藤", false));
    ja.csv.encoding = CsvEncoding::Cp932;
    ja.csv.unencodable = Unencodable::Replace;
    let (_, s) = export(&records, &ja, 2, "ja-probe");
    assert!(s.skipped_records > 0, "the operator must miss some records");
    same_on_any_thread_count(&records, &ja, "ja");
}

#[test]
fn an_unencodable_cell_names_the_same_row_on_any_thread() {
    let mut records: Vec<CallRecord> = calllog::sample::generate(50_000, 3).collect();
    // ASCII columns but the name, one row per IVR step (so rows run ahead of records)
    let mut p = ExportProfile::columns(
        [Field::Id, Field::CustomerName, Field::IvrDetail].map(Column::from),
    )
    .locale(Locale::En)
    .layout(Layout::Detailed {
        repeat_contact_fields: true,
    });
    for r in &mut records {
        *r = r.clone().customer_name("Yamada");
        for step in &mut r.ivr_path {
            step.detail = step.detail.as_ref().map(|_| "ok".to_string());
        }
    }
    p.csv.encoding = CsvEncoding::Cp932;
    // far into the second thread's slice of the first step
    records[12_345] = records[12_345].clone().customer_name("Wąsik");
    let errs: Vec<(u64, String)> = [1, 2, 3]
        .into_iter()
        .map(|threads| {
            let d = dir(&format!("err-{threads}"));
            p.csv.threads = threads;
            let target = d.join("calls.csv");
            let r = export_csv(&target, &records, &p, &ExportControl::new());
            assert!(!target.exists(), "a failed export leaves no file");
            std::fs::remove_dir_all(&d).unwrap();
            match r {
                Err(Error::Unencodable { row, column, .. }) => (row, column),
                other => panic!("{threads} threads: {other:?}"),
            }
        })
        .collect();
    assert!(errs[0].0 > 12_345, "rows count detail rows: {errs:?}");
    assert!(errs.iter().all(|e| *e == errs[0]), "{errs:?}");
}

#[test]
fn a_cancelled_batch_stops_and_leaves_no_file() {
    let records: Vec<CallRecord> = calllog::sample::generate(40_000, 5).collect();
    let d = dir("cancel");
    let control = ExportControl::new();
    let token = control.cancel_token();
    let mut p = ExportProfile::preset(Preset::Overview);
    p.csv.threads = 2;
    let target = d.join("calls.csv");
    let mut sink = CsvSink::create(&target, &p, &control).unwrap();
    sink.write_batch(&records[..20_000]).unwrap();
    token.cancel();
    assert!(matches!(
        sink.write_batch(&records[20_000..]),
        Err(Error::Cancelled)
    ));
    // the sink is unusable after a failed write, and the target never appears
    assert!(sink.write_batch(&records[..1]).is_err());
    drop(sink);
    assert!(!target.exists());
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn threads_report_progress_between_steps_and_end_with_the_file_size() {
    use std::sync::{Arc, Mutex};
    let records: Vec<CallRecord> = calllog::sample::generate(50_000, 9).collect();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let control = ExportControl::new()
        .with_interval(std::time::Duration::ZERO)
        .on_progress(move |p| log.lock().unwrap().push(*p));
    let mut p = ExportProfile::preset(Preset::Overview);
    p.csv.threads = 2;
    let d = dir("progress");
    let s = export_csv(d.join("calls.csv"), &records, &p, &control).unwrap();
    let seen = seen.lock().unwrap();
    // export_csv formats 50,000 records in steps of 2 × 3,125 (an eighth of the batch per
    // thread): a report before each step once 64 records are due, then the end
    assert!(seen.len() >= 5, "{}", seen.len());
    assert!(seen.windows(2).all(|w| w[0].rows < w[1].rows));
    let last = seen.last().unwrap();
    assert!(last.done && last.rows == 50_000 && last.bytes == s.bytes);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn an_absurd_thread_count_is_an_option_error_not_an_allocation() {
    let records: Vec<CallRecord> = calllog::sample::generate(10, 1).collect();
    let d = dir("absurd");
    let mut p = ExportProfile::preset(Preset::Overview);
    // what a negative JavaScript number becomes as a u32, and more
    for n in [u32::MAX as usize, usize::MAX] {
        p.csv.threads = n;
        match export_csv(d.join("c.csv"), &records, &p, &ExportControl::new()) {
            Err(Error::ExportOption { option, .. }) => assert_eq!(option, "csv.threads"),
            other => panic!("{n}: {other:?}"),
        }
    }
    p.csv.threads = calllog::export::MAX_THREADS;
    assert_eq!(
        export_csv(d.join("c.csv"), &records, &p, &ExportControl::new())
            .unwrap()
            .rows,
        10
    );
    std::fs::remove_dir_all(&d).unwrap();
}
