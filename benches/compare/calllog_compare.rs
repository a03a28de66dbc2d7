//! The Rust side of `benches/compare/compare.py` (run by `make compare`).
//!
//! ```sh
//! calllog-compare <mode> <records> <output>
//! ```
//!
//! Every mode streams the same deterministic records, `calllog::sample::generate(n, 42)`, in
//! the 25 columns of `Preset::Overview` (English, UTC, seconds), and prints one JSON line with
//! the seconds spent. Modes:
//! - `calllog-csv`, `calllog-xlsx`: our sinks with their defaults (CSV: batches of 16,384
//!   records through `write_batch`, formatted on every core);
//! - `calllog-csv-1t`: the CSV sink on one thread (`CsvOptions::threads = 1`);
//! - `calllog-csv-each`: the CSV sink fed one record at a time (`write`), as a loop over a
//!   cursor would;
//! - `calllog-csv-preloaded`, `calllog-csv-preloaded-1t`: `export_csv` of records generated
//!   into memory first, untimed (what the bindings' `CallLog` exports do); the time is the
//!   export alone;
//! - `csv-crate`: a plain loop over the `csv` crate writing the same values (the baseline of
//!   issue 3's "~0.8 s");
//! - `generate`: only generating the records and deriving their fields (the share of the
//!   plain Rust loops' time that is not writing);
//! - `generate-raw`: only generating the records (the share of calllog's sinks' time that is
//!   not exporting: they derive the fields themselves, and that counts as their work);
//! - `jsonl`: writes the rows as JSON lines (typed values, dates as `YYYY-MM-DD HH:MM:SS`) for
//!   the Python and Node contenders.

use std::io::Write;
use std::time::Instant;

use calllog::export::{CsvSink, ExportControl, ExportProfile, Preset, XlsxSink};
use calllog::{CallRecord, Derived, Rules, TimeDelta, Timestamp};

const SEED: u64 = 42;
/// Records per `write_batch` in the `calllog-csv` modes.
const BATCH: usize = 16_384;

