//! calllog for Node: the napi-rs addon behind the npm package `calllog`.
//!
//! Thin by design: each file converts one core module's types (`model`, `vocab`, `rules`) and
//! `errors` maps core's error enum once. All logic is in the `calllog` crate. JavaScript users
//! load `lib.js`, which re-exports this addon with errors turned into `CalllogError`s.
#![deny(clippy::all)]

use std::sync::Arc;

use calllog as cl;
use napi::Env;
use napi::bindgen_prelude::{Array, AsyncTask, Uint8Array, Unknown};
use napi_derive::napi;

pub mod access;
pub mod arrow;
pub mod callbacks;
pub mod card;
pub mod errors;
pub mod export;
pub mod jobs;
pub mod metrics;
pub mod model;
pub mod query;
pub mod read;
pub mod rules;
pub mod sink;
pub mod vocab;

use errors::{IntoNapi, at_index, bad_js_value, from_js, from_js_keys};
use model::{CallRecord, CallbackRecord};
use rules::{Derived, Rules, RulesArg, rules_arg};

/// Options of `CallLog.from`.
#[napi(object)]
pub struct CallLogOptions {
    /// The rules of the derived fields: a preset name or a rule set (canonical by default).
    #[napi(ts_type = "RulesPreset | Rules")]
    pub rules: Option<RulesArg>,
    /// Skip keys a record type does not have instead of failing with CALLLOG_INVALID (whose
    /// `field` names the key): for rows that carry extra columns on purpose.
    pub ignore_unknown: Option<bool>,
}

/// Converts and validates a JS array of records; errors name the record (`recordId`,
/// `index`) and the field.
pub fn records_from_array(env: &Env, records: &Array) -> napi::Result<Vec<cl::CallRecord>> {
    let n = records.len();
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let one = || -> napi::Result<cl::CallRecord> {
            let v = records
                .get::<Unknown>(i)?
                .ok_or_else(|| bad_js_value(None, "(value)".into(), "missing record".into()))?;
            let rec = from_js::<CallRecord>(env, v)?.into_core()?;
            rec.validate().napi()?;
            Ok(rec)
        };
        // One handle scope per record: the handles of its properties are freed at once
        // instead of piling up until the call returns (memory and GC pressure on big arrays).
        out.push(env.run_in_scope(one).map_err(|e| at_index(e, i))?);
    }
    Ok(out)
}

/// Converts and validates one JS record.
fn record_from(env: &Env, v: Unknown) -> napi::Result<cl::CallRecord> {
    let rec = from_js::<CallRecord>(env, v)?.into_core()?;
    rec.validate().napi()?;
    Ok(rec)
}

/// Call records held on the Rust side, with the rules their derived fields follow.
///
/// ```js
/// const log = CallLog.from(records, { rules: 'voximplant' })
/// log.length
/// log.toArray()[0].derived.talk // seconds
/// ```
#[napi]
pub struct CallLog {
    records: Arc<Vec<cl::CallRecord>>,
    rules: cl::Rules,
}

impl CallLog {
    fn export_task(
        &self,
        env: &Env,
        path: String,
        options: Option<export::ExportOptions>,
        format: export::Format,
    ) -> napi::Result<AsyncTask<export::ExportTask>> {
        let prepared = export::prepare(env, options, self.rules, Some(self.records.len() as u64))?;
        Ok(AsyncTask::new(export::ExportTask {
            records: self.records.clone(),
            path: path.into(),
            format,
            prepared,
        }))
    }

    /// A log over already validated core records.
    pub fn new(records: Arc<Vec<cl::CallRecord>>, rules: cl::Rules) -> Self {
        CallLog { records, rules }
    }

    /// The records.
    pub fn records(&self) -> &Arc<Vec<cl::CallRecord>> {
        &self.records
    }

    /// The rules.
    pub fn core_rules(&self) -> cl::Rules {
        self.rules
    }

    fn js(&self, r: &cl::CallRecord) -> CallRecord {
        CallRecord::from_core(r, Some(Derived::from_core(&self.rules.derive(r))))
    }
}

