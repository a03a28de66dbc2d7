//! Arrow IPC in and out: `CallLog.fromArrow(bytes)` and `log.toArrow()`, over the core's
//! Arrow schema (`calllog::arrow`). Both run on the libuv pool: the event loop only copies the
//! bytes in (or receives them out); the conversion uses every core.

use std::sync::Arc;

use calllog as cl;
use calllog::arrow::{ReadOptions, read_ipc, write_ipc};
use napi::bindgen_prelude::{Buffer, Uint8Array};
use napi::{Env, Task};
use napi_derive::napi;

use crate::CallLog;
use crate::errors::{IntoNapi, to_napi};
use crate::rules::{RulesArg, rules_arg};

/// Options of `CallLog.fromArrow`.
#[napi(object)]
pub struct FromArrowOptions {
    /// The rules of the derived fields of the new log (canonical by default).
    #[napi(ts_type = "RulesPreset | Rules")]
    pub rules: Option<RulesArg>,
    /// Skip columns and struct fields the schema does not have instead of failing with
    /// CALLLOG_ARROW (whose `column` names them).
    pub ignore_unknown: Option<bool>,
    /// Validate every record (true by default).
    pub validate: Option<bool>,
}

/// Options of `log.toArrow`.
#[napi(object)]
pub struct ToArrowOptions {
    /// Add the derived columns (`wait`, `talk`, ..., `outcome`, `success`) under the log's
    /// rules (true by default).
    pub derived: Option<bool>,
    /// Rows per record batch (65,536 by default).
    pub batch_size: Option<u32>,
    /// `'stream'` (the default, what `tableFromIPC` and `RecordBatchReader.from` read) or
    /// `'file'` (the random-access format with the `ARROW1` magic).
    #[napi(ts_type = "'stream' | 'file'")]
    pub format: Option<String>,
}

/// Reads IPC bytes into records on the libuv pool.
pub struct ReadIpc {
    bytes: Vec<u8>,
    opts: ReadOptions,
    rules: cl::Rules,
}

impl ReadIpc {
    /// The task for `bytes` (copied: the caller's buffer may change once this returns).
    pub fn new(bytes: &Uint8Array, options: Option<FromArrowOptions>) -> napi::Result<Self> {
        let (rules, ignore, validate) = match options {
            Some(o) => (o.rules, o.ignore_unknown, o.validate),
            None => (None, None, None),
        };
        Ok(ReadIpc {
            bytes: bytes.to_vec(),
            opts: ReadOptions::new()
                .ignore_unknown(ignore == Some(true))
                .validate(validate != Some(false)),
            rules: rules_arg(rules)?,
        })
    }
}

impl Task for ReadIpc {
    type Output = Vec<cl::CallRecord>;
    type JsValue = CallLog;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let bytes = std::mem::take(&mut self.bytes);
        read_ipc(&bytes, &self.opts).napi()
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(CallLog::new(Arc::new(output), self.rules))
    }
}

/// Writes records as IPC bytes on the libuv pool.
pub struct WriteIpc {
    records: Arc<Vec<cl::CallRecord>>,
    derived: Option<cl::Rules>,
    batch_size: usize,
    file: bool,
}

impl WriteIpc {
    /// The task for `log`'s records.
    pub fn new(
        records: Arc<Vec<cl::CallRecord>>,
        rules: cl::Rules,
        options: Option<ToArrowOptions>,
    ) -> napi::Result<Self> {
        let o = options.unwrap_or(ToArrowOptions {
            derived: None,
            batch_size: None,
            format: None,
        });
        let file = match o.format.as_deref() {
            None | Some("stream") => false,
            Some("file") => true,
            Some(other) => {
                return Err(to_napi(cl::Error::ExportOption {
                    option: "format".into(),
                    reason: format!("{other:?} is not an Arrow IPC format (stream, file)"),
                }));
            }
        };
        if o.batch_size == Some(0) {
            return Err(to_napi(cl::Error::ExportOption {
                option: "batchSize".into(),
                reason: "a batch holds at least one row".into(),
            }));
        }
        Ok(WriteIpc {
            records,
            derived: (o.derived != Some(false)).then_some(rules),
            batch_size: o.batch_size.map_or(64 * 1024, |n| n as usize),
            file,
        })
    }
}

impl Task for WriteIpc {
    type Output = Vec<u8>;
    type JsValue = Buffer;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        write_ipc(&self.records, self.batch_size, self.derived, self.file).napi()
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(Buffer::from(output))
    }
}
