//! calllog's Python binding: the extension module `calllog._calllog`.
//!
//! Thin by design: every rule, filter, export and the Arrow schema are the core's (`calllog`
//! crate); the files here only convert values in and map errors out, one job per file, none
//! importing another in a circle (tests/test_layout.py): [`convert`] (values), [`model`]
//! (records), [`vocab`] (vocabularies), [`rules`] (derived fields), [`access`] (viewers),
//! [`collection`] (`CallLog`), [`arrow`] (Arrow streams across the PyCapsule interface),
//! [`rows`] (what an export writes), [`export`] (export options, progress, jobs), [`query`]
//! (filters, cards, metrics), [`worklist`] (seed 001's `CallbackList`), [`json`] (keyword arguments), [`frame`] and [`cells`] (the dotted
//! layout of calllog 0.1's DataFrames), [`errors`] (exceptions).
//! The pure-Python package `calllog` (in `python/calllog/`) re-exports these classes and
//! builds the `enum` classes.

pub mod access;
pub mod arrow;
pub mod cells;
pub mod collection;
pub mod convert;
pub mod errors;
pub mod export;
pub mod frame;
pub mod json;
pub mod model;
pub mod query;
pub mod rows;
pub mod rules;
pub mod vocab;
pub mod worklist;

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
    worklist::register(m)?;
    // the public names are re-exported (and listed in `__all__`) by the `calllog` package
    if m.hasattr("__all__")? {
        m.delattr("__all__")?;
    }
    Ok(())
}
