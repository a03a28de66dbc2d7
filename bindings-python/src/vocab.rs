//! Vocabularies: the Python `enum` classes are built in `calllog/_vocab.py` from the core's
//! machine names (so the two cannot drift); this file answers their questions (members,
//! labels, parsing of labels and aliases) and converts members to and from the core enums.

use calllog::Locale;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;

use crate::cells::Data;
use crate::convert::{
    BlockSetter, Conv, Getter, IntoPyErr, Mode, Path, cellwise, invalid, str_of, text_block_setter,
    wrong_type,
};
use calllog::Vocabulary;

/// The module where the enum classes live.
fn vocab_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("calllog._vocab").map(Bound::unbind))
        .map(|m| m.bind(py))
}

fn members(py: Python<'_>, class: &str, names: &[&str]) -> PyResult<Vec<Py<PyAny>>> {
    let cls = vocab_module(py)?.getattr(class)?;
    names
        .iter()
        .map(|n| Ok(cls.call1((*n,))?.unbind()))
        .collect()
}

fn unknown_class(class: &str) -> PyErr {
    PyKeyError::new_err(format!("no vocabulary named {class:?}"))
}

/// The value named `s`: its machine name exactly (the common case, without the core's
/// search through every label), else what the core's parser accepts (labels, aliases, case).
fn lookup<V: Vocabulary>(s: &str) -> calllog::Result<V> {
    match V::ALL.iter().find(|v| v.as_str() == s) {
        Some(v) => Ok(*v),
        None => s.parse(),
    }
}

fn locale(s: &str) -> PyResult<Locale> {
    s.parse::<Locale>().map_err(IntoPyErr::into_pyerr)
}

macro_rules! vocabularies {
    ($($ty:ident),* $(,)?) => {
        $(
            impl Conv for calllog::$ty {
                const KIND: &'static str = concat!("cat:", stringify!($ty));

                fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
                    static MEMBERS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
                    let all = MEMBERS.get_or_try_init(py, || {
                        let names: Vec<&str> =
                            calllog::$ty::ALL.iter().map(|v| v.as_str()).collect();
                        members(py, stringify!($ty), &names)
                    })?;
                    let i = calllog::$ty::ALL.iter().position(|v| v == self).unwrap_or(0);
                    Ok(all[i].bind(py).clone())
                }

                fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
                    let s = ob
                        .cast::<PyString>()
                        .map_err(|_| wrong_type(path, concat!(stringify!($ty), " or str"), ob))?;
                    Self::from_text(str_of(s)?, path)
                }

                fn from_text(s: &str, path: &Path<'_>) -> PyResult<Self> {
                    lookup(s).map_err(|e| invalid(path, e.to_string()))
                }

                fn block_setter<R: 'static>(get: Getter<R, Self>) -> BlockSetter<R> {
                    text_block_setter(get, |v, t| lookup(t).map(|x| *v = x).is_ok())
                }

                fn opt_block_setter<R: 'static>(get: Getter<R, Option<Self>>) -> BlockSetter<R> {
                    let generic = cellwise(get.clone());
                    Box::new(move |recs, start, data| {
                        if let Data::Cat { codes, categories } = data {
                            // each category looked up once per block, not once per row
                            let values: Vec<Option<Self>> =
                                categories.iter().map(|c| lookup(c).ok()).collect();
                            return codes[start..start + recs.len()].iter().zip(recs.iter_mut()).all(
                                |(&code, rec)| match usize::try_from(code) {
                                    Err(_) => {
                                        *get(rec) = None;
                                        true
                                    }
                                    Ok(c) => {
                                        *get(rec) = values[c];
                                        values[c].is_some()
                                    }
                                },
                            );
                        }
                        data.each_text(start, recs.len(), |j, t| match t {
                            None => {
                                *get(&mut recs[j]) = None;
                                true
                            }
                            Some(t) => lookup(t).map(|v| *get(&mut recs[j]) = Some(v)).is_ok(),
                        })
                        .unwrap_or_else(|| generic(recs, start, data))
                    })
                }
            }
        )*

        /// The machine names of a vocabulary, in the core's order.
        #[pyfunction]
        pub fn _vocabulary_members(name: &str) -> PyResult<Vec<&'static str>> {
            match name {
                $(stringify!($ty) => Ok(calllog::$ty::ALL.iter().map(|v| v.as_str()).collect()),)*
                "Locale" => Ok(Locale::ALL.iter().map(|v| v.as_str()).collect()),
                _ => Err(unknown_class(name)),
            }
        }

        /// The label of a value in a locale.
        #[pyfunction]
        pub fn _vocabulary_label(name: &str, value: &str, locale_code: &str) -> PyResult<&'static str> {
            let locale = locale(locale_code)?;
            match name {
                $(stringify!($ty) => Ok(value
                    .parse::<calllog::$ty>()
                    .map_err(IntoPyErr::into_pyerr)?
                    .label(locale)),)*
                _ => Err(unknown_class(name)),
            }
        }

        /// The machine name for a machine name, label (any locale) or vendor alias.
        #[pyfunction]
        pub fn _vocabulary_parse(name: &str, value: &str) -> PyResult<&'static str> {
            match name {
                $(stringify!($ty) => Ok(value
                    .parse::<calllog::$ty>()
                    .map_err(IntoPyErr::into_pyerr)?
                    .as_str()),)*
                "Locale" => Ok(locale(value)?.as_str()),
                _ => Err(unknown_class(name)),
            }
        }
    };
}

