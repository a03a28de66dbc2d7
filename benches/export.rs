//! Criterion benches of the export sinks: 10,000 sample records in the 25 Overview columns,
//! to CSV (UTF-8, and CP932 in Japanese) and XLSX (constant memory, compression level 1).
//!
//! ```sh
//! cargo bench -p calllog-benches --bench export
//! ```

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use calllog::export::{
    CsvEncoding, ExportControl, ExportProfile, Preset, Unencodable, export_csv, export_xlsx,
};
use calllog::{CallRecord, Locale};

const N: usize = 10_000;

fn sinks(c: &mut Criterion) {
    let log: Vec<CallRecord> = calllog::sample::generate(N, 42).collect();
    let dir = std::env::temp_dir().join(format!("calllog-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let control = ExportControl::new();
    let overview = ExportProfile::preset(Preset::Overview);
    let mut cp932 = ExportProfile::preset(Preset::Overview)
        .locale(Locale::Ja)
        .time_zone("Asia/Tokyo".parse().unwrap());
    cp932.csv.encoding = CsvEncoding::Cp932;
    cp932.csv.unencodable = Unencodable::Replace;

    let mut g = c.benchmark_group("export");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("csv_utf8_overview_10k", |b| {
        b.iter(|| export_csv(dir.join("b.csv"), &log, &overview, &control).unwrap())
    });
    g.bench_function("csv_cp932_ja_tokyo_10k", |b| {
        b.iter(|| export_csv(dir.join("j.csv"), &log, &cp932, &control).unwrap())
    });
    g.bench_function("xlsx_overview_10k", |b| {
        b.iter(|| export_xlsx(dir.join("b.xlsx"), &log, &overview, &control).unwrap())
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Why the sinks use `itoa`: integer text into a reused buffer, itoa vs `write!`.
fn integer_text(c: &mut Criterion) {
    use std::io::Write;
    let values: Vec<u64> = (0..10_000u64)
        .map(|i| i.wrapping_mul(2_654_435_761) % 100_000)
        .collect();
    let mut g = c.benchmark_group("integer_text");
    g.throughput(Throughput::Elements(values.len() as u64));
    let mut out = Vec::with_capacity(100_000);
    g.bench_function("itoa", |b| {
        b.iter(|| {
            out.clear();
            for v in &values {
                out.extend_from_slice(itoa::Buffer::new().format(*v).as_bytes());
            }
            out.len()
        })
    });
    g.bench_function("std_write", |b| {
        b.iter(|| {
            out.clear();
            for v in &values {
                write!(out, "{v}").unwrap();
            }
            out.len()
        })
    });
    g.finish();
}

criterion_group!(benches, sinks, integer_text);
criterion_main!(benches);