#[napi]
impl CallLog {
    /// Converts and validates `records` (plain objects). Throws a `CalllogError` with code
    /// `CALLLOG_INVALID` (and `recordId`, `field`) for the first bad record, or
    /// `CALLLOG_UNKNOWN_VALUE` for a word outside a vocabulary.
    #[napi(
        factory,
        ts_args_type = "records: CallRecord[], options?: CallLogOptions"
    )]
    pub fn from(
        env: Env,
        records: Array,
        options: Option<CallLogOptions>,
    ) -> napi::Result<CallLog> {
        let ignore = options.as_ref().and_then(|o| o.ignore_unknown) == Some(true);
        let rules = rules_arg(options.and_then(|o| o.rules))?;
        let _lenient = model::Lenient::new(ignore);
        Ok(CallLog::new(
            Arc::new(records_from_array(&env, &records)?),
            rules,
        ))
    }

    /// One log holding the records of `logs`, in order, under the first log's rules (or the
    /// given ones). The records are already valid: nothing is converted again.
    #[napi(factory, ts_args_type = "logs: CallLog[], rules?: RulesPreset | Rules")]
    pub fn concat(logs: Vec<&CallLog>, rules: Option<RulesArg>) -> napi::Result<CallLog> {
        let rules = match rules {
            Some(r) => rules_arg(Some(r))?,
            None => logs.first().map_or(cl::Rules::default(), |l| l.rules),
        };
        let n = logs.iter().map(|l| l.records.len()).sum();
        let mut out = Vec::with_capacity(n);
        for l in &logs {
            out.extend(l.records.iter().cloned());
        }
        Ok(CallLog::new(Arc::new(out), rules))
    }

    /// The built-in sample log (core's `sample::generate`): `n` realistic records mixing the
    /// five products of the seeds, the same for the same `seed` in every language.
    #[napi(
        factory,
        ts_args_type = "n: number, seed?: number, options?: CallLogOptions"
    )]
    pub fn sample(
        n: u32,
        seed: Option<i64>,
        options: Option<CallLogOptions>,
    ) -> napi::Result<CallLog> {
        let rules = rules_arg(options.and_then(|o| o.rules))?;
        let seed = seed.unwrap_or(0) as u64;
        Ok(CallLog::new(
            Arc::new(cl::sample::generate(n as usize, seed).collect()),
            rules,
        ))
    }

    /// Reads a CSV file written by `exportCsv` (any locale, UTF-8 with or without BOM, or
    /// CP932) back into a log, on the libuv thread pool. Give the options the file was written
    /// with (`preset` or `columns`, `locale`, `timeZone`, `datetimeFormat`); with the `full`
    /// preset the round trip is lossless; a layout without the id column reads back empty ids.
    /// `options.rules` are the new log's rules. Rejects with
    /// CALLLOG_PARSE (`path`, `row`, `column`) or CALLLOG_IO.
    #[napi(
        ts_args_type = "path: string, options?: ExportOptions",
        ts_return_type = "Promise<CallLog>"
    )]
    pub fn read_csv(
        env: Env,
        path: String,
        options: Option<export::ExportOptions>,
    ) -> napi::Result<AsyncTask<read::ReadCsvTask>> {
        let rules = rules_arg(options.as_ref().and_then(|o| o.rules.clone()))?;
        let prepared = export::prepare(&env, options, rules, None)?;
        Ok(AsyncTask::new(read::ReadCsvTask {
            path: path.into(),
            profile: prepared.profile,
            rules,
        }))
    }

    /// Reads the call records a phone system wrote, on the libuv thread pool: `asterisk_csv`
    /// (Asterisk's `Master.csv`, with or without `uniqueid`, `userfield` and the new CDR
    /// columns), `freeswitch_csv` (FreeSWITCH `mod_cdr_csv`, default template),
    /// `freeswitch_json` (`mod_json_cdr` documents), `twilio_json` (Twilio Call resources:
    /// single, list pages or JSON lines) or `connect_ctr` (Amazon Connect contact records as
    /// Kinesis delivers them). The field mapping is the core's `calllog::sources` table. `options.timeZone`
    /// is the zone of the file's local times (UTC by default). Rejects with
    /// CALLLOG_UNKNOWN_VALUE for another source, CALLLOG_PARSE (`path`, `row` = line,
    /// `column` = field) or CALLLOG_IO.
    #[napi(
        ts_args_type = "path: string, source: CallSourceName, options?: ReadSourceOptions",
        ts_return_type = "Promise<CallLog>"
    )]
    pub fn read_source(
        path: String,
        source: String,
        options: Option<read::ReadSourceOptions>,
    ) -> napi::Result<AsyncTask<read::ReadSourceTask>> {
        let time_zone = match options.and_then(|o| o.time_zone) {
            None => chrono_tz::Tz::UTC,
            Some(tz) => tz.parse().map_err(|_| {
                export::option_err("timeZone", format!("{tz:?} is not an IANA time zone"))
            })?,
        };
        Ok(AsyncTask::new(read::ReadSourceTask {
            path: path.into(),
            source,
            time_zone,
            rules: cl::Rules::CANONICAL,
        }))
    }

    /// The number of records.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.records.len() as u32
    }

    /// The rules of the derived fields.
    #[napi(getter)]
    pub fn rules(&self) -> Rules {
        Rules::from_core(&self.rules)
    }

    /// The same records under other rules (a preset name or a rule set).
    #[napi(ts_args_type = "rules: RulesPreset | Rules")]
    pub fn with_rules(&self, rules: RulesArg) -> napi::Result<CallLog> {
        Ok(CallLog::new(self.records.clone(), rules_arg(Some(rules))?))
    }

    /// The records `viewer` may see, without what they may not see (seed 002: a supervisor
    /// sees their groups' calls, without price, scenario link or call details).
    #[napi]
    pub fn for_viewer(&self, viewer: access::Viewer) -> napi::Result<CallLog> {
        let v = viewer.to_core()?;
        let records = self
            .records
            .iter()
            .filter(|r| v.can_see(r))
            .map(|r| v.redact(r))
            .collect();
        Ok(CallLog::new(Arc::new(records), self.rules))
    }

    /// Writes the records to a CSV file at `path`, on the libuv thread pool: the event loop
    /// keeps running. The file appears complete or not at all (written to a temporary file and
    /// renamed). Resolves to what was written; rejects with a `CalllogError`, or an `AbortError`
    /// when `options.signal` aborts (no file is left).
    #[napi(
        ts_args_type = "path: string, options?: ExportOptions",
        ts_return_type = "Promise<ExportResult>"
    )]
    pub fn export_csv(
        &self,
        env: Env,
        path: String,
        options: Option<export::ExportOptions>,
    ) -> napi::Result<AsyncTask<export::ExportTask>> {
        self.export_task(&env, path, options, export::Format::Csv)
    }

    /// Writes the records to an XLSX workbook at `path` (real Excel dates and numbers, a new
    /// sheet every 1,048,576 rows), on the libuv thread pool; see `exportCsv`.
    #[napi(
        ts_args_type = "path: string, options?: ExportOptions",
        ts_return_type = "Promise<ExportResult>"
    )]
    pub fn export_xlsx(
        &self,
        env: Env,
        path: String,
        options: Option<export::ExportOptions>,
    ) -> napi::Result<AsyncTask<export::ExportTask>> {
        self.export_task(&env, path, options, export::Format::Xlsx)
    }

    /// Writes a metrics workbook of its own at `path`, on the libuv pool: metrics per hour,
    /// day, queue and agent (ASR and ACD included), the results of attempts and native Excel
    /// charts, in `locale`, with hours and days in `timeZone`, over what `viewer` may see
    /// (service level within 20 s). Other options are those of `exportXlsx`.
    #[napi(
        ts_args_type = "path: string, options?: ExportOptions",
        ts_return_type = "Promise<ExportResult>"
    )]
    pub fn export_summary_xlsx(
        &self,
        env: Env,
        path: String,
        options: Option<export::ExportOptions>,
    ) -> napi::Result<AsyncTask<export::ExportTask>> {
        self.export_task(&env, path, options, export::Format::Summary)
    }

    /// The native source behind `csvStream()`: pull-based chunks of CSV bytes. Bad options
    /// throw here, before any byte is produced.
    #[napi(ts_args_type = "options?: ExportOptions")]
    pub fn csv_source(
        &self,
        env: Env,
        options: Option<export::ExportOptions>,
    ) -> napi::Result<export::CsvChunkSource> {
        let prepared = export::prepare(&env, options, self.rules, Some(self.records.len() as u64))?;
        export::csv_source(self.records.clone(), prepared)
    }

    /// The records matching `filter` (the union of the seeds' search forms), in order, under
    /// the same rules. Throws CALLLOG_FILTER (with `field`) for a filter that cannot run, e.g.
    /// a period longer than 3 months or a number search under 3 characters.
    #[napi]
    pub fn filter(&self, filter: query::Filter) -> napi::Result<CallLog> {
        let matcher = filter.to_core(self.rules)?.compile().napi()?;
        let records = self
            .records
            .iter()
            .filter(|r| matcher.matches(r))
            .cloned()
            .collect();
        Ok(CallLog::new(Arc::new(records), self.rules))
    }

    /// One page of the history for a UI: filter, viewer, sort (ties by id), offset/limit or a
    /// cursor from the previous page. Throws CALLLOG_FILTER for a bad query (e.g. a sort on a
    /// field the viewer may not see, a cursor without a sort).
    #[napi]
    pub fn query(&self, options: Option<query::QueryOptions>) -> napi::Result<query::QueryPage> {
        let q = options.unwrap_or_default().to_core(self.rules)?;
        let page = q.run(self.records.iter().cloned()).napi()?;
        Ok(query::QueryPage {
            rows: page.rows.iter().map(|r| self.js(r)).collect(),
            total: page.total as f64,
            next_cursor: page.next_cursor,
        })
    }

    /// Seed 003's customer card: every contact with `number` (exact match after normalising;
    /// `region` reads national numbers, e.g. `'PL'`), with counts, talk and wait, comments,
    /// categories and ratings.
    #[napi]
    pub fn customer_card(
        &self,
        number: String,
        region: Option<String>,
        options: Option<card::CardOptions>,
    ) -> napi::Result<card::CustomerCard> {
        let now = options
            .as_ref()
            .and_then(|o| o.now)
            .map(|d| d.0)
            .unwrap_or_else(chrono::Utc::now);
        let mut q = cl::card::CardQuery::new(number, now);
        q.rules = self.rules;
        if let Some(r) = region {
            q = q.default_region(r);
        }
        let (viewer, sessions) = options
            .map(|o| (o.viewer, o.sessions))
            .unwrap_or((None, None));
        if let Some(v) = viewer {
            q = q.viewer(v.to_core()?);
        }
        let mut b = q.builder().napi()?;
        for r in self.records.iter() {
            if b.is_customer(r) {
                b.push(r.clone());
            }
        }
        for s in sessions.unwrap_or_default() {
            b.push_session(s.into_core()?).napi()?;
        }
        Ok(card::CustomerCard::from_core(b.finish(), &self.rules))
    }

    /// Contact-center metrics (offered, answered, abandoned, service level, speed of answer,
    /// handle time), in total and grouped.
    #[napi]
    pub fn metrics(
        &self,
        options: Option<metrics::MetricsOptions>,
    ) -> napi::Result<metrics::MetricsReport> {
        let o = options.unwrap_or_default().to_core(self.rules)?;
        let mut b = o.builder().napi()?;
        for r in self.records.iter() {
            b.push(r);
        }
        Ok(metrics::MetricsReport::from_core(&b.finish()))
    }

    /// Every record as a plain object, with its `derived` fields.
    /// Records from Arrow IPC bytes (the stream or the file format, as apache-arrow's
    /// `tableToIPC` writes them) in the core's Arrow schema, converted and validated on the
    /// libuv pool. Columns may be missing or in any order; derived columns are skipped; an
    /// unknown column or a bad value rejects with `CALLLOG_ARROW` (`row`, `recordId`,
    /// `column`, `reason`).
    #[napi(
        ts_args_type = "ipc: Uint8Array, options?: FromArrowOptions",
        ts_return_type = "Promise<CallLog>"
    )]
    pub fn from_arrow(
        ipc: Uint8Array,
        options: Option<arrow::FromArrowOptions>,
    ) -> napi::Result<AsyncTask<arrow::ReadIpc>> {
        Ok(AsyncTask::new(arrow::ReadIpc::new(&ipc, options)?))
    }

    /// The records as Arrow IPC bytes in the core's Arrow schema (with the derived columns
    /// under the log's rules unless `derived: false`), built on the libuv pool; apache-arrow's
    /// `tableFromIPC` reads them.
    #[napi(
        ts_args_type = "options?: ToArrowOptions",
        ts_return_type = "Promise<Buffer>"
    )]
    pub fn to_arrow(
        &self,
        options: Option<arrow::ToArrowOptions>,
    ) -> napi::Result<AsyncTask<arrow::WriteIpc>> {
        Ok(AsyncTask::new(arrow::WriteIpc::new(
            self.records.clone(),
            self.rules,
            options,
        )?))
    }

    #[napi(ts_return_type = "StoredCallRecord[]")]
    pub fn to_array(&self) -> Vec<CallRecord> {
        self.records.iter().map(|r| self.js(r)).collect()
    }

    /// The record at `index` (negative counts from the end), with its `derived` fields.
    #[napi(ts_return_type = "StoredCallRecord | null")]
    pub fn at(&self, index: i64) -> Option<CallRecord> {
        let n = self.records.len() as i64;
        let i = if index < 0 { n + index } else { index };
        if (0..n).contains(&i) {
            Some(self.js(&self.records[i as usize]))
        } else {
            None
        }
    }
}

