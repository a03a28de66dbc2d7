//! The callback worklist of seed 001 (`calllog::callbacks`): register, assign, done / not
//! done, memo (≤ 1,000 characters), search, retention.

use std::sync::Mutex;

use calllog as cl;
use calllog::callbacks::{CallbackList as CoreList, CallbackSearch as CoreSearch};
use napi::Env;
use napi::bindgen_prelude::{Array, Unknown};
use napi_derive::napi;

use crate::errors::{IntoNapi, at_index, from_js_keys};
use crate::model::{CallbackRecord, Date};
use crate::query::serde_enum;

/// Seed 001's search form over the worklist.
#[napi(object)]
#[derive(Clone, Default)]
pub struct CallbackSearch {
    /// Registered at or after.
    pub from: Option<Date>,
    /// Registered before.
    pub to: Option<Date>,
    /// コールセンター名 (any).
    pub call_centers: Option<Vec<String>>,
    /// 業務ラベル名 (any).
    pub business_labels: Option<Vec<String>>,
    /// 担当者 (any).
    pub assignees: Option<Vec<String>>,
    /// Only entries without an assignee.
    pub unassigned_only: Option<bool>,
    /// 対応状況.
    #[napi(ts_type = "CallbackState")]
    pub state: Option<String>,
    /// 相手の番号 (partial).
    pub caller_number: Option<String>,
    /// こちらの番号 (partial).
    pub our_number: Option<String>,
    /// リクエストID.
    pub request_id: Option<String>,
    /// 絞り込み: every keyword must appear in some field.
    pub refine: Option<String>,
    /// The locale whose labels the refine matches.
    #[napi(ts_type = "Locale")]
    pub locale: Option<String>,
}

impl CallbackSearch {
    fn to_core(&self) -> napi::Result<CoreSearch> {
        let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
        Ok(CoreSearch {
            from: self.from.map(|d| d.0),
            to: self.to.map(|d| d.0),
            call_centers: list(&self.call_centers),
            business_labels: list(&self.business_labels),
            assignees: list(&self.assignees),
            unassigned_only: self.unassigned_only.unwrap_or(false),
            state: match &self.state {
                Some(s) => Some(serde_enum("state", s)?),
                None => None,
            },
            caller_number: self.caller_number.clone(),
            our_number: self.our_number.clone(),
            request_id: self.request_id.clone(),
            refine: self.refine.clone(),
            locale: match &self.locale {
                Some(l) => l.parse().napi()?,
                None => cl::Locale::En,
            },
        })
    }
}

/// A callback worklist held on the Rust side. Every change is checked by core (memo ≤ 1,000
/// characters, unknown ids, duplicate ids) and throws a `CalllogError` leaving the list unchanged.
#[napi]
pub struct CallbackList {
    list: Mutex<CoreList>,
}

impl CallbackList {
    fn with<T>(&self, f: impl FnOnce(&mut CoreList) -> cl::Result<T>) -> napi::Result<T> {
        f(&mut self.list.lock().expect("callback list lock")).napi()
    }
}

#[napi]
impl CallbackList {
    /// An empty worklist.
    #[napi(constructor)]
    pub fn new() -> Self {
        CallbackList {
            list: Mutex::new(CoreList::new()),
        }
    }

    /// A worklist of `entries` (validated; ids unique).
    #[napi(factory, ts_args_type = "entries: CallbackRecord[]")]
    pub fn from(env: Env, entries: Array) -> napi::Result<CallbackList> {
        let mut out = Vec::with_capacity(entries.len() as usize);
        for i in 0..entries.len() {
            let one = || -> napi::Result<cl::CallbackRecord> {
                let v = entries.get::<Unknown>(i)?.ok_or_else(|| {
                    crate::errors::bad_js_value(None, "(value)".into(), "missing entry".into())
                })?;
                from_js_keys::<CallbackRecord>(
                    &env,
                    v,
                    Some(("CallbackRecord", crate::model::CALLBACK_KEYS)),
                )?
                .into_core()
            };
            out.push(one().map_err(|e| at_index(e, i))?);
        }
        Ok(CallbackList {
            list: Mutex::new(CoreList::from_entries(out).napi()?),
        })
    }

    /// The number of entries.
    #[napi(getter)]
    pub fn length(&self) -> u32 {
        self.list.lock().expect("callback list lock").len() as u32
    }

    /// Adds an entry (registered, unassigned, not done unless it says otherwise).
    #[napi(ts_args_type = "entry: CallbackRecord")]
    pub fn register(&self, env: Env, entry: Unknown) -> napi::Result<()> {
        let e = from_js_keys::<CallbackRecord>(
            &env,
            entry,
            Some(("CallbackRecord", crate::model::CALLBACK_KEYS)),
        )?
        .into_core()?;
        self.with(|l| l.register(e))
    }

    /// The entry with `id`, or `null`.
    #[napi]
    pub fn get(&self, id: String) -> Option<CallbackRecord> {
        let l = self.list.lock().expect("callback list lock");
        l.get(&id).map(CallbackRecord::from_core)
    }

    /// Assigns the entry to an agent (担当者).
    #[napi]
    pub fn assign(&self, id: String, agent: String) -> napi::Result<()> {
        self.with(|l| l.assign(&id, agent))
    }

    /// Removes the assignee.
    #[napi]
    pub fn unassign(&self, id: String) -> napi::Result<()> {
        self.with(|l| l.unassign(&id))
    }

    /// Marks the entry done (対応済).
    #[napi]
    pub fn mark_done(&self, id: String) -> napi::Result<()> {
        self.with(|l| l.mark_done(&id))
    }

    /// Marks the entry not done.
    #[napi]
    pub fn mark_not_done(&self, id: String) -> napi::Result<()> {
        self.with(|l| l.mark_not_done(&id))
    }

    /// Sets or clears the memo (at most 1,000 characters: CALLLOG_INVALID on `memo` otherwise).
    #[napi]
    pub fn set_memo(&self, id: String, memo: Option<String>) -> napi::Result<()> {
        self.with(|l| l.set_memo(&id, memo))
    }

    /// Removes the entry and returns it.
    #[napi]
    pub fn remove(&self, id: String) -> napi::Result<CallbackRecord> {
        self.with(|l| l.remove(&id))
            .map(|c| CallbackRecord::from_core(&c))
    }

    /// The entries matching seed 001's search form, in list order.
    #[napi]
    pub fn search(&self, search: Option<CallbackSearch>) -> napi::Result<Vec<CallbackRecord>> {
        let s = search.unwrap_or_default().to_core()?;
        let found = self.with(|l| l.search(&s))?;
        Ok(found.iter().map(CallbackRecord::from_core).collect())
    }

    /// Drops entries registered more than `days` days before `now` (retention); returns their ids.
    #[napi]
    pub fn purge_older_than(&self, days: u32, now: Option<Date>) -> Vec<String> {
        let now = now.map(|d| d.0).unwrap_or_else(chrono::Utc::now);
        self.list
            .lock()
            .expect("callback list lock")
            .purge_older_than(days, now)
    }

    /// Every entry, in list order.
    #[napi]
    pub fn to_array(&self) -> Vec<CallbackRecord> {
        let l = self.list.lock().expect("callback list lock");
        l.entries().iter().map(CallbackRecord::from_core).collect()
    }
}

impl Default for CallbackList {
    fn default() -> Self {
        Self::new()
    }
}
