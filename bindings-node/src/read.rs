//! Reading our own CSV back (`calllog::read`), on the libuv thread pool.
//! Records read back are what the file holds; they are not re-validated.

use std::path::PathBuf;
use std::sync::Arc;

use calllog as cl;
use calllog::export::ExportProfile;
use napi::{Env, Task};

use crate::CallLog;
use crate::errors::to_napi;

/// Reads a CSV file into a `CallLog`.
pub struct ReadCsvTask {
    /// The file.
    pub path: PathBuf,
    /// Columns, locale, time zone and formats the file was written with.
    pub profile: ExportProfile,
    /// The rules of the log's derived fields.
    pub rules: cl::Rules,
}

impl Task for ReadCsvTask {
    type Output = Vec<cl::CallRecord>;
    type JsValue = CallLog;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // Not validated: a layout without the id column (e.g. `call_history`) reads back
        // records with empty ids, which is what the file holds.
        cl::read::read_csv(&self.path, &self.profile).map_err(to_napi)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(CallLog::new(Arc::new(output), self.rules))
    }
}