/// Checks a record against the model's rules (ordered timestamps, bounded lengths, known
/// words). Throws a `CalllogError` (`CALLLOG_INVALID` with `recordId` and `field`).
#[napi(ts_args_type = "record: CallRecord")]
pub fn validate(env: Env, record: Unknown) -> napi::Result<()> {
    record_from(&env, record).map(|_| ())
}

/// Checks a callback worklist entry (seed 001: memo ≤ 1,000 characters, non-empty id) and
/// returns it normalised (state defaulted to `not_done`).
#[napi(ts_args_type = "entry: CallbackRecord")]
pub fn validate_callback(env: Env, entry: Unknown) -> napi::Result<CallbackRecord> {
    let c = from_js_keys::<CallbackRecord>(
        &env,
        entry,
        Some(("CallbackRecord", crate::model::CALLBACK_KEYS)),
    )?
    .into_core()?;
    c.validate().napi()?;
    Ok(CallbackRecord::from_core(&c))
}

/// Seed 003's "Comments and categories" block: a copy of `record` with `edits` applied in
/// order, each an object with one key: `{ addComment: 'text' | Note }`, `{ removeComment: index }`,
/// `{ addCategory: name }`, `{ removeCategory: name }`, `{ managerRating: 1..5 | null }`,
/// `{ callRating: 1..5 | null }`. Validated: a bad edit throws CALLLOG_INVALID naming the
/// record and the field, and nothing changes. The result carries `derived` (canonical rules).
#[napi(
    ts_args_type = "record: CallRecord, edits: ContactEdit[]",
    ts_return_type = "StoredCallRecord"
)]
pub fn edit_contact(
    env: Env,
    record: Unknown,
    edits: Vec<napi::bindgen_prelude::Object>,
) -> napi::Result<CallRecord> {
    use cl::web::ContactEdit as E;
    use napi::bindgen_prelude::JsObjectValue;
    let mut r = record_from(&env, record)?;
    let mut out = Vec::with_capacity(edits.len());
    for (i, e) in edits.iter().enumerate() {
        let keys = e.get_property_names()?;
        let n = keys.get_array_length()?;
        let key: Option<String> = if n == 1 {
            keys.get_element::<String>(0).ok()
        } else {
            None
        };
        let bad = |reason: String| {
            errors::to_napi(cl::Error::invalid(&r.id, format!("edits[{i}]"), reason))
        };
        let Some(key) = key else {
            return Err(bad("an edit is an object with exactly one key".into()));
        };
        let rating = |k: &str| -> napi::Result<Option<u8>> {
            match e.get::<Option<u32>>(k)?.flatten() {
                None => Ok(None),
                Some(v) => u8::try_from(v)
                    .map(Some)
                    .map_err(|_| bad(format!("rating {v} is outside 1..=5"))),
            }
        };
        out.push(match key.as_str() {
            "addComment" => {
                let note = match e.get::<napi::Either<String, model::Note>>("addComment")? {
                    Some(napi::Either::A(text)) => cl::Note {
                        text,
                        ..Default::default()
                    },
                    Some(napi::Either::B(n)) => cl::Note {
                        author: n.author,
                        at: n.at.map(|d| d.0),
                        text: n.text,
                    },
                    None => return Err(bad("addComment needs a text or a Note".into())),
                };
                E::AddComment(note)
            }
            "removeComment" => match e.get::<u32>("removeComment")? {
                Some(i) => E::RemoveComment(i as usize),
                None => return Err(bad("removeComment needs an index".into())),
            },
            "addCategory" => match e.get::<String>("addCategory")? {
                Some(c) => E::AddCategory(c),
                None => return Err(bad("addCategory needs a name".into())),
            },
            "removeCategory" => match e.get::<String>("removeCategory")? {
                Some(c) => E::RemoveCategory(c),
                None => return Err(bad("removeCategory needs a name".into())),
            },
            "managerRating" => E::ManagerRating(rating("managerRating")?),
            "callRating" => E::CallRating(rating("callRating")?),
            other => {
                return Err(bad(format!(
                    "unknown edit {other:?} (accepted: addComment, removeComment, addCategory, \
                     removeCategory, managerRating, callRating)"
                )));
            }
        });
    }
    r.edit(out).napi()?;
    let d = Derived::from_core(&cl::Rules::CANONICAL.derive(&r));
    Ok(CallRecord::from_core(&r, Some(d)))
}

/// Every derived field of `record` under `rules` (a preset name or a rule set; canonical by
/// default). The record is validated first.
#[napi(ts_args_type = "record: CallRecord, rules?: RulesPreset | Rules")]
pub fn derive(env: Env, record: Unknown, rules: Option<RulesArg>) -> napi::Result<Derived> {
    let rules = rules_arg(rules)?;
    let r = record_from(&env, record)?;
    Ok(Derived::from_core(&rules.derive(&r)))
}
