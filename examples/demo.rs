//! The first program to run: generates the built-in sample call log (100,000 records over every
//! channel, direction, status and attempt result, several agents, queues, IVR paths, surveys
//! and every seed edge case), then writes `calls.csv` and `calls.xlsx` for a supervisor in
//! Tokyo — Japanese headers and labels, times in Asia/Tokyo, a UTF-8 CSV with a BOM so Excel
//! in Japan opens it — with a progress bar, and prints what each export did.
//!
//! ```sh
//! cargo run --release -p calllog-examples --example demo            # into the current directory
//! cargo run --release -p calllog-examples --example demo -- out/ 5000  # directory, record count
//! ```

use std::path::PathBuf;
use std::time::Duration;

use calllog::Locale;
use calllog::export::{CsvSink, ExportControl, ExportProfile, ExportSummary, Preset, Tz, XlsxSink};
use indicatif::{ProgressBar, ProgressStyle};

const SEED: u64 = 2024;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let n: usize = match args.next() {
        Some(n) => n.parse()?,
        None => 100_000,
    };
    std::fs::create_dir_all(&dir)?;

    let tokyo: Tz = "Asia/Tokyo".parse()?;
    // A `ja` export defaults to what Japanese Excel expects: UTF-8 with a BOM, sheet 通話履歴.
    let profile = ExportProfile::preset(Preset::Overview)
        .locale(Locale::Ja)
        .time_zone(tokyo);

    println!("calllog demo: {n} sample records (seed {SEED}), ja locale, Asia/Tokyo");
    // The sample is deterministic, so each export streams it afresh: memory stays flat.
    let csv = with_progress("calls.csv ", n, |control| {
        let mut sink = CsvSink::create(dir.join("calls.csv"), &profile, control)?;
        for record in calllog::sample::generate(n, SEED) {
            sink.write(&record)?;
        }
        sink.finish()
    })?;
    let xlsx = with_progress("calls.xlsx", n, |control| {
        let mut sink = XlsxSink::create(dir.join("calls.xlsx"), &profile, control)?;
        for record in calllog::sample::generate(n, SEED) {
            sink.write(&record)?;
        }
        sink.finish()
    })?;
    for s in [&csv, &xlsx] {
        print_summary(s);
    }
    Ok(())
}

fn with_progress(
    label: &str,
    n: usize,
    export: impl FnOnce(&ExportControl) -> calllog::Result<ExportSummary>,
) -> calllog::Result<ExportSummary> {
    let bar = ProgressBar::new(n as u64).with_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40.cyan/blue}] {pos}/{len} records {per_sec} ({eta})",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(label.to_string());
    let b = bar.clone();
    let control = ExportControl::new()
        .with_total(n as u64)
        .with_interval(Duration::from_millis(50))
        .on_progress(move |p| b.set_position(p.rows));
    let result = export(&control);
    bar.finish();
    result
}

fn print_summary(s: &ExportSummary) {
    println!(
        "{}: {} records, {} rows, {} sheet(s), {} bytes, {} cell(s) cut at 32,767 characters, {:.2} s ({:.0} records/s)",
        s.path.display(),
        s.records,
        s.rows,
        s.sheets,
        s.bytes,
        s.truncated_cells,
        s.elapsed.as_secs_f64(),
        s.records as f64 / s.elapsed.as_secs_f64().max(1e-9),
    );
}
