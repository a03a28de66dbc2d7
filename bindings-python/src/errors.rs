//! The one place where the core's [`calllog::Error`] becomes a Python exception.
//!
//! The exception classes are defined in `calllog/_errors.py` (documented, typed, picklable);
//! this file decides, for every kind of core error, which class is raised and with which
//! attributes. Bad values become `ValueError` subclasses, file errors an `OSError` subclass.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

/// The core error, wrapped so that `?` turns it into a Python exception.
#[derive(Debug)]
pub struct Error(pub calllog::Error);

impl From<calllog::Error> for Error {
    fn from(e: calllog::Error) -> Self {
        Error(e)
    }
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        to_pyerr(e.0)
    }
}

/// `Result` of a binding function that calls the core.
pub type Result<T> = std::result::Result<T, Error>;

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("calllog._errors").map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// Maps a core error to the matching `calllog` exception.
pub fn to_pyerr(e: calllog::Error) -> PyErr {
    Python::attach(|py| build(py, e).unwrap_or_else(|failed| failed))
}

fn build(py: Python<'_>, e: calllog::Error) -> PyResult<PyErr> {
    use calllog::Error as E;
    let m = errors_module(py)?;
    let message = e.to_string();
    let kw = PyDict::new(py);
    let class = match e {
        E::Invalid {
            record_id,
            field,
            reason,
        } => {
            kw.set_item("record_id", record_id)?;
            kw.set_item("field", field)?;
            kw.set_item("reason", reason)?;
            "ValidationError"
        }
        E::UnknownValue {
            vocabulary,
            value,
            accepted,
        } => {
            kw.set_item("vocabulary", vocabulary)?;
            kw.set_item("value", value)?;
            kw.set_item("accepted", accepted)?;
            "UnknownValueError"
        }
        E::Filter { field, reason } => {
            kw.set_item("field", field)?;
            kw.set_item("reason", reason)?;
            "FilterError"
        }
        E::ExportOption { option, reason } => {
            kw.set_item("option", option)?;
            kw.set_item("reason", reason)?;
            "ExportOptionError"
        }
        E::Unencodable {
            row,
            column,
            character,
            encoding,
        } => {
            kw.set_item("row", row)?;
            kw.set_item("column", column)?;
            kw.set_item("character", character.to_string())?;
            kw.set_item("encoding", encoding)?;
            "UnencodableError"
        }
        E::Parse {
            path,
            row,
            column,
            reason,
        } => {
            kw.set_item("path", path.display().to_string())?;
            kw.set_item("row", row)?;
            kw.set_item("column", column)?;
            kw.set_item("reason", reason)?;
            "ParseError"
        }
        E::Io { path, source } => {
            let err = m.getattr("_io_error")?.call1((
                source.raw_os_error(),
                source.to_string(),
                path.display().to_string(),
            ))?;
            return Ok(PyErr::from_value(err));
        }
        E::Arrow {
            row,
            record_id,
            column,
            reason,
        } => {
            kw.set_item("row", row)?;
            kw.set_item("record_id", record_id.unwrap_or_default())?;
            kw.set_item("column", column)?;
            kw.set_item("reason", reason)?;
            "ArrowDataError"
        }
        E::Xlsx(_) => "XlsxError",
        E::Cancelled => "CancelledError",
        E::RowCapExceeded { cap } => {
            kw.set_item("cap", cap)?;
            "RowCapExceededError"
        }
        E::CallbackPanicked(_) | E::CallbackFailed(_) => "CallbackError",
        E::QueueFull { limit } => {
            kw.set_item("limit", limit)?;
            "QueueFullError"
        }
        E::NotPermitted {
            role,
            action,
            allowed,
        } => {
            kw.set_item("role", role)?;
            kw.set_item("action", action)?;
            kw.set_item(
                "allowed",
                allowed
                    .split(", ")
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            )?;
            "NotPermittedError"
        }
        E::Internal(_) => "InternalError",
        // `calllog::Error` is non-exhaustive: a kind added to the core later is still a
        // `CalllogError` with the core's message until it gets its own class here.
        _ => "CalllogError",
    };
    let err = m.getattr(class)?.call((message,), Some(&kw))?;
    Ok(PyErr::from_value(err))
}
