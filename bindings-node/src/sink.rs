//! The native side of exports from an (async) iterable of rows (`CallLog.exportCsv(rows, path)`,
//! `CallLog.exportXlsx`, `CallLog.csvStream(rows)`, `CallLog.xlsxStream(rows)` in lib.js): a
//! core sink held open across calls. lib.js pulls a chunk of rows from the caller's source,
//! `write(chunk)` converts it on the JS thread (plain objects with `Date`s, validated) and
//! writes it on the libuv pool; the next chunk is pulled only when that promise settles, so a
//! database cursor feeds the file or the response no faster than it is written, in constant
//! memory.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use calllog as cl;
use calllog::export::{CsvSink, ExportSummary, XlsxSink};
use napi::bindgen_prelude::{Array, AsyncTask, Buffer};
use napi::{Env, Task};
use napi_derive::napi;

use crate::errors::IntoNapi;
use crate::export::{ExportOptions, ExportResult, Prepared, SharedBuf, export_error, prepare};
use crate::rules::rules_arg;

enum Inner {
    Csv(Box<CsvSink<cl::CallRecord>>),
    Xlsx(Box<XlsxSink<cl::CallRecord>>),
}

struct State {
    sink: Option<Inner>,
    aborted: Arc<std::sync::atomic::AtomicBool>,
}

/// An open export fed chunk by chunk. Use `CallLog.exportCsv(rows, path, options)` and the
/// other iterable forms in lib.js instead.
#[napi]
pub struct RecordSink {
    state: Arc<Mutex<State>>,
    buf: Option<SharedBuf>,
    cancel: cl::export::CancelToken,
}

fn open(
    env: &Env,
    options: Option<ExportOptions>,
    make: impl FnOnce(&Prepared) -> cl::Result<Inner>,
    buf: Option<SharedBuf>,
) -> napi::Result<RecordSink> {
    let rules = rules_arg(options.as_ref().and_then(|o| o.rules.clone()))?;
    let prepared = prepare(env, options, rules, None)?;
    let sink = make(&prepared).napi()?;
    Ok(RecordSink {
        cancel: prepared.control.cancel_token(),
        state: Arc::new(Mutex::new(State {
            sink: Some(sink),
            aborted: prepared.aborted,
        })),
        buf,
    })
}

#[napi]
impl RecordSink {
    /// A CSV file at `path` (a temporary file renamed by `finish()`).
    #[napi(factory)]
    pub fn csv_file(
        env: Env,
        path: String,
        options: Option<ExportOptions>,
    ) -> napi::Result<RecordSink> {
        let path = PathBuf::from(path);
        open(
            &env,
            options,
            |p| CsvSink::create(&path, &p.profile, &p.control).map(|c| Inner::Csv(Box::new(c))),
            None,
        )
    }

    /// An XLSX workbook at `path`.
    #[napi(factory)]
    pub fn xlsx_file(
        env: Env,
        path: String,
        options: Option<ExportOptions>,
    ) -> napi::Result<RecordSink> {
        let path = PathBuf::from(path);
        open(
            &env,
            options,
            |p| XlsxSink::create(&path, &p.profile, &p.control).map(|x| Inner::Xlsx(Box::new(x))),
            None,
        )
    }

    /// CSV bytes in memory, drained with `take()` after each `write()`.
    #[napi(factory)]
    pub fn csv_bytes(env: Env, options: Option<ExportOptions>) -> napi::Result<RecordSink> {
        let buf = SharedBuf::default();
        let w = buf.clone();
        open(
            &env,
            options,
            move |p| CsvSink::to_writer(w, &p.profile, &p.control).map(|c| Inner::Csv(Box::new(c))),
            Some(buf),
        )
    }

    /// Converts `rows` (plain objects, validated; errors name the `index` in `rows`) and
    /// writes them on the libuv pool.
    #[napi(ts_args_type = "rows: CallRecord[]", ts_return_type = "Promise<void>")]
    pub fn write(&self, env: Env, rows: Array) -> napi::Result<AsyncTask<WriteRows>> {
        let records = crate::records_from_array(&env, &rows)?;
        Ok(AsyncTask::new(WriteRows {
            state: self.state.clone(),
            records: Some(records),
        }))
    }

    /// Finishes the export (renames the file into place) and resolves to what was written.
    #[napi(ts_return_type = "Promise<ExportResult>")]
    pub fn finish(&self) -> AsyncTask<WriteRows> {
        AsyncTask::new(WriteRows {
            state: self.state.clone(),
            records: None,
        })
    }

    /// The bytes written since the last `take()` (`csvBytes` only).
    #[napi]
    pub fn take(&self) -> Option<Buffer> {
        let buf = self.buf.as_ref()?;
        let mut b = buf.0.lock().ok()?;
        Some(std::mem::take(&mut *b).into())
    }

    /// Stops: a pending write fails with CALLLOG_CANCELLED, the sink is dropped and its
    /// temporary file removed; nothing is renamed into place.
    #[napi]
    pub fn cancel(&self) {
        self.cancel.cancel();
        if let Ok(mut s) = self.state.try_lock() {
            s.sink = None;
        }
    }
}

/// One `write()` (records) or the `finish()` (none) of a [`RecordSink`].
pub struct WriteRows {
    state: Arc<Mutex<State>>,
    records: Option<Vec<cl::CallRecord>>,
}

/// What a step produced: nothing for a write, the summary for the finish.
pub enum Step {
    /// Rows written.
    Wrote,
    /// The export is complete.
    Done(ExportSummary),
}

impl Task for WriteRows {
    type Output = Step;
    type JsValue = Option<ExportResult>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let mut s = self
            .state
            .lock()
            .map_err(|_| napi::Error::from_reason("the sink's lock is poisoned"))?;
        let aborted = s.aborted.load(std::sync::atomic::Ordering::SeqCst);
        let fail = |s: &mut State, e: cl::Error| {
            s.sink = None; // dropping the sink removes its temporary file
            export_error(e, aborted)
        };
        let Some(sink) = s.sink.as_mut() else {
            return Err(export_error(cl::Error::Cancelled, aborted));
        };
        match self.records.take() {
            Some(records) => {
                let r = match sink {
                    Inner::Csv(c) => c.write_batch(&records),
                    Inner::Xlsx(x) => records.iter().try_for_each(|r| x.write(r)),
                };
                r.map_err(|e| fail(&mut s, e))?;
                Ok(Step::Wrote)
            }
            None => {
                let sink = s.sink.take().expect("checked above");
                let r = match sink {
                    Inner::Csv(c) => (*c).finish(),
                    Inner::Xlsx(x) => (*x).finish(),
                };
                r.map(Step::Done).map_err(|e| export_error(e, aborted))
            }
        }
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(match output {
            Step::Wrote => None,
            Step::Done(s) => Some(ExportResult::from_core(s)),
        })
    }
}
