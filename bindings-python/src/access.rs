//! Who may see what (seed 002): the `Viewer` class. Row scope and redaction are the core's.

use calllog::Restricted;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use crate::convert::{Cell, Conv, IntoPyErr, Mode, Path, wrong_type};
use crate::model::{Fields, PyCallRecord, apply, as_dict, from_mapping, id_of};

fn restricted(part: &str) -> PyResult<Restricted> {
    serde_json::from_value(serde_json::Value::String(part.to_string())).map_err(|_| {
        calllog::Error::UnknownValue {
            vocabulary: "restricted part",
            value: part.to_string(),
            accepted: "price, scenario_link, call_details".into(),
        }
        .into_pyerr()
    })
}

fn record_arg(ob: &Bound<'_, PyAny>) -> PyResult<calllog::CallRecord> {
    calllog::CallRecord::from_py(ob, &Path::Field(&Path::Root(""), "record"))
}

crate::model::record_class! {
    /// The person looking at the history (seed 002): role, own name or id, groups, and the
    /// "allow access to call history" switch. ``Viewer()`` is an owner (sees everything).
    class PyViewer("Viewer") wraps calllog::Viewer;
    fields {
        /// The role (a `Role` or its machine name).
        role: calllog::Role,
        /// The viewer's own agent id or name.
        user: Option<String>,
        /// The groups a supervisor is connected to.
        groups: Vec<String>,
        /// Seed 002 "Разрешить доступ к истории звонков": supervisors and operators also see their own calls.
        history_access: bool,
    }
    methods {
        /// A supervisor of `groups`.
        #[staticmethod]
        #[pyo3(signature = (user, groups, *, history_access = false))]
        fn supervisor(user: String, groups: Vec<String>, history_access: bool) -> Self {
            let mut inner = calllog::Viewer::supervisor(user, groups);
            inner.history_access = history_access;
            PyViewer { inner }
        }

        /// An operator; `history_access` is the switch.
        #[staticmethod]
        #[pyo3(signature = (user, *, history_access = false))]
        fn operator(user: String, history_access: bool) -> Self {
            PyViewer { inner: calllog::Viewer::operator(user, history_access) }
        }

        /// Owner, admin and manager see everything.
        #[getter]
        fn sees_everything(&self) -> bool {
            self.inner.sees_everything()
        }

        /// Whether this viewer may see the record at all.
        fn can_see(&self, record: &Bound<'_, PyAny>) -> PyResult<bool> {
            Ok(self.inner.can_see(&record_arg(record)?))
        }

        /// Whether this viewer may see a restricted part: `price`, `scenario_link` or `call_details`.
        fn may_see(&self, part: &str) -> PyResult<bool> {
            Ok(self.inner.may_see(restricted(part)?))
        }

        /// A copy of the record without what this viewer may not see.
        fn redact(&self, record: &Bound<'_, PyAny>) -> PyResult<PyCallRecord> {
            Ok(PyCallRecord { inner: self.inner.redact(&record_arg(record)?) })
        }
    }
}

/// Registers the classes of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyViewer>()?;
    Ok(())
}
