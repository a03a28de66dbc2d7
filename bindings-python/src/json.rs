//! Keyword arguments to the core's plain-data option structs (`Filter`, `MetricsOptions`,
//! `CallbackSearch`...), through serde: Python values become JSON values (aware datetimes as
//! RFC 3339 in UTC, timedeltas as seconds, enum members as their machine names), then the
//! core's own `Deserialize` builds the struct. Unknown keywords are a `TypeError`; a value the
//! core refuses is reported against its keyword.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList, PySet, PyString, PyTime,
    PyTuple,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::convert::{Conv, Path, is_missing, str_of, wrong_type};

/// A Python value as JSON, for the core's serde structs.
pub fn to_json(ob: &Bound<'_, PyAny>, path: &Path<'_>) -> PyResult<Value> {
    if ob.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = ob.cast::<PyString>() {
        return Ok(Value::String(str_of(s)?.to_owned()));
    }
    if ob.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(ob.is_truthy()?));
    }
    if ob.is_instance_of::<PyInt>() {
        if let Ok(v) = ob.extract::<i64>() {
            return Ok(Value::Number(v.into()));
        }
        return Ok(Value::Number(ob.extract::<u64>()?.into()));
    }
    if let Ok(f) = ob.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| crate::convert::invalid(path, "not a finite number"));
    }
    if ob.is_instance_of::<PyDateTime>() {
        let t = calllog::Timestamp::from_py(ob, path)?;
        return Ok(Value::String(t.to_rfc3339()));
    }
    if ob.is_instance_of::<PyDate>() || ob.is_instance_of::<PyTime>() {
        return Ok(Value::String(ob.call_method0("isoformat")?.extract()?));
    }
    if ob.is_instance_of::<PyDelta>() {
        let d = calllog::TimeDelta::from_py(ob, path)?;
        return Ok(Number::from_f64(d.num_milliseconds() as f64 / 1000.0)
            .map(Value::Number)
            .unwrap_or(Value::Null));
    }
    if is_missing(ob) {
        return Ok(Value::Null);
    }
    if let Ok(d) = ob.cast::<PyDict>() {
        let mut m = Map::new();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| wrong_type(path, "a dict with str keys", ob))?;
            let key = str_of(key)?.to_owned();
            let value = to_json(&v, &path.field(&key))?;
            m.insert(key, value);
        }
        return Ok(Value::Object(m));
    }
    if ob.is_instance_of::<PyList>()
        || ob.is_instance_of::<PyTuple>()
        || ob.is_instance_of::<PySet>()
    {
        let mut out = Vec::new();
        for (i, item) in ob.try_iter()?.enumerate() {
            out.push(to_json(&item?, &path.index(i))?);
        }
        return Ok(Value::Array(out));
    }
    // records and other binding classes with a to_dict()
    if ob.hasattr("to_dict")? {
        return to_json(&ob.call_method0("to_dict")?, path);
    }
    Err(wrong_type(
        path,
        "a str, number, bool, datetime, timedelta, list or dict",
        ob,
    ))
}

/// The field names of a serde struct, from its default value.
pub fn field_names<T: Serialize + Default>() -> Vec<String> {
    match serde_json::to_value(T::default()) {
        Ok(Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Builds `T` from keyword arguments; `what` names it in errors, `error` makes the exception
/// for a value the core refuses (keyword, reason).
pub fn from_kwargs<T, E>(
    kwargs: Option<&Bound<'_, PyDict>>,
    what: &str,
    skip: &[&str],
    error: E,
) -> PyResult<T>
where
    T: DeserializeOwned + Serialize + Default,
    E: Fn(&str, String) -> PyErr,
{
    let Some(kwargs) = kwargs else {
        return Ok(T::default());
    };
    let names = field_names::<T>();
    let mut obj = Map::new();
    for (k, v) in kwargs.iter() {
        let key: String = k.extract()?;
        if skip.contains(&key.as_str()) {
            continue;
        }
        if !names.contains(&key) {
            return Err(PyTypeError::new_err(format!(
                "{what} got an unexpected keyword argument '{key}'; accepted: {}",
                names.join(", ")
            )));
        }
        let value = to_json(&v, &Path::Field(&Path::Root(""), &key))?;
        obj.insert(key, value);
    }
    match serde_json::from_value::<T>(Value::Object(obj.clone())) {
        Ok(v) => Ok(v),
        Err(whole) => {
            // find the keyword at fault
            for (k, v) in &obj {
                let mut one = Map::new();
                one.insert(k.clone(), v.clone());
                if let Err(e) = serde_json::from_value::<T>(Value::Object(one)) {
                    return Err(error(k, e.to_string()));
                }
            }
            Err(error(what, whole.to_string()))
        }
    }
}
