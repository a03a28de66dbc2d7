//! calllog's Python binding: the extension module `calllog._calllog`.
//!
//! Thin by design: every rule, filter and export is the core's (`calllog` crate); the files
//! here only convert values in and map errors out, one file per core module:
//! [`convert`] (values), [`model`] (records), [`vocab`] (vocabularies), [`rules`] (derived
//! fields), [`access`] (viewers), [`collection`] (`CallLog`, pandas), [`errors`] (exceptions).
//! The pure-Python package `calllog` (in `python/calllog/`) re-exports these classes and
//! builds the `enum` classes.

pub mod access;
pub mod arrow;
pub mod collection;
pub mod convert;
pub mod errors;
pub mod export;
pub mod frame;
pub mod json;
pub mod model;
pub mod query;
pub mod rules;
pub mod vocab;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _calllog(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    model::register(m)?;
    arrow::register(m)?;
    vocab::register(m)?;
    rules::register(m)?;
    access::register(m)?;
    collection::register(m)?;
    export::register(m)?;
    query::register(m)?;
    // the public names are re-exported (and listed in `__all__`) by the `calllog` package
    if m.hasattr("__all__")? {
        m.delattr("__all__")?;
    }
    Ok(())
}
