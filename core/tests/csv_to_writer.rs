//! `CsvSink::to_writer`: the same bytes as a file export, into any writer (for HTTP streaming).

use std::io::Write;
use std::sync::{Arc, Mutex};

use calllog::export::{CsvSink, ExportControl, ExportProfile, Preset};
use calllog::{CallRecord, Error};

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn writer_gets_the_same_bytes_as_the_file() {
    let records: Vec<CallRecord> = calllog::sample::generate(3_000, 5).collect();
    let profile = ExportProfile::preset(Preset::CallHistory);
    let dir = std::env::temp_dir().join(format!("calllog-to-writer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("calls.csv");
    let file =
        calllog::export::export_csv(&path, &records, &profile, &ExportControl::new()).unwrap();

    let out = Shared::default();
    let mut sink = CsvSink::to_writer(out.clone(), &profile, &ExportControl::new()).unwrap();
    for r in &records {
        sink.write(r).unwrap();
    }
    let summary = sink.finish().unwrap();
    assert_eq!(summary.records, 3_000);
    assert_eq!(summary.bytes, file.bytes);
    assert!(summary.path.as_os_str().is_empty());
    assert_eq!(*out.0.lock().unwrap(), std::fs::read(&path).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

struct Broken;
impl Write for Broken {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::new(
            std::io::ErrorKind::BrokenPipe,
            "client went away",
        ))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_io_error() {
    let mut sink =
        CsvSink::<CallRecord>::to_writer(Broken, &ExportProfile::default(), &ExportControl::new())
            .unwrap();
    for r in calllog::sample::generate(10, 1) {
        sink.write(&r).unwrap(); // buffered
    }
    match sink.finish() {
        Err(Error::Io { path, source }) => {
            assert_eq!(path.to_string_lossy(), "<writer>");
            assert_eq!(source.kind(), std::io::ErrorKind::BrokenPipe);
        }
        other => panic!("{other:?}"),
    }
}
