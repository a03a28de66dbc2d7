//! Seed 001's callback worklist (折り返し呼管理) as `CallbackList`: the core's `CallbackList`
//! behind a lock, entries in and out as `CallbackRecord`s (or dicts), search with seed 001's
//! criteria as keywords, the retention purge, and CSV/XLSX exports of the list.

use std::sync::Mutex;

use calllog::Timestamp;
use calllog::callbacks::{CallbackList, CallbackSearch};
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert::{Conv, IntoPyErr, Path};
use crate::json::from_kwargs;
use crate::model::{PyCallbackRecord, from_mapping, id_of};
use crate::query::filter_error;

fn core<T>(r: calllog::Result<T>) -> PyResult<T> {
    r.map_err(IntoPyErr::into_pyerr)
}

/// A `CallbackRecord` or a dict with its fields; `i` names the position in errors.
fn entry_from(item: &Bound<'_, PyAny>, i: Option<usize>) -> PyResult<calllog::CallbackRecord> {
    if let Ok(c) = item.cast::<PyCallbackRecord>() {
        Ok(c.get().inner.clone())
    } else if let Ok(d) = item.cast::<PyDict>() {
        let id = id_of(d);
        from_mapping(d, &Path::Root(&id))
    } else {
        let at = i.map(|i| format!("entry {i}: ")).unwrap_or_default();
        Err(PyTypeError::new_err(format!(
            "{at}expected CallbackRecord or dict, got {}",
            item.get_type().name()?
        )))
    }
}

fn wrap(entries: impl IntoIterator<Item = calllog::CallbackRecord>) -> Vec<PyCallbackRecord> {
    entries
        .into_iter()
        .map(|inner| PyCallbackRecord { inner })
        .collect()
}

/// Seed 001's callback worklist: register the callbacks to make, assign them, mark them done
/// or not done, keep a memo (≤ 1,000 characters), search them with the seed's criteria and
/// purge the ones past their retention. Every entry is validated when it comes in; a failed
/// change leaves the list as it was. Safe to share between threads.
#[pyclass(name = "CallbackList", module = "calllog", frozen)]
pub struct PyCallbackList {
    inner: Mutex<CallbackList>,
}

impl PyCallbackList {
    fn with<T>(&self, f: impl FnOnce(&mut CallbackList) -> calllog::Result<T>) -> PyResult<T> {
        let mut list = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        core(f(&mut list))
    }

    fn snapshot(&self) -> Vec<calllog::CallbackRecord> {
        self.with(|l| Ok(l.entries().to_vec())).unwrap_or_default()
    }
}

#[pymethods]
impl PyCallbackList {
    /// A list holding `entries` (``CallbackRecord``s or dicts), validated; ids must be unique.
    #[new]
    #[pyo3(signature = (entries = None))]
    fn new(entries: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut out = Vec::new();
        if let Some(entries) = entries {
            for (i, item) in entries.try_iter()?.enumerate() {
                out.push(entry_from(&item?, Some(i))?);
            }
        }
        Ok(PyCallbackList {
            inner: Mutex::new(core(CallbackList::from_entries(out))?),
        })
    }

    fn __len__(&self) -> usize {
        self.with(|l| Ok(l.len())).unwrap_or(0)
    }

