//! Reading our own CSV back (`calllog::read`) and what phone systems write
//! (`calllog::sources`), on the libuv thread pool. Records of our own CSV are what the file
//! holds and are not re-validated; records of a source are.

use std::path::PathBuf;
use std::sync::Arc;

use calllog as cl;
use calllog::export::ExportProfile;
use napi::{Env, Task};
use napi_derive::napi;

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

/// Options of `CallLog.readSource`.
#[napi(object)]
#[derive(Clone, Default)]
pub struct ReadSourceOptions {
    /// IANA time zone of the file's local times (the PBX's); UTC by default.
    pub time_zone: Option<String>,
}

/// Reads a phone system's records (`calllog::sources`) into a `CallLog`.
pub struct ReadSourceTask {
    /// The file.
    pub path: PathBuf,
    /// The source's name (`asterisk_csv`), checked on the pool like the file.
    pub source: String,
    /// The time zone of local times.
    pub time_zone: chrono_tz::Tz,
    /// The rules of the log's derived fields.
    pub rules: cl::Rules,
}

impl Task for ReadSourceTask {
    type Output = Vec<cl::CallRecord>;
    type JsValue = CallLog;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let read = || -> cl::Result<Vec<cl::CallRecord>> {
            let source: cl::sources::Source = self.source.parse()?;
            let opts = cl::sources::SourceOptions::new().time_zone(self.time_zone);
            let records: Vec<cl::CallRecord> =
                cl::sources::read(&self.path, source, &opts)?.collect::<cl::Result<_>>()?;
            for r in &records {
                r.validate()?;
            }
            Ok(records)
        };
        read().map_err(to_napi)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(CallLog::new(Arc::new(output), self.rules))
    }
}
