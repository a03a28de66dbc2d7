//! Criterion benches of the export sinks: 10,000 sample records in the 24 Overview columns,
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

criterion_group!(benches, sinks);
criterion_main!(benches);