    fn __contains__(&self, id: &str) -> bool {
        self.with(|l| Ok(l.get(id).is_some())).unwrap_or(false)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, wrap(self.snapshot()))?
            .into_any()
            .try_iter()?
            .into_any())
    }

    fn __getitem__(&self, id: &str) -> PyResult<PyCallbackRecord> {
        self.get(id)
            .ok_or_else(|| PyKeyError::new_err(id.to_string()))
    }

    fn __repr__(&self) -> String {
        format!("CallbackList({} entries)", self.__len__())
    }

    /// Adds one entry (``CallbackRecord`` or dict); a duplicate id or an invalid entry raises
    /// ``ValidationError`` and leaves the list unchanged.
    fn register(&self, entry: &Bound<'_, PyAny>) -> PyResult<()> {
        let e = entry_from(entry, None)?;
        self.with(|l| l.register(e))
    }

    /// The entry with this id, or ``None``.
    fn get(&self, id: &str) -> Option<PyCallbackRecord> {
        self.with(|l| Ok(l.get(id).cloned()))
            .ok()
            .flatten()
            .map(|inner| PyCallbackRecord { inner })
    }

    /// Removes and returns the entry with this id.
    fn remove(&self, id: &str) -> PyResult<PyCallbackRecord> {
        self.with(|l| l.remove(id))
            .map(|inner| PyCallbackRecord { inner })
    }

    /// 担当者: assigns the entry to `agent`.
    fn assign(&self, id: &str, agent: &str) -> PyResult<()> {
        self.with(|l| l.assign(id, agent))
    }

    /// Clears the assignee (未割り当て).
    fn unassign(&self, id: &str) -> PyResult<()> {
        self.with(|l| l.unassign(id))
    }

    /// 対応状況: done.
    fn mark_done(&self, id: &str) -> PyResult<()> {
        self.with(|l| l.mark_done(id))
    }

    /// 対応状況: not done.
    fn mark_not_done(&self, id: &str) -> PyResult<()> {
        self.with(|l| l.mark_not_done(id))
    }

    /// メモ: sets (or with ``None`` clears) the memo; more than 1,000 characters raises
    /// ``ValidationError`` naming the entry and ``memo``, and keeps the old memo.
    #[pyo3(signature = (id, memo))]
    fn set_memo(&self, id: &str, memo: Option<String>) -> PyResult<()> {
        self.with(|l| l.set_memo(id, memo))
    }

    /// The entries matching every criterion of seed 001's search form, in registration order:
    /// ``**{"from": start, "to": end}`` (registered), ``call_centers``, ``business_labels``,
    /// ``assignees``, ``unassigned_only``, ``state``, ``caller_number``, ``our_number``,
    /// ``request_id``, ``refine`` (space-separated keywords, all of which must match) and
    /// ``locale``. An unknown criterion raises ``FilterError``.
    #[pyo3(signature = (**criteria))]
    fn search(&self, criteria: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<PyCallbackRecord>> {
        let search: CallbackSearch =
            from_kwargs(criteria, "CallbackList.search()", &[], filter_error)?;
        self.with(|l| l.search(&search)).map(wrap)
    }

    /// Seed 001's retention: removes the entries registered more than `days` days before
    /// `now` (the current time by default) and returns their ids.
    #[pyo3(signature = (days, now = None))]
    fn purge_older_than(&self, days: u32, now: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
        let now = match now {
            Some(n) if !n.is_none() => Timestamp::from_py(n, &Path::Field(&Path::Root(""), "now"))?,
            _ => calllog::chrono::Utc::now(),
        };
        self.with(|l| Ok(l.purge_older_than(days, now)))
    }

    /// The entries, in registration order.
    fn to_list(&self) -> Vec<PyCallbackRecord> {
        wrap(self.snapshot())
    }

    /// Seed 001 CSVダウンロード: writes the entries (the ``callbacks`` preset by default);
    /// the options of ``calllog.export_csv``.
    #[pyo3(signature = (path, **options))]
    fn export_csv<'py>(
        &self,
        py: Python<'py>,
        path: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kwargs = export_kwargs(py, options)?;
        wrap_pyfunction!(crate::export::export_csv, py)?.call(
            (PyList::new(py, wrap(self.snapshot()))?, path),
            Some(&kwargs),
        )
    }

    /// Writes the entries to an XLSX workbook; the options of ``calllog.export_xlsx``.
    #[pyo3(signature = (path, **options))]
    fn export_xlsx<'py>(
        &self,
        py: Python<'py>,
        path: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kwargs = export_kwargs(py, options)?;
        wrap_pyfunction!(crate::export::export_xlsx, py)?.call(
            (PyList::new(py, wrap(self.snapshot()))?, path),
            Some(&kwargs),
        )
    }
}

/// The caller's export options, with `callbacks=True` (also right for an empty list).
fn export_kwargs<'py>(
    py: Python<'py>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let kwargs = match options {
        Some(o) => o.copy()?,
        None => PyDict::new(py),
    };
    if kwargs.contains("callbacks")? {
        return Err(PyTypeError::new_err(
            "CallbackList exports are callback exports; drop callbacks=",
        ));
    }
    kwargs.set_item("callbacks", true)?;
    Ok(kwargs)
}

/// Registers the class.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCallbackList>()?;
    Ok(())
}
