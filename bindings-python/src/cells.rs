//! A DataFrame column's cells: one cell on its way into a record ([`Cell`]) and a column
//! whose buffers Rust owns ([`Data`], the dotted layout's buffer path in `frame.rs`).
//! This module depends on no other module of the binding.

use calllog::{TimeDelta, Timestamp};
use pyo3::prelude::*;

/// One value of a DataFrame column on its way into a record.
///
/// `Obj` cells need the GIL; the others are read from Rust-owned column buffers (see
/// `frame.rs`) and convert without touching Python, on any thread.
pub enum Cell<'py> {
    /// Any Python object (object, string, number, bool and categorical columns).
    Obj(Bound<'py, PyAny>),
    /// A missing value (`None`, NaN, `pd.NA`, `pd.NaT`) of a Rust-owned column.
    Missing,
    /// A value of a string column (or a category of a categorical one).
    Text(&'py str),
    /// A value of an integer column.
    Int(i64),
    /// A value of a boolean column.
    Bool(bool),
    /// A value of a `datetime64[ns, tz]` column (`None` for NaT).
    Ts(Option<Timestamp>),
    /// A value of a `timedelta64[ns]` column (`None` for NaT).
    Dur(Option<TimeDelta>),
}

/// A text cell's end offset with this bit set marks a missing cell.
pub const MISSING: u32 = 1 << 31;

/// One column, owned by Rust.
pub enum Data {
    /// UTC nanoseconds since the epoch, `i64::MIN` for NaT.
    Ts(Vec<i64>),
    /// Nanoseconds, `i64::MIN` for NaT.
    Dur(Vec<i64>),
    /// Cell `i` is `bytes[end(i - 1)..end(i)]` where `end(i) = ends[i] & !MISSING`; missing
    /// where `ends[i]` has the [`MISSING`] bit. (Offsets are `u32`: a column's segment holds
    /// at most 2 GiB of text, else the per-cell conversion takes the frame.)
    Text { bytes: Vec<u8>, ends: Vec<u32> },
    /// Category codes (-1 for missing) into `categories`.
    Cat {
        codes: Vec<i32>,
        categories: Vec<String>,
    },
    /// Integers; missing where `present[i]` is false.
    Int {
        values: Vec<i64>,
        present: Vec<bool>,
    },
    /// Booleans; missing where `present[i]` is false.
    Bool {
        values: Vec<bool>,
        present: Vec<bool>,
    },
}

impl Data {
    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        match self {
            Data::Ts(v) | Data::Dur(v) => v.len(),
            Data::Text { ends, .. } => ends.len(),
            Data::Cat { codes, .. } => codes.len(),
            Data::Int { values, .. } => values.len(),
            Data::Bool { values, .. } => values.len(),
        }
    }

    /// Calls `f(j, cell)` for the cells of rows `start..start + len` (`j` from 0) until it
    /// returns `false`; whether it never did. One `match` per column, not per cell.
    #[inline]
    pub fn each_cell(
        &self,
        start: usize,
        len: usize,
        mut f: impl FnMut(usize, Cell<'_>) -> bool,
    ) -> bool {
        let rows = start..start + len;
        match self {
            Data::Ts(v) => v[rows].iter().enumerate().all(|(j, &ns)| {
                f(
                    j,
                    Cell::Ts(
                        (ns != i64::MIN)
                            .then(|| calllog::chrono::DateTime::from_timestamp_nanos(ns)),
                    ),
                )
            }),
            Data::Dur(v) => v[rows].iter().enumerate().all(|(j, &ns)| {
                f(
                    j,
                    Cell::Dur((ns != i64::MIN).then(|| TimeDelta::nanoseconds(ns))),
                )
            }),
            Data::Cat { codes, categories } => codes[rows].iter().enumerate().all(|(j, &c)| {
                f(
                    j,
                    match usize::try_from(c) {
                        Ok(c) => Cell::Text(&categories[c]),
                        Err(_) => Cell::Missing,
                    },
                )
            }),
            Data::Int { values, present } => values[rows.clone()]
                .iter()
                .zip(&present[rows])
                .enumerate()
                .all(|(j, (&v, &p))| f(j, if p { Cell::Int(v) } else { Cell::Missing })),
            Data::Bool { values, present } => values[rows.clone()]
                .iter()
                .zip(&present[rows])
                .enumerate()
                .all(|(j, (&v, &p))| f(j, if p { Cell::Bool(v) } else { Cell::Missing })),
            Data::Text { .. } => (0..len).all(|j| f(j, self.cell(start + j))),
        }
    }

    /// For a string or categorical column: calls `f(j, text)` (`None` for missing) for rows
    /// `start..start + len` (`j` from 0) until it returns `false`, and says whether it never
    /// did. `None` for other columns.
    #[inline]
    pub fn each_text(
        &self,
        start: usize,
        len: usize,
        mut f: impl FnMut(usize, Option<&str>) -> bool,
    ) -> Option<bool> {
        match self {
            Data::Text { bytes, ends } => {
                let mut from = if start == 0 {
                    0
                } else {
                    ends[start - 1] & !MISSING
                } as usize;
                Some(
                    ends[start..start + len]
                        .iter()
                        .enumerate()
                        .all(|(j, &end)| {
                            if end & MISSING != 0 {
                                return f(j, None);
                            }
                            let to = end as usize;
                            // SAFETY: the bytes between two ends are one `str`'s UTF-8, copied whole
                            let text = unsafe { std::str::from_utf8_unchecked(&bytes[from..to]) };
                            from = to;
                            f(j, Some(text))
                        }),
                )
            }
            Data::Cat { codes, categories } => Some(
                codes[start..start + len]
                    .iter()
                    .enumerate()
                    .all(|(j, &c)| f(j, usize::try_from(c).ok().map(|c| categories[c].as_str()))),
            ),
            _ => None,
        }
    }

    pub fn cell(&self, i: usize) -> Cell<'_> {
        match self {
            Data::Ts(v) => Cell::Ts(match v[i] {
                i64::MIN => None,
                ns => Some(calllog::chrono::DateTime::from_timestamp_nanos(ns)),
            }),
            Data::Dur(v) => Cell::Dur(match v[i] {
                i64::MIN => None,
                ns => Some(TimeDelta::nanoseconds(ns)),
            }),
            Data::Text { bytes, ends } => {
                let end = ends[i];
                if end & MISSING != 0 {
                    return Cell::Missing;
                }
                let start = if i == 0 { 0 } else { ends[i - 1] & !MISSING };
                let text = &bytes[start as usize..end as usize];
                // SAFETY: the bytes between two ends are one `str`'s UTF-8, copied whole
                Cell::Text(unsafe { std::str::from_utf8_unchecked(text) })
            }
            Data::Cat { codes, categories } => match usize::try_from(codes[i]) {
                Ok(c) => Cell::Text(&categories[c]),
                Err(_) => Cell::Missing,
            },
            Data::Int { values, present } => {
                if present[i] {
                    Cell::Int(values[i])
                } else {
                    Cell::Missing
                }
            }
            Data::Bool { values, present } => {
                if present[i] {
                    Cell::Bool(values[i])
                } else {
                    Cell::Missing
                }
            }
        }
    }
}