/// The Overview columns as plain values, computed the way any caller would.
struct Row {
    texts: [Option<String>; 7],
    times: [Option<Timestamp>; 3],
    durations: [Option<TimeDelta>; 5],
    enums: [Option<&'static str>; 5],
    price: Option<f64>,
    currency: Option<String>,
    memo: Option<String>,
}

const HEADER: [&str; 25] = [
    "Call ID",
    "Channel",
    "Direction",
    "Status",
    "Customer name",
    "From",
    "To",
    "Agents",
    "Queue",
    "Campaign",
    "Started at",
    "Talk started at",
    "Talk ended at",
    "Customer wait (s)",
    "Dial time",
    "Talk time",
    "Total duration",
    "Outcome",
    "Attempt result",
    "Success",
    "Completion code",
    "Price",
    "Currency",
    "Recording length",
    "Staff memo",
];

fn row(r: &CallRecord, d: &Derived) -> Row {
    let rec = r.recording.as_ref();
    Row {
        texts: [
            Some(r.id.clone()),
            r.customer_name.clone(),
            r.from.clone(),
            r.to.clone(),
            Some(r.agent_names()),
            r.queue.clone(),
            r.campaign.clone(),
        ],
        times: [
            r.timeline.started_at,
            r.timeline.talk_started_at,
            r.timeline.talk_ended_at,
        ],
        durations: [
            d.wait,
            d.dial,
            d.talk,
            d.total,
            rec.and_then(|x| {
                if x.processing {
                    Some(TimeDelta::zero())
                } else {
                    x.duration
                }
            }),
        ],
        enums: [
            Some(r.channel.label(calllog::Locale::En)),
            r.direction.map(|v| v.label(calllog::Locale::En)),
            r.status.map(|v| v.label(calllog::Locale::En)),
            Some(d.outcome.label(calllog::Locale::En)),
            r.attempt_result.map(|v| v.label(calllog::Locale::En)),
        ],
        price: r.price.as_ref().map(|m| m.to_f64()),
        currency: r.price.as_ref().map(|m| m.currency.clone()),
        memo: r.staff_memo.clone(),
    }
}

fn secs(d: TimeDelta) -> f64 {
    d.num_milliseconds() as f64 / 1000.0
}

fn records(n: usize) -> impl Iterator<Item = (CallRecord, Derived)> {
    calllog::sample::generate(n, SEED).map(|r| {
        let d = Rules::CANONICAL.derive(&r);
        (r, d)
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: calllog-compare <mode> <records> <output>");
        std::process::exit(2);
    }
    let (mode, n, out) = (args[1].as_str(), args[2].parse::<usize>()?, &args[3]);
    let mut start = Instant::now();
    // Set by the modes that time only part of their run.
    let mut elapsed = None;
    let profile = ExportProfile::preset(Preset::Overview);
    let control = ExportControl::new();
    match mode {
        "calllog-csv-each" => {
            // One record at a time (`write`), straight from the generator, on one thread.
            let mut sink = CsvSink::create(out, &profile, &control)?;
            for r in calllog::sample::generate(n, SEED) {
                sink.write(&r)?;
            }
            sink.finish()?;
        }
        "calllog-csv" | "calllog-csv-1t" => {
            // Batches of records as a database cursor or an Arrow reader hands them over,
            // formatted on every core (`-1t`: on the caller's thread only).
            let mut profile = profile.clone();
            profile.csv.threads = usize::from(mode == "calllog-csv-1t");
            let mut sink = CsvSink::create(out, &profile, &control)?;
            let mut source = calllog::sample::generate(n, SEED);
            let mut batch: Vec<CallRecord> = Vec::with_capacity(BATCH);
            loop {
                batch.clear();
                batch.extend(source.by_ref().take(BATCH));
                if batch.is_empty() {
                    break;
                }
                sink.write_batch(&batch)?;
            }
            sink.finish()?;
        }
        "calllog-csv-preloaded" | "calllog-csv-preloaded-1t" => {
            // The records already in memory (a `CallLog` in Python, Node or Swift; polars'
            // DataFrame is preloaded the same way): only `export_csv` is timed.
            let records: Vec<CallRecord> = calllog::sample::generate(n, SEED).collect();
            let mut profile = profile.clone();
            profile.csv.threads = usize::from(mode.ends_with("-1t"));
            start = Instant::now();
            calllog::export::export_csv(out, &records, &profile, &control)?;
            elapsed = Some(start.elapsed());
        }
        "calllog-xlsx" => {
            let mut sink = XlsxSink::create(out, &profile, &control)?;
            for r in calllog::sample::generate(n, SEED) {
                sink.write(&r)?;
            }
            sink.finish()?;
        }
        "generate-raw" => {
            let mut sum = 0usize;
            for r in calllog::sample::generate(n, SEED) {
                sum += r.id.len();
            }
            std::hint::black_box(sum);
        }
        "generate" => {
            let mut sum = 0usize;
            for (r, d) in records(n) {
                sum += r.id.len() + d.talk.map_or(0, |t| t.num_seconds() as usize);
            }
            std::hint::black_box(sum);
        }
        "csv-crate" => {
            let mut w = csv::Writer::from_path(out)?;
            w.write_record(HEADER)?;
            for (r, d) in records(n) {
                let x = row(&r, &d);
                let mut fields: Vec<String> = Vec::with_capacity(24);
                fields.extend(x.texts[..1].iter().map(|s| s.clone().unwrap_or_default()));
                fields.extend(
                    x.enums[..3]
                        .iter()
                        .map(|s| s.unwrap_or_default().to_string()),
                );
                fields.extend(x.texts[1..].iter().map(|s| s.clone().unwrap_or_default()));
                fields.extend(x.times.iter().map(|t| {
                    t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default()
                }));
                fields.extend(
                    x.durations[..4]
                        .iter()
                        .map(|d| d.map(|d| secs(d).to_string()).unwrap_or_default()),
                );
                fields.extend(
                    x.enums[3..]
                        .iter()
                        .map(|s| s.unwrap_or_default().to_string()),
                );
                fields.push(if d.success { "Success" } else { "Failure" }.to_string());
                fields.push(r.completion_code.clone().unwrap_or_default());
                fields.push(x.price.map(|p| p.to_string()).unwrap_or_default());
                fields.push(x.currency.clone().unwrap_or_default());
                fields.push(
                    x.durations[4]
                        .map(|d| secs(d).to_string())
                        .unwrap_or_default(),
                );
                fields.push(x.memo.unwrap_or_default());
                w.write_record(&fields)?;
            }
            w.flush()?;
        }
        "jsonl" => {
            let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
            for (r, d) in records(n) {
                let x = row(&r, &d);
                let t = |t: Option<Timestamp>| t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string());
                let s = |d: Option<TimeDelta>| d.map(secs);
                let v = serde_json::json!([
                    x.texts[0],
                    x.enums[0],
                    x.enums[1],
                    x.enums[2],
                    x.texts[1],
                    x.texts[2],
                    x.texts[3],
                    x.texts[4],
                    x.texts[5],
                    x.texts[6],
                    t(x.times[0]),
                    t(x.times[1]),
                    t(x.times[2]),
                    s(x.durations[0]),
                    s(x.durations[1]),
                    s(x.durations[2]),
                    s(x.durations[3]),
                    x.enums[3],
                    x.enums[4],
                    if d.success { "Success" } else { "Failure" },
                    r.completion_code,
                    x.price,
                    x.currency,
                    s(x.durations[4]),
                    x.memo
                ]);
                serde_json::to_writer(&mut w, &v)?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
        }
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    }
    println!(
        "{{\"mode\":\"{mode}\",\"records\":{n},\"seconds\":{:.3},\"vmhwm_kib\":{}}}",
        elapsed.unwrap_or_else(|| start.elapsed()).as_secs_f64(),
        vmhwm_kib()
    );
    Ok(())
}

/// Peak RSS of this process in KiB (`VmHWM`, which, unlike `ru_maxrss`, does not carry over
/// the memory of the process that spawned us across `exec`); 0 where there is no /proc.
fn vmhwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}
