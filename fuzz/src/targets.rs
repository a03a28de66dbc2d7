//! The fuzzed properties, shared by the fuzz targets (`fuzz_targets/`) and the regression test
//! that replays saved inputs (`core/tests/fuzz_regressions.rs`). Each function panics exactly
//! when the property fails; an `Err` from calllog is a correct answer to bad input.

use calllog::export::{CsvSink, ExportControl, ExportProfile, Preset, XlsxSink};
use calllog::{CallRecord, Query};

/// Any bytes read as calllog's own CSV (each preset, UTF-8 or CP932) give records or a typed
/// error, never a panic. Records read back are not validated by design (a layout without the
/// id column reads back ids ""), but those that validate survive a `full` round trip.
pub fn read_csv(data: &[u8]) {
    for preset in [Preset::Full, Preset::CallHistory, Preset::ContactsSimple] {
        let mut profile = ExportProfile::preset(preset);
        if data.first() == Some(&b'\x82') {
            profile.csv.encoding = calllog::export::CsvEncoding::Cp932;
        }
        if let Ok(records) = calllog::read::read_csv_bytes(data, &profile, "fuzz.csv") {
            for r in records.iter().filter(|r| r.validate().is_ok()).take(4) {
                full_round_trip(r);
            }
        }
    }
}

/// A record from JSON that validates is exported to CSV and XLSX without a panic, and the
/// `full` CSV reads back into an equal record (the preset is lossless).
pub fn record_json(data: &[u8]) {
    let Ok(record) = serde_json::from_slice::<CallRecord>(data) else {
        return;
    };
    if record.validate().is_err() {
        return;
    }
    full_round_trip(&record);
    let profile = ExportProfile::preset(Preset::Full);
    let control = ExportControl::new();
    for preset in [
        Preset::CallHistory,
        Preset::VideoCallHistory { survey_pairs: 1 },
    ] {
        let p = ExportProfile::preset(preset);
        let mut sink = CsvSink::<CallRecord>::to_writer(Box::new(std::io::sink()), &p, &control)
            .expect("a CSV sink");
        sink.write(&record).expect("a valid record exports");
        sink.finish().expect("the export finishes");
    }
    let dir = std::env::temp_dir().join(format!("calllog-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let path = dir.join("r.xlsx");
    let mut sink = XlsxSink::<CallRecord>::create(&path, &profile, &control).expect("an XLSX sink");
    sink.write(&record).expect("a valid record exports to XLSX");
    sink.finish().expect("the XLSX export finishes");
}

/// A valid record written with the `full` preset reads back equal.
fn full_round_trip(record: &CallRecord) {
    let profile = ExportProfile::preset(Preset::Full);
    let control = ExportControl::new();
    let buf = Shared::default();
    let mut sink = CsvSink::<CallRecord>::to_writer(Box::new(buf.clone()), &profile, &control)
        .expect("a CSV sink on memory");
    sink.write(record).expect("a valid record exports to CSV");
    sink.finish().expect("the CSV export finishes");
    let bytes = buf.0.lock().unwrap().clone();
    let back = calllog::read::read_csv_bytes(&bytes, &profile, "roundtrip.csv")
        .expect("the full CSV reads back");
    assert_eq!(back.len(), 1);
    assert_eq!(&back[0], record, "the full preset round-trips");
}

/// Any query from JSON runs over sample records, or is refused with a typed error.
pub fn query_json(data: &[u8]) {
    let Ok(query) = serde_json::from_slice::<Query>(data) else {
        return;
    };
    let records: Vec<CallRecord> = calllog::sample::generate(40, 7).collect();
    if let Ok(page) = query.run(records.iter().cloned()) {
        assert!(page.rows.len() <= records.len());
    }
}

#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
