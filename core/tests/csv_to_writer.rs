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

/// Takes `left` bytes, then fails (a client that hangs up mid-download) or panics.
struct HangsUp {
    left: usize,
    panics: bool,
    got: Shared,
}
impl Write for HangsUp {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            assert!(!self.panics, "a bug in the caller's writer");
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "client hung up",
            ));
        }
        let n = b.len().min(self.left);
        self.left -= n;
        self.got.write(&b[..n])
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_writer_that_fails_or_panics_midway_is_an_error_on_any_thread_count() {
    let records: Vec<CallRecord> = calllog::sample::generate(40_000, 2).collect();
    for (threads, panics) in [(1, false), (2, false), (2, true), (1, true)] {
        let mut p = ExportProfile::preset(Preset::Overview);
        p.csv.threads = threads;
        let got = Shared::default();
        let w = HangsUp {
            left: 3 << 20,
            panics,
            got: got.clone(),
        };
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut sink = CsvSink::to_writer(w, &p, &ExportControl::new())?;
            sink.write_batch(&records)?;
            sink.finish()
        }));
        match (threads, panics, r) {
            // the writer thread turns the caller's panic into an error
            (2, true, Ok(Err(Error::Io { path, source }))) => {
                assert_eq!(path.to_string_lossy(), "<writer>");
                assert!(
                    source.to_string().contains("a bug in the caller's writer"),
                    "{source}"
                );
            }
            // on the caller's thread the panic stays the caller's (as before threads)
            (1, true, Err(_)) => {}
            (_, false, Ok(Err(Error::Io { path, source }))) => {
                assert_eq!(path.to_string_lossy(), "<writer>");
                assert_eq!(source.kind(), std::io::ErrorKind::ConnectionReset);
            }
            (t, p, other) => panic!(
                "threads {t}, panics {p}: {:?}",
                other.map(|r| r.map(|s| s.rows))
            ),
        }
        // what reached the client is the beginning of the file
        assert_eq!(got.0.lock().unwrap().len(), 3 << 20, "threads {threads}");
    }
}