vocabularies!(
    Channel,
    Direction,
    InteractionType,
    ContactStatus,
    AttemptResult,
    DisconnectSide,
    CallMode,
    CallType,
    CallbackState,
    JobState,
    Outcome,
    Role,
);

impl Conv for Locale {
    const KIND: &'static str = "cat:Locale";

    fn to_py<'py>(&self, py: Python<'py>, _mode: Mode) -> PyResult<Bound<'py, PyAny>> {
        static MEMBERS: PyOnceLock<Vec<Py<PyAny>>> = PyOnceLock::new();
        let all = MEMBERS.get_or_try_init(py, || {
            let names: Vec<&str> = Locale::ALL.iter().map(|v| v.as_str()).collect();
            members(py, "Locale", &names)
        })?;
        let i = Locale::ALL.iter().position(|v| v == self).unwrap_or(0);
        Ok(all[i].bind(py).clone())
    }

    fn from_py(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Self> {
        let s = ob
            .cast::<PyString>()
            .map_err(|_| wrong_type(path, "Locale or str", ob))?;
        locale(&s.to_cow()?)
    }

    fn from_text(s: &str, _path: &Path<'_>) -> PyResult<Self> {
        locale(s)
    }
}

/// Seed 002: whether an attempt result counts as a success (green).
#[pyfunction]
pub fn _attempt_result_is_success(value: &str) -> PyResult<bool> {
    Ok(value
        .parse::<calllog::AttemptResult>()
        .map_err(IntoPyErr::into_pyerr)?
        .is_success())
}

/// Seed 004: the channel and direction of an interaction type, as machine names.
#[pyfunction]
pub fn _interaction_type_parts(value: &str) -> PyResult<(&'static str, &'static str)> {
    let t = value
        .parse::<calllog::InteractionType>()
        .map_err(IntoPyErr::into_pyerr)?;
    Ok((t.channel().as_str(), t.direction().as_str()))
}

/// Whether a job state is final.
#[pyfunction]
pub fn _job_state_is_finished(value: &str) -> PyResult<bool> {
    Ok(value
        .parse::<calllog::JobState>()
        .map_err(IntoPyErr::into_pyerr)?
        .is_finished())
}

/// Registers the functions of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_vocabulary_members, m)?)?;
    m.add_function(wrap_pyfunction!(_vocabulary_label, m)?)?;
    m.add_function(wrap_pyfunction!(_vocabulary_parse, m)?)?;
    m.add_function(wrap_pyfunction!(_attempt_result_is_success, m)?)?;
    m.add_function(wrap_pyfunction!(_interaction_type_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_job_state_is_finished, m)?)?;
    Ok(())
}
