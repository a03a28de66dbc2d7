//! Seed 001's asynchronous search: ten background jobs at once, a bounded registry, cancel.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use calllog::jobs::{JobControl, JobOutput, JobRegistry, JobStatus};
use calllog::{Error, JobState};

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("calllog-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `rows` lines to `path` through a temporary file renamed on success, the way the
/// sinks do; checks for cancellation between rows.
fn write_file(
    ctl: &JobControl,
    path: &Path,
    rows: u64,
    fail_at: Option<u64>,
) -> calllog::Result<JobOutput> {
    use std::io::Write;
    let tmp = path.with_extension("partial");
    let mut f = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let result = (|| {
        for i in 0..rows {
            ctl.check()?;
            if fail_at == Some(i) {
                return Err(Error::Xlsx("simulated writer failure".into()));
            }
            writeln!(f, "row {i}").map_err(|e| Error::io(&tmp, e))?;
            ctl.set_progress(i + 1, Some(rows));
            if i % 50 == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        Ok(())
    })();
    drop(f);
    match result {
        Ok(()) => {
            std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
            Ok(JobOutput {
                path: Some(path.to_path_buf()),
                rows,
                bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
                ..Default::default()
            })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[test]
fn ten_simulated_jobs_at_once_end_and_the_registry_stays_bounded() {
    let dir = temp_dir("ten-jobs");
    let limit = 4;
    let reg = Arc::new(JobRegistry::with_limits(2, limit));
    let notified = Arc::new(Mutex::new(Vec::<JobStatus>::new()));
    let max_finished_seen = Arc::new(AtomicUsize::new(0));

    // a watcher samples the registry while the jobs run
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (reg, seen, stop) = (reg.clone(), max_finished_seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let finished = reg.list().iter().filter(|s| s.state.is_finished()).count();
                seen.fetch_max(finished, Ordering::Relaxed);
                std::thread::sleep(Duration::from_micros(200));
            }
        })
    };

    let handles: Vec<_> = (0..10)
        .map(|i| {
            let path = dir.join(format!("export-{i}.csv"));
            let notified = notified.clone();
            reg.start_with_callback(
                format!("非同期検索 {i}"),
                move |ctl| write_file(ctl, &path, 2_000, (i == 3).then_some(100)),
                move |s| notified.lock().unwrap().push(s.clone()),
            )
            .unwrap()
        })
        .collect();
    // cancel one that is running or pending
    handles[7].cancel();

    let finals: Vec<JobStatus> = handles
        .iter()
        .map(|h| {
            h.wait_timeout(Duration::from_secs(60))
                .expect("every job ends")
        })
        .collect();
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();

    for (i, s) in finals.iter().enumerate() {
        assert!(s.state.is_finished(), "job {i}: {:?}", s.state);
        let path = dir.join(format!("export-{i}.csv"));
        match i {
            3 => {
                assert_eq!(s.state, JobState::Failed);
                assert!(s.error.as_deref().unwrap().contains("simulated"));
                assert!(!path.exists());
            }
            7 => {
                assert_eq!(s.state, JobState::Cancelled);
                assert!(!path.exists(), "a cancelled export leaves no file");
                assert!(!path.with_extension("partial").exists());
            }
            _ => {
                assert_eq!(s.state, JobState::Done, "job {i}");
                assert_eq!(s.rows, 2_000);
                let out = s.output.as_ref().unwrap();
                assert_eq!(out.path.as_deref(), Some(path.as_path()));
                assert!(path.exists());
            }
        }
    }
    assert!(max_finished_seen.load(Ordering::Relaxed) <= limit);
    let held = reg.list();
    assert!(held.len() <= limit, "{} held", held.len());
    // every job notified exactly once
    let n = notified.lock().unwrap();
    assert_eq!(n.len(), 10);
    let mut ids: Vec<u64> = n.iter().map(|s| s.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 10);
    drop(n);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dropping_the_registry_cancels_running_jobs() {
    let dir = temp_dir("drop");
    let path = dir.join("long.csv");
    let handle = {
        let reg = JobRegistry::with_limits(1, 10);
        let p = path.clone();
        let h = reg
            .start("long", move |ctl| write_file(ctl, &p, u64::MAX, None))
            .unwrap();
        while h.status().rows == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        h
    };
    assert_eq!(handle.status().state, JobState::Cancelled);
    assert!(!path.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- the real sinks

use calllog::export::{ExportProfile, Preset};
use calllog::jobs::{CallbackExportJob, ExportFormat, ExportJob};
use calllog::query::{Filter, Query};
use calllog::{CallRecord, Channel, Viewer, sample};

fn slow_records(n: usize, seed: u64) -> impl Iterator<Item = CallRecord> + Send + 'static {
    sample::generate(n, seed).enumerate().map(|(i, r)| {
        if i % 20 == 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        r
    })
}

fn csv_first_column(path: &Path) -> Vec<String> {
    let mut rd = csv::Reader::from_path(path).unwrap();
    rd.records().map(|r| r.unwrap()[0].to_string()).collect()
}

#[test]
fn ten_background_exports_to_csv_and_xlsx() {
    let dir = temp_dir("ten-exports");
    let limit = 4;
    let reg = Arc::new(JobRegistry::with_limits(2, limit));
    let max_finished_seen = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (reg, seen, stop) = (reg.clone(), max_finished_seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let finished = reg.list().iter().filter(|s| s.state.is_finished()).count();
                seen.fetch_max(finished, Ordering::Relaxed);
                std::thread::sleep(Duration::from_micros(200));
            }
        })
    };
    let notified = Arc::new(AtomicUsize::new(0));
    let sup = Viewer::supervisor("Olga", ["Продажи"]);
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let format = if i % 2 == 0 {
                ExportFormat::Csv
            } else {
                ExportFormat::Xlsx
            };
            let ext = if i % 2 == 0 { "csv" } else { "xlsx" };
            let path = if i == 3 {
                dir.join("no such dir").join("x.xlsx") // fails: cannot create the file
            } else {
                dir.join(format!("export-{i}.{ext}"))
            };
            let mut query = Query::new(Filter::builder().channel(Channel::Voice).build().unwrap());
            if i == 5 {
                query.viewer = sup.clone();
            }
            let job = ExportJob::new(path, format, ExportProfile::preset(Preset::CallHistory))
                .query(query);
            let n = notified.clone();
            let records = if i == 7 { 50_000 } else { 400 };
            reg.start_export_with_callback(
                format!("非同期検索 {i}"),
                job,
                slow_records(records, i),
                move |_| {
                    n.fetch_add(1, Ordering::Relaxed);
                },
            )
            .unwrap()
        })
        .collect();
    // cancel job 7 while it runs
    while handles[7].status().state == JobState::Pending {
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(Duration::from_millis(30));
    assert!(reg.cancel(handles[7].id()));

    let finals: Vec<JobStatus> = handles
        .iter()
        .map(|h| {
            h.wait_timeout(Duration::from_secs(300))
                .expect("every job ends")
        })
        .collect();
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();

    for (i, s) in finals.iter().enumerate() {
        match i {
            3 => {
                assert_eq!(s.state, JobState::Failed, "{s:?}");
                assert!(s.error.as_deref().unwrap().contains("no such dir"), "{s:?}");
            }
            7 => {
                assert_eq!(s.state, JobState::Cancelled, "{s:?}");
                assert!(s.started_at.is_some(), "cancelled while running");
            }
            _ => assert_eq!(s.state, JobState::Done, "job {i}: {s:?}"),
        }
    }
    // a cancelled export leaves no file, not even a temporary one
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!left.iter().any(|f| f.contains("export-7")), "{left:?}");
    assert_eq!(left.len(), 8, "{left:?}");
    // the CSV of job 0 holds exactly the voice calls of its input (its first column, Время,
    // is the start)
    let want: Vec<String> = sample::generate(400, 0)
        .filter(|r| r.channel == Channel::Voice)
        .map(|r| {
            r.timeline
                .started_at
                .unwrap()
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .collect();
    assert_eq!(csv_first_column(&dir.join("export-0.csv")), want);
    assert_eq!(
        finals[0].output.as_ref().unwrap().records as usize,
        want.len()
    );
    // the supervisor's XLSX (job 5) has no price column
    let out5 = finals[5].output.as_ref().unwrap();
    assert!(
        out5.dropped_columns.iter().any(|c| c == "price"),
        "{out5:?}"
    );
    assert!(out5.records > 0);
    assert!(max_finished_seen.load(Ordering::Relaxed) <= limit);
    assert!(reg.list().len() <= limit);
    assert_eq!(notified.load(Ordering::Relaxed), 10);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn synchronous_export_row_cap() {
    let dir = temp_dir("cap");
    let path = dir.join("direct.csv");
    let job = ExportJob::new(
        &path,
        ExportFormat::Csv,
        ExportProfile::preset(Preset::CallHistory),
    );
    let e = job
        .run_capped(sample::generate(101, 1), Some(100))
        .unwrap_err();
    assert!(matches!(e, Error::RowCapExceeded { cap: 100 }), "{e}");
    assert!(e.to_string().contains("background export"), "{e}");
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "no temporary file left"
    );
    // exactly at the cap is fine; the cap counts the rows the query returns
    let s = job.run_capped(sample::generate(100, 1), Some(100)).unwrap();
    assert_eq!(s.records, 100);
    let voice = ExportJob::new(
        &path,
        ExportFormat::Csv,
        ExportProfile::preset(Preset::CallHistory),
    )
    .query(Query::new(
        Filter::builder().channel(Channel::Voice).build().unwrap(),
    ));
    let n_voice = sample::generate(300, 1)
        .filter(|r| r.channel == Channel::Voice)
        .count() as u64;
    assert!(n_voice < 300);
    let s = voice
        .run_capped(sample::generate(300, 1), Some(n_voice))
        .unwrap();
    assert_eq!(s.records, n_voice);
    // an invalid filter is reported before any file is made
    let bad = ExportJob::new(
        dir.join("bad.csv"),
        ExportFormat::Csv,
        ExportProfile::preset(Preset::CallHistory),
    )
    .query(Query::new(Filter {
        number: Some(calllog::query::NumberSearch {
            text: "1".into(),
            mode: Default::default(),
        }),
        ..Filter::default()
    }));
    assert!(matches!(
        bad.run_capped(sample::generate(3, 1), None),
        Err(Error::Filter { .. })
    ));
    assert!(!dir.join("bad.csv").exists());
    // two different viewers are an error, not a guess
    let mut clash = ExportJob::new(
        dir.join("clash.csv"),
        ExportFormat::Csv,
        ExportProfile::preset(Preset::CallHistory).viewer(Viewer::supervisor("A", ["Sales"])),
    );
    clash.query.viewer = Viewer::operator("B", true);
    assert!(matches!(
        clash.run_capped(sample::generate(3, 1), None),
        Err(Error::ExportOption { .. })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn callback_list_export_with_the_seed_columns() {
    use calllog::callbacks::CallbackSearch;
    let dir = temp_dir("callbacks");
    let entries: Vec<_> = sample::generate_callbacks(200, 5).collect();
    let job = CallbackExportJob {
        path: dir.join("callbacks.csv"),
        format: ExportFormat::Csv,
        profile: ExportProfile::preset(Preset::Callbacks).locale(calllog::Locale::Ja),
        search: CallbackSearch {
            state: Some(calllog::CallbackState::NotDone),
            ..Default::default()
        },
    };
    let want: Vec<String> = entries
        .iter()
        .filter(|e| e.state == calllog::CallbackState::NotDone)
        .map(|e| e.id.clone())
        .collect();
    // over the cap: seed 001 "検索上限を超えた件数をダウンロードすることはできません"
    let e = job
        .run_capped(entries.clone(), Some(want.len() as u64 - 1))
        .unwrap_err();
    assert!(matches!(e, Error::RowCapExceeded { .. }));
    // in the background there is no cap
    let reg = JobRegistry::new();
    let s = reg
        .start_callback_export("非同期検索", job.clone(), entries)
        .unwrap()
        .wait();
    assert_eq!(s.state, JobState::Done, "{s:?}");
    let mut rd = csv::Reader::from_path(dir.join("callbacks.csv")).unwrap();
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    for label in [
        "ID",
        "登録日時",
        "担当者",
        "対応状況",
        "相手の番号",
        "こちらの番号",
        "リクエストID",
        "メモ",
    ] {
        assert!(
            header
                .iter()
                .any(|h| h.trim_start_matches('\u{feff}') == label),
            "{label} in {header:?}"
        );
    }
    let ids: Vec<String> = rd.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(ids, want);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_registry_may_be_dropped_from_a_completion_callback() {
    let reg = Arc::new(Mutex::new(Some(JobRegistry::with_limits(1, 10))));
    let slot = reg.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let h = reg
        .lock()
        .unwrap()
        .as_ref()
        .unwrap()
        .start_with_callback(
            "last",
            |_| Ok(JobOutput::default()),
            move |_| {
                drop(slot.lock().unwrap().take()); // the last owner drops it on the worker
                tx.send(()).unwrap();
            },
        )
        .unwrap();
    rx.recv_timeout(Duration::from_secs(10))
        .expect("no deadlock");
    assert_eq!(h.wait().state, JobState::Done);
    assert!(reg.lock().unwrap().is_none());
}
