//! The callback worklist (core `callbacks`, seed 001 折り返し呼管理): register, assign and
//! unassign, mark done / not done, memo of at most 1,000 characters, search, retention purge
//! and export with the seed's columns.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use calllog::callbacks as core;

use crate::errors::{CallLogError, Result};
use crate::export::{
    CancelToken, ExportFormat, ExportOptions, ExportProgressListener, ExportSummary,
};
use crate::model::{CallbackRecord, Ctx};
use crate::vocab::{CallbackState, Language};

/// What to look for in the worklist (seed 001's search form). Empty lists and `nil` mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct CallbackSearch {
    /// Registered at or after.
    #[uniffi(default)]
    pub from: Option<SystemTime>,
    /// Registered at or before.
    #[uniffi(default)]
    pub to: Option<SystemTime>,
    /// コールセンター名.
    #[uniffi(default)]
    pub call_centers: Vec<String>,
    /// 業務ラベル名.
    #[uniffi(default)]
    pub business_labels: Vec<String>,
    /// 担当者.
    #[uniffi(default)]
    pub assignees: Vec<String>,
    /// Only entries without an assignee.
    #[uniffi(default)]
    pub unassigned_only: bool,
    /// 対応状況.
    #[uniffi(default)]
    pub state: Option<CallbackState>,
    /// 相手の番号 contains.
    #[uniffi(default)]
    pub caller_number: Option<String>,
    /// こちらの番号 contains.
    #[uniffi(default)]
    pub our_number: Option<String>,
    /// リクエストID.
    #[uniffi(default)]
    pub request_id: Option<String>,
    /// 絞り込み: `"kw1 kw2"`, every keyword must appear in some column.
    #[uniffi(default)]
    pub refine: Option<String>,
    /// The locale whose labels the refine matches.
    #[uniffi(default)]
    pub locale: Option<Language>,
}

impl CallbackSearch {
    pub(crate) fn to_core(&self) -> Result<core::CallbackSearch> {
        let c = Ctx { id: "" };
        Ok(core::CallbackSearch {
            from: c.time("from", self.from)?,
            to: c.time("to", self.to)?,
            call_centers: self.call_centers.clone(),
            business_labels: self.business_labels.clone(),
            assignees: self.assignees.clone(),
            unassigned_only: self.unassigned_only,
            state: self.state.map(Into::into),
            caller_number: self.caller_number.clone(),
            our_number: self.our_number.clone(),
            request_id: self.request_id.clone(),
            refine: self.refine.clone(),
            locale: self.locale.unwrap_or_default().into(),
        })
    }
}

/// A callback worklist, safe to share between threads.
#[derive(Debug, uniffi::Object)]
pub struct CallbackWorklist {
    list: Mutex<core::CallbackList>,
}

impl CallbackWorklist {
    fn list(&self) -> MutexGuard<'_, core::CallbackList> {
        // a panic cannot happen while the lock is held (core calls return errors), but never
        // let a poisoned lock take the host down
        self.list.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl CallbackWorklist {
    /// A copy of the entries, so an export does not hold the lock while it writes.
    pub(crate) fn snapshot(&self) -> Vec<calllog::CallbackRecord> {
        self.list().entries().to_vec()
    }
}

fn to_core(entry: &CallbackRecord) -> Result<calllog::CallbackRecord> {
    entry.to_core()
}

#[uniffi::export]
impl CallbackWorklist {
    /// A worklist of `entries` (each validated; ids must be unique).
    #[uniffi::constructor(default(entries = []))]
    pub fn new(entries: Vec<CallbackRecord>) -> Result<Arc<Self>> {
        let entries = entries.iter().map(to_core).collect::<Result<Vec<_>>>()?;
        Ok(Arc::new(CallbackWorklist {
            list: Mutex::new(core::CallbackList::from_entries(entries)?),
        }))
    }

    /// Adds an entry (validated: memo of at most 1,000 characters, unique id).
    pub fn register(&self, entry: CallbackRecord) -> Result<()> {
        Ok(self.list().register(to_core(&entry)?)?)
    }

    /// The entry `id`, if any.
    pub fn get(&self, id: String) -> Option<CallbackRecord> {
        self.list().get(&id).cloned().map(Into::into)
    }

    /// Removes and returns the entry `id`.
    pub fn remove(&self, id: String) -> Result<CallbackRecord> {
        Ok(self.list().remove(&id)?.into())
    }

    /// Assigns the entry to `agent` (担当者).
    pub fn assign(&self, id: String, agent: String) -> Result<()> {
        Ok(self.list().assign(&id, agent)?)
    }

    /// Removes the assignee.
    pub fn unassign(&self, id: String) -> Result<()> {
        Ok(self.list().unassign(&id)?)
    }

    /// Marks the entry done (完了).
    pub fn mark_done(&self, id: String) -> Result<()> {
        Ok(self.list().mark_done(&id)?)
    }

    /// Marks the entry not done (未完了).
    pub fn mark_not_done(&self, id: String) -> Result<()> {
        Ok(self.list().mark_not_done(&id)?)
    }

    /// Sets or clears the memo (at most 1,000 characters; longer throws `Invalid`).
    pub fn set_memo(&self, id: String, memo: Option<String>) -> Result<()> {
        Ok(self.list().set_memo(&id, memo)?)
    }

    /// The entries matching `search`, in registration order.
    pub fn search(&self, search: CallbackSearch) -> Result<Vec<CallbackRecord>> {
        let found = self.list().search(&search.to_core()?)?;
        Ok(found.into_iter().map(Into::into).collect())
    }

    /// Deletes the entries registered more than `days` days before `now` (default: the
    /// current time), seed 001's retention; returns their ids.
    #[uniffi::method(default(now = None))]
    pub fn purge_older_than(&self, days: u32, now: Option<SystemTime>) -> Result<Vec<String>> {
        let now = Ctx { id: "" }
            .time("now", Some(now.unwrap_or_else(SystemTime::now)))?
            .ok_or_else(|| CallLogError::Other {
                message: "no time".into(),
            })?;
        Ok(self.list().purge_older_than(days, now))
    }

    /// Every entry, in registration order.
    pub fn entries(&self) -> Vec<CallbackRecord> {
        self.list()
            .entries()
            .iter()
            .cloned()
            .map(Into::into)
            .collect()
    }

    /// The number of entries.
    pub fn count(&self) -> u64 {
        self.list().len() as u64
    }

    /// Exports the entries with the seed's columns (the `callbacks` preset by default).
    #[uniffi::method(default(progress = None, cancel = None, options))]
    pub fn export(
        &self,
        path: String,
        format: ExportFormat,
        options: ExportOptions,
        progress: Option<Arc<dyn ExportProgressListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<ExportSummary> {
        // a snapshot, so the worklist stays usable while the file is written
        let entries = self.snapshot();
        crate::export::write_callbacks(&path, &entries, format, &options, progress, cancel)
    }
}
