//! Arrow `RecordBatch`es → records, batch by batch.
//!
//! Each column is first brought to the type this reader extracts from ("normalized"): text of
//! any Arrow string kind (`utf8`, `large_utf8`, `utf8_view`, dictionaries) to `utf8`,
//! timestamps of any unit *with a time zone* to nanoseconds UTC, durations of any unit to
//! nanoseconds, integers to the field's width (a value that does not fit is an error naming
//! its row), lists and large lists to lists, structs matched by child name. Then records are
//! built row by row.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, DurationNanosecondType, Float64Type, Int32Type, IntervalMonthDayNanoType,
    TimestampNanosecondType, UInt8Type, UInt32Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, GenericListArray, ListArray, PrimitiveArray, RecordBatch,
    StringArray, StructArray, new_null_array,
};
use arrow_cast::cast::{CastOptions, cast_with_options};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{
    ArrowError, DataType, Field, Fields, IntervalUnit, Schema, SchemaRef, TimeUnit,
};
use chrono::{DateTime, TimeDelta};

use super::schema::{self, DERIVED};
use crate::error::{Error, Result};
use crate::model::{
    Agent, CallRecord, CallbackRecord, IvrStep, Money, Note, Recording, RingEvent, SurveyAnswer,
    Timestamp, Visit,
};
use crate::vocab::Vocabulary;

/// How [`CallReader`] and [`batch_to_calls`] treat what they are given.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Skip columns (and struct children) the schema does not have, instead of failing on
    /// the first one. Derived columns (`wait`, `talk`, `outcome`...) are always skipped.
    pub ignore_unknown: bool,
    /// Check every record with [`CallRecord::validate`] as it is read.
    pub validate: bool,
}

impl ReadOptions {
    /// Strict columns, no validation.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`ignore_unknown`](Self::ignore_unknown).
    pub fn ignore_unknown(mut self, yes: bool) -> Self {
        self.ignore_unknown = yes;
        self
    }

    /// Sets [`validate`](Self::validate).
    pub fn validate(mut self, yes: bool) -> Self {
        self.validate = yes;
        self
    }
}

fn schema_err(column: &str, reason: impl Into<String>) -> Error {
    Error::Arrow {
        row: None,
        record_id: None,
        column: column.to_string(),
        reason: reason.into(),
    }
}

/// Row context for errors: the position in the stream and the record id read so far.
struct Ctx<'a> {
    first_row: usize,
    ids: Option<&'a StringArray>,
}

impl Ctx<'_> {
    fn err(&self, i: usize, column: &str, reason: impl Into<String>) -> Error {
        Error::Arrow {
            row: Some((self.first_row + i) as u64),
            record_id: self
                .ids
                .filter(|a| i < a.len() && a.is_valid(i))
                .map(|a| a.value(i).to_string()),
            column: column.to_string(),
            reason: reason.into(),
        }
    }
}

/// The type the extractors read for a column whose schema type is `t`.
fn read_type(t: &DataType) -> DataType {
    match t {
        DataType::Timestamp(_, _) => DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
        DataType::Duration(_) => DataType::Duration(TimeUnit::Nanosecond),
        DataType::List(f) => DataType::List(Arc::new(Field::new(
            f.name(),
            read_type(f.data_type()),
            true,
        ))),
        DataType::Struct(fs) => DataType::Struct(
            fs.iter()
                .map(|f| Field::new(f.name(), read_type(f.data_type()), true))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
        || matches!(t, DataType::Dictionary(_, v) if is_text(v))
}

fn cast_err(column: &str, from: &DataType, to: &DataType, e: ArrowError) -> Error {
    schema_err(column, format!("cannot read a {from} column as {to}: {e}"))
}

/// Casts with nulls for failures, then names the first row that failed.
fn cast_checked(a: &ArrayRef, to: &DataType, column: &str, ctx: &Ctx<'_>) -> Result<ArrayRef> {
    let out = cast_with_options(a, to, &CastOptions::default())
        .map_err(|e| cast_err(column, a.data_type(), to, e))?;
    if out.logical_null_count() > a.logical_null_count() {
        let (ins, outs) = (a.logical_nulls(), out.logical_nulls());
        let valid =
            |n: &Option<arrow_buffer::NullBuffer>, i| n.as_ref().is_none_or(|n| n.is_valid(i));
        if let Some(i) = (0..a.len()).find(|&i| valid(&ins, i) && !valid(&outs, i)) {
            let shown = ArrayFormatter::try_new(a.as_ref(), &FormatOptions::default())
                .map(|f| f.value(i).to_string())
                .unwrap_or_default();
            return Err(ctx.err(i, column, format!("{shown} does not fit {to}")));
        }
    }
    Ok(out)
}

/// Brings `a` to `to` (a [`read_type`]); see the module documentation.
fn normalize(
    a: &ArrayRef,
    to: &DataType,
    column: &str,
    opts: &ReadOptions,
    ctx: &Ctx<'_>,
) -> Result<ArrayRef> {
    if a.data_type() == to {
        return Ok(a.clone());
    }
    if a.data_type() == &DataType::Null {
        // a column with no value at all (pandas' all-None object columns, empty lists)
        return Ok(new_null_array(to, a.len()));
    }
    match to {
        DataType::Utf8 if is_text(a.data_type()) => cast_checked(a, to, column, ctx),
        DataType::Utf8 => Err(schema_err(
            column,
            format!("expected text, got a {} column", a.data_type()),
        )),
        DataType::Timestamp(_, _) => match a.data_type() {
            DataType::Timestamp(_, Some(_)) => cast_checked(a, to, column, ctx),
            DataType::Timestamp(_, None) => Err(schema_err(
                column,
                "timestamps without a time zone; give the column one (pandas: \
                 .dt.tz_localize(...), polars: .dt.replace_time_zone(...))",
            )),
            other => Err(schema_err(
                column,
                format!("expected a timestamp with a time zone, got a {other} column"),
            )),
        },
        DataType::Duration(_) => match a.data_type() {
            DataType::Duration(_) => cast_checked(a, to, column, ctx),
            DataType::Interval(IntervalUnit::MonthDayNano) => {
                // DuckDB's INTERVAL: days and nanoseconds are exact, months are not
                let iv = a.as_primitive::<IntervalMonthDayNanoType>();
                let mut out = Vec::with_capacity(iv.len());
                for i in 0..iv.len() {
                    if iv.is_null(i) {
                        out.push(None);
                        continue;
                    }
                    let v = iv.value(i);
                    let ns = (v.months == 0)
                        .then(|| i64::from(v.days).checked_mul(86_400_000_000_000))
                        .flatten()
                        .and_then(|d| d.checked_add(v.nanoseconds));
                    match ns {
                        Some(ns) => out.push(Some(ns)),
                        None => {
                            return Err(ctx.err(
                                i,
                                column,
                                format!(
                                    "the interval {} months {} days {} ns is not a fixed \
                                     length of time",
                                    v.months, v.days, v.nanoseconds
                                ),
                            ));
                        }
                    }
                }
                let d: ArrayRef = Arc::new(PrimitiveArray::<DurationNanosecondType>::from(out));
                cast_checked(&d, to, column, ctx)
            }
            other if other.is_integer() => Err(schema_err(
                column,
                format!(
                    "expected a duration, got a {other} column (Parquet has no duration type, \
                     so a duration column written to Parquet reads back as int64 microseconds: \
                     turn it back into a duration, e.g. DuckDB to_microseconds(col), polars \
                     pl.duration(microseconds=col))"
                ),
            )),
            other => Err(schema_err(
                column,
                format!("expected a duration, got a {other} column"),
            )),
        },
        DataType::UInt8 | DataType::UInt32 => {
            if a.data_type().is_integer() {
                cast_checked(a, to, column, ctx)
            } else if a.data_type().is_floating() {
                // pandas' whole numbers with missing values (float64 with NaN): whole only
                let f = cast_with_options(a, &DataType::Float64, &CastOptions::default())
                    .map_err(|e| cast_err(column, a.data_type(), &DataType::Float64, e))?;
                let f = f.as_primitive::<Float64Type>();
                if let Some(i) = (0..f.len()).find(|&i| f.is_valid(i) && f.value(i).fract() != 0.0)
                {
                    return Err(ctx.err(
                        i,
                        column,
                        format!("{} is not a whole number", f.value(i)),
                    ));
                }
                cast_checked(a, to, column, ctx)
            } else {
                Err(schema_err(
                    column,
                    format!("expected whole numbers, got a {} column", a.data_type()),
                ))
            }
        }
        DataType::Boolean => match a.data_type() {
            DataType::Boolean => Ok(a.clone()),
            other => Err(schema_err(
                column,
                format!("expected booleans, got a {other} column"),
            )),
        },
        DataType::List(item) => {
            let list: ArrayRef = match a.data_type() {
                DataType::List(_) => a.clone(),
                DataType::LargeList(f)
                | DataType::ListView(f)
                | DataType::LargeListView(f)
                | DataType::FixedSizeList(f, _) => {
                    let same =
                        DataType::List(Arc::new(Field::new("item", f.data_type().clone(), true)));
                    cast_with_options(a, &same, &CastOptions::default())
                        .map_err(|e| cast_err(column, a.data_type(), &same, e))?
                }
                other => {
                    return Err(schema_err(
                        column,
                        format!("expected a list, got a {other} column"),
                    ));
                }
            };
            let list = list.as_list::<i32>();
            let values = normalize(
                list.values(),
                item.data_type(),
                column,
                opts,
                &Ctx {
                    first_row: 0,
                    ids: None,
                },
            )?;
            Ok(Arc::new(ListArray::new(
                Arc::new(Field::new(item.name(), values.data_type().clone(), true)),
                list.offsets().clone(),
                values,
                list.nulls().cloned(),
            )))
        }
        DataType::Struct(fields) => {
            let DataType::Struct(_) = a.data_type() else {
                return Err(schema_err(
                    column,
                    format!("expected a struct, got a {} column", a.data_type()),
                ));
            };
            let s = a.as_struct();
            if !opts.ignore_unknown {
                for name in s.column_names() {
                    if fields.find(name).is_none() {
                        return Err(schema_err(
                            &format!("{column}.{name}"),
                            format!(
                                "unknown field; {column} has {}",
                                fields
                                    .iter()
                                    .map(|f| f.name().as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ));
                    }
                }
            }
            let mut children = Vec::with_capacity(fields.len());
            for f in fields.iter() {
                let path = format!("{column}.{}", f.name());
                children.push(match s.column_by_name(f.name()) {
                    Some(c) => normalize(c, f.data_type(), &path, opts, ctx)?,
                    None => new_null_array(f.data_type(), s.len()),
                });
            }
            let fields: Fields = fields
                .iter()
                .zip(&children)
                .map(|(f, c)| Field::new(f.name(), c.data_type().clone(), true))
                .collect();
            Ok(Arc::new(StructArray::new(
                fields,
                children,
                s.nulls().cloned(),
            )))
        }
        other => Err(schema_err(
            column,
            format!("cannot read a {} column as {other}", a.data_type()),
        )),
    }
}

/// A text column: `None` for null.
struct Text(Option<StringArray>);
impl Text {
    fn get(&self, i: usize) -> Option<String> {
        self.0
            .as_ref()
            .filter(|a| a.is_valid(i))
            .map(|a| a.value(i).to_string())
    }
}

/// A text column that must have a value where the row has the thing it belongs to.
fn required(t: &Text, i: usize, column: &str, ctx: &Ctx<'_>) -> Result<String> {
    match &t.0 {
        Some(a) if a.is_valid(i) => Ok(a.value(i).to_string()),
        _ => Err(ctx.err(i, column, "missing, and the field is required")),
    }
}

struct Ts(Option<PrimitiveArray<TimestampNanosecondType>>);
impl Ts {
    fn get(&self, i: usize) -> Option<Timestamp> {
        self.0
            .as_ref()
            .filter(|a| a.is_valid(i))
            .map(|a| DateTime::from_timestamp_nanos(a.value(i)))
    }
}

struct Dur(Option<PrimitiveArray<DurationNanosecondType>>);
impl Dur {
    fn get(&self, i: usize) -> Option<TimeDelta> {
        self.0
            .as_ref()
            .filter(|a| a.is_valid(i))
            .map(|a| TimeDelta::nanoseconds(a.value(i)))
    }
}

struct U32(Option<PrimitiveArray<UInt32Type>>);
impl U32 {
    fn get(&self, i: usize) -> Option<u32> {
        self.0
            .as_ref()
            .filter(|a| a.is_valid(i))
            .map(|a| a.value(i))
    }
}

struct U8(Option<PrimitiveArray<UInt8Type>>);
impl U8 {
    fn get(&self, i: usize) -> Option<u8> {
        self.0
            .as_ref()
            .filter(|a| a.is_valid(i))
            .map(|a| a.value(i))
    }
}

struct Bool(Option<BooleanArray>);
impl Bool {
    fn get(&self, i: usize) -> Option<bool> {
        self.0
            .as_ref()
            .filter(|a| a.is_valid(i))
            .map(|a| a.value(i))
    }
}

/// A vocabulary column: dictionary values are parsed once, plain text per distinct run.
enum Voc<V> {
    Absent,
    Dict {
        keys: PrimitiveArray<Int32Type>,
        values: Vec<Option<std::result::Result<V, Error>>>,
    },
    Plain(StringArray, std::cell::RefCell<Option<(String, V)>>),
}

impl<V: Vocabulary> Voc<V> {
    fn new(a: Option<&ArrayRef>, column: &str, ctx: &Ctx<'_>) -> Result<Self> {
        let Some(a) = a else { return Ok(Voc::Absent) };
        if let DataType::Dictionary(_, v) = a.data_type()
            && is_text(v)
        {
            let to = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
            let d = cast_checked(a, &to, column, ctx)?;
            let d = d.as_dictionary::<Int32Type>();
            let vals = d.values().as_string::<i32>();
            let values = (0..vals.len())
                .map(|k| vals.is_valid(k).then(|| V::from_str(vals.value(k))))
                .collect();
            return Ok(Voc::Dict {
                keys: d.keys().clone(),
                values,
            });
        }
        let t = normalize(a, &DataType::Utf8, column, &ReadOptions::default(), ctx)?;
        Ok(Voc::Plain(t.as_string::<i32>().clone(), Default::default()))
    }

    fn get(&self, i: usize, column: &str, ctx: &Ctx<'_>) -> Result<Option<V>> {
        let parsed = match self {
            Voc::Absent => return Ok(None),
            Voc::Dict { keys, values } => {
                if keys.is_null(i) {
                    return Ok(None);
                }
                match values.get(keys.value(i) as usize) {
                    Some(Some(Ok(v))) => return Ok(Some(*v)),
                    Some(None) | None => return Ok(None),
                    Some(Some(Err(e))) => Err(e.clone()),
                }
            }
            Voc::Plain(a, last) => {
                if a.is_null(i) {
                    return Ok(None);
                }
                let s = a.value(i);
                if let Some((k, v)) = &*last.borrow()
                    && k == s
                {
                    return Ok(Some(*v));
                }
                let v = V::from_str(s);
                if let Ok(v) = &v {
                    *last.borrow_mut() = Some((s.to_string(), *v));
                }
                v
            }
        };
        parsed
            .map(Some)
            .map_err(|e| ctx.err(i, column, e.to_string()))
    }
}

/// The `price` column read exactly: its scale, and the values as units at that scale.
enum Price {
    Absent,
    Decimal(PrimitiveArray<Decimal128Type>, u8),
    Text(StringArray),
}

impl Price {
    fn new(a: Option<&ArrayRef>, ctx: &Ctx<'_>) -> Result<Self> {
        let Some(a) = a else { return Ok(Price::Absent) };
        match a.data_type() {
            DataType::Decimal128(_, s) if (0..=18).contains(s) => Ok(Price::Decimal(
                a.as_primitive::<Decimal128Type>().clone(),
                *s as u8,
            )),
            DataType::Decimal32(_, s) | DataType::Decimal64(_, s) | DataType::Decimal256(_, s)
                if (0..=18).contains(s) =>
            {
                let to = DataType::Decimal128(38, *s);
                let d = cast_checked(a, &to, "price", ctx)?;
                Ok(Price::Decimal(
                    d.as_primitive::<Decimal128Type>().clone(),
                    *s as u8,
                ))
            }
            t if t.is_integer() => {
                let d = cast_checked(a, &DataType::Decimal128(38, 0), "price", ctx)?;
                Ok(Price::Decimal(
                    d.as_primitive::<Decimal128Type>().clone(),
                    0,
                ))
            }
            t if is_text(t) => {
                let s = normalize(a, &DataType::Utf8, "price", &ReadOptions::default(), ctx)?;
                Ok(Price::Text(s.as_string::<i32>().clone()))
            }
            t => Err(schema_err(
                "price",
                format!(
                    "expected an exact decimal (decimal128 with at most 18 digits after the \
                     point), whole numbers or decimal text, got a {t} column"
                ),
            )),
        }
    }

    /// `(units, scale)`, rescaled to `want` digits when the record said how many it had.
    fn get(&self, i: usize, want: Option<u8>, ctx: &Ctx<'_>) -> Result<Option<(i64, u8)>> {
        let (units, scale): (i128, u8) = match self {
            Price::Absent => return Ok(None),
            Price::Decimal(a, s) => {
                if a.is_null(i) {
                    return Ok(None);
                }
                (a.value(i), *s)
            }
            Price::Text(a) => {
                if a.is_null(i) {
                    return Ok(None);
                }
                let m = Money::from_decimal_str(a.value(i), "")
                    .map_err(|e| ctx.err(i, "price", e.to_string()))?;
                (m.units as i128, m.scale)
            }
        };
        let (units, scale) = match want {
            Some(w) if w < scale => {
                let f = 10i128.pow((scale - w) as u32);
                if units % f != 0 {
                    return Err(ctx.err(
                        i,
                        "price_scale",
                        format!("the price has more than {w} digits after the point"),
                    ));
                }
                (units / f, w)
            }
            Some(w) if w > scale => {
                let f = 10i128.pow((w - scale) as u32);
                (units.checked_mul(f).unwrap_or(i128::MAX), w)
            }
            _ => (units, scale),
        };
        let units = i64::try_from(units)
            .map_err(|_| ctx.err(i, "price", "the amount does not fit 64-bit units"))?;
        Ok(Some((units, scale)))
    }
}

/// A list column: row `i`'s entries are `values[offsets[i]..offsets[i + 1]]`.
struct List {
    list: Option<GenericListArray<i32>>,
}
impl List {
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        match &self.list {
            Some(l) if l.is_valid(i) => {
                let o = l.value_offsets();
                o[i] as usize..o[i + 1] as usize
            }
            _ => 0..0,
        }
    }
    fn values(&self) -> Option<&ArrayRef> {
        self.list.as_ref().map(|l| l.values())
    }
}

fn texts_at(l: &List, t: &Text, i: usize) -> Vec<String> {
    l.range(i).filter_map(|k| t.get(k)).collect()
}

/// The columns of one batch, normalized.
struct Columns<'b> {
    batch: &'b RecordBatch,
    opts: &'b ReadOptions,
}

impl Columns<'_> {
    fn get(&self, name: &str, ty: Option<DataType>, ctx: &Ctx<'_>) -> Result<Option<ArrayRef>> {
        let Some(a) = self.batch.column_by_name(name) else {
            return Ok(None);
        };
        let ty = ty.unwrap_or_else(|| {
            read_type(
                &schema::call_data_type(name)
                    .or_else(|| schema::callback_data_type(name))
                    .expect("a schema column"),
            )
        });
        normalize(a, &ty, name, self.opts, ctx).map(Some)
    }
    fn text(&self, name: &str, ctx: &Ctx<'_>) -> Result<Text> {
        Ok(Text(
            self.get(name, Some(DataType::Utf8), ctx)?
                .map(|a| a.as_string::<i32>().clone()),
        ))
    }
    fn ts(&self, name: &str, ctx: &Ctx<'_>) -> Result<Ts> {
        let t = DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()));
        Ok(Ts(self.get(name, Some(t), ctx)?.map(|a| {
            a.as_primitive::<TimestampNanosecondType>().clone()
        })))
    }
    fn dur(&self, name: &str, ctx: &Ctx<'_>) -> Result<Dur> {
        let t = DataType::Duration(TimeUnit::Nanosecond);
        Ok(Dur(self.get(name, Some(t), ctx)?.map(|a| {
            a.as_primitive::<DurationNanosecondType>().clone()
        })))
    }
    fn u32(&self, name: &str, ctx: &Ctx<'_>) -> Result<U32> {
        Ok(U32(self
            .get(name, Some(DataType::UInt32), ctx)?
            .map(|a| a.as_primitive::<UInt32Type>().clone())))
    }
    fn u8(&self, name: &str, ctx: &Ctx<'_>) -> Result<U8> {
        Ok(U8(self
            .get(name, Some(DataType::UInt8), ctx)?
            .map(|a| a.as_primitive::<UInt8Type>().clone())))
    }
    fn bool(&self, name: &str, ctx: &Ctx<'_>) -> Result<Bool> {
        Ok(Bool(
            self.get(name, Some(DataType::Boolean), ctx)?
                .map(|a| a.as_boolean().clone()),
        ))
    }
    fn list(&self, name: &str, ctx: &Ctx<'_>) -> Result<List> {
        Ok(List {
            list: self
                .get(name, None, ctx)?
                .map(|a| a.as_list::<i32>().clone()),
        })
    }
}

/// Children of a normalized struct array.
struct Sub<'a>(Option<&'a StructArray>);
impl Sub<'_> {
    fn col(&self, name: &str) -> Option<&ArrayRef> {
        self.0.and_then(|s| s.column_by_name(name))
    }
    fn text(&self, name: &str) -> Text {
        Text(self.col(name).map(|a| a.as_string::<i32>().clone()))
    }
    fn ts(&self, name: &str) -> Ts {
        Ts(self
            .col(name)
            .map(|a| a.as_primitive::<TimestampNanosecondType>().clone()))
    }
    fn dur(&self, name: &str) -> Dur {
        Dur(self
            .col(name)
            .map(|a| a.as_primitive::<DurationNanosecondType>().clone()))
    }
    fn u8(&self, name: &str) -> U8 {
        U8(self
            .col(name)
            .map(|a| a.as_primitive::<UInt8Type>().clone()))
    }
    fn bool(&self, name: &str) -> Bool {
        Bool(self.col(name).map(|a| a.as_boolean().clone()))
    }
    fn list(&self, name: &str) -> List {
        List {
            list: self.col(name).map(|a| a.as_list::<i32>().clone()),
        }
    }
    fn valid(&self, i: usize) -> bool {
        self.0.is_some_and(|s| s.is_valid(i))
    }
}

fn sub(a: Option<&ArrayRef>) -> Sub<'_> {
    Sub(a.map(|a| a.as_struct()))
}

/// The `recording` struct, read.
struct RecordingCols {
    present: bool,
    valid: Vec<bool>,
    url: Text,
    duration: Dur,
    processing: Bool,
    format: Text,
}
impl RecordingCols {
    fn new(a: Option<&ArrayRef>) -> Self {
        let s = sub(a);
        RecordingCols {
            present: s.0.is_some(),
            valid: (0..a.map_or(0, |a| a.len())).map(|i| s.valid(i)).collect(),
            url: s.text("url"),
            duration: s.dur("duration"),
            processing: s.bool("processing"),
            format: s.text("format"),
        }
    }
    fn get(&self, i: usize) -> Option<Recording> {
        (self.present && self.valid[i]).then(|| Recording {
            url: self.url.get(i),
            duration: self.duration.get(i),
            processing: self.processing.get(i).unwrap_or(false),
            format: self.format.get(i),
        })
    }
}

/// A `map<utf8, utf8>` (or a list of key/value structs, as polars holds maps).
struct ExtraCols {
    offsets: Option<arrow_buffer::OffsetBuffer<i32>>,
    nulls: Option<arrow_buffer::NullBuffer>,
    keys: Text,
    values: Text,
}
impl ExtraCols {
    fn new(a: Option<&ArrayRef>, opts: &ReadOptions, ctx: &Ctx<'_>) -> Result<Self> {
        let none = ExtraCols {
            offsets: None,
            nulls: None,
            keys: Text(None),
            values: Text(None),
        };
        let Some(a) = a else { return Ok(none) };
        let (offsets, nulls, entries): (_, _, ArrayRef) = match a.data_type() {
            DataType::Map(_, _) => {
                let m = a.as_map();
                (
                    m.offsets().clone(),
                    m.nulls().cloned(),
                    Arc::new(m.entries().clone()),
                )
            }
            DataType::List(f) | DataType::LargeList(f) if matches!(f.data_type(), DataType::Struct(fs) if fs.len() == 2) =>
            {
                let same = DataType::List(f.clone());
                let l = cast_with_options(a, &same, &CastOptions::default())
                    .map_err(|e| cast_err("extra", a.data_type(), &same, e))?;
                let l = l.as_list::<i32>();
                (l.offsets().clone(), l.nulls().cloned(), l.values().clone())
            }
            other => {
                return Err(schema_err(
                    "extra",
                    format!("expected a map of text to text, got a {other} column"),
                ));
            }
        };
        let e = entries.as_struct();
        let inner = Ctx {
            first_row: 0,
            ids: None,
        };
        let keys = normalize(e.column(0), &DataType::Utf8, "extra.key", opts, &inner)?;
        let values = normalize(e.column(1), &DataType::Utf8, "extra.value", opts, &inner)?;
        let _ = ctx;
        Ok(ExtraCols {
            offsets: Some(offsets),
            nulls,
            keys: Text(Some(keys.as_string::<i32>().clone())),
            values: Text(Some(values.as_string::<i32>().clone())),
        })
    }
    fn get(&self, i: usize, ctx: &Ctx<'_>) -> Result<BTreeMap<String, String>> {
        let mut out = BTreeMap::new();
        let Some(o) = &self.offsets else {
            return Ok(out);
        };
        if self.nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            return Ok(out);
        }
        for k in o[i] as usize..o[i + 1] as usize {
            let key = required(&self.keys, k, "extra.key", ctx)
                .map_err(|_| ctx.err(i, "extra", "a null key"))?;
            let Some(v) = self.values.get(k) else {
                return Err(ctx.err(
                    i,
                    &format!("extra[{key:?}]"),
                    "a null value; the model holds text",
                ));
            };
            if out.insert(key.clone(), v).is_some() {
                return Err(ctx.err(i, &format!("extra[{key:?}]"), "the key appears twice"));
            }
        }
        Ok(out)
    }
}

/// Checks the column names of `schema` against the call schema.
fn check_columns(schema: &Schema, known: &SchemaRef, opts: &ReadOptions) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for f in schema.fields() {
        let name = f.name().as_str();
        if !seen.insert(name) {
            return Err(schema_err(name, "the column appears twice"));
        }
        if known.field_with_name(name).is_err() && !DERIVED.contains(&name) && !opts.ignore_unknown
        {
            return Err(schema_err(
                name,
                "unknown column; calllog::arrow::call_schema lists the columns \
                 (ignore_unknown skips the others)",
            ));
        }
    }
    if schema.field_with_name("id").is_err() {
        return Err(schema_err("id", "missing: every record needs an id column"));
    }
    Ok(())
}

/// Checks a stream's schema before its first batch arrives: a duplicate or (unless
/// `ignore_unknown`) unknown column, or a missing `id`, is an error naming the column.
pub fn check_call_schema(schema: &Schema, opts: &ReadOptions) -> Result<()> {
    check_columns(schema, &schema::call_schema(0), opts)
}

/// Like [`check_call_schema`], for callback records.
pub fn check_callback_schema(schema: &Schema, opts: &ReadOptions) -> Result<()> {
    check_columns(schema, &schema::callback_schema(), opts)
}

/// The records of one batch; `first_row` is the position of its first row in the whole
/// stream, for errors.
///
/// Columns are matched by name; a missing column leaves its field blank (a missing
/// `channel` is [`Channel::Voice`](crate::Channel), like [`CallRecord::default`]). Errors are
/// [`Error::Arrow`] naming the row, the record id and the column (with the path of a nested
/// field), or [`Error::Invalid`] from validation when [`ReadOptions::validate`] is on.
pub fn batch_to_calls(
    batch: &RecordBatch,
    opts: &ReadOptions,
    first_row: usize,
) -> Result<Vec<CallRecord>> {
    check_call_schema(&batch.schema(), opts)?;
    let n = batch.num_rows();
    let cols = Columns { batch, opts };
    let c0 = Ctx {
        first_row,
        ids: None,
    };
    let ids = cols.text("id", &c0)?;
    let ctx = Ctx {
        first_row,
        ids: ids.0.as_ref(),
    };
    let ctx = &ctx;
    let voc = |name: &str| batch.column_by_name(name);
    let channel = Voc::<crate::Channel>::new(voc("channel"), "channel", ctx)?;
    let direction = Voc::<crate::Direction>::new(voc("direction"), "direction", ctx)?;
    let interaction_type =
        Voc::<crate::InteractionType>::new(voc("interaction_type"), "interaction_type", ctx)?;
    let call_type = Voc::<crate::CallType>::new(voc("call_type"), "call_type", ctx)?;
    let call_mode = Voc::<crate::CallMode>::new(voc("call_mode"), "call_mode", ctx)?;
    let status = Voc::<crate::ContactStatus>::new(voc("status"), "status", ctx)?;
    let disconnect_side =
        Voc::<crate::DisconnectSide>::new(voc("disconnect_side"), "disconnect_side", ctx)?;
    let attempt_result =
        Voc::<crate::AttemptResult>::new(voc("attempt_result"), "attempt_result", ctx)?;
    let customer_name = cols.text("customer_name", ctx)?;
    let from = cols.text("from", ctx)?;
    let to = cols.text("to", ctx)?;
    let cc = cols.list("cc", ctx)?;
    let cc_v = Text(cc.values().map(|a| a.as_string::<i32>().clone()));
    let bcc = cols.list("bcc", ctx)?;
    let bcc_v = Text(bcc.values().map(|a| a.as_string::<i32>().clone()));
    let agents = cols.list("agents", ctx)?;
    let ag = sub(agents.values());
    let (ag_id, ag_name, ag_number, ag_groups, ag_deleted) = (
        ag.text("id"),
        ag.text("name"),
        ag.text("number"),
        ag.list("groups"),
        ag.bool("deleted"),
    );
    let ag_groups_v = Text(ag_groups.values().map(|a| a.as_string::<i32>().clone()));
    let queue = cols.text("queue", ctx)?;
    let campaign = cols.text("campaign", ctx)?;
    let scenario = cols.text("scenario", ctx)?;
    let scenario_url = cols.text("scenario_url", ctx)?;
    let times = schema::TIMELINE
        .iter()
        .map(|n| cols.ts(n, ctx))
        .collect::<Result<Vec<_>>>()?;
    let reported = schema::REPORTED
        .iter()
        .map(|n| cols.dur(n, ctx))
        .collect::<Result<Vec<_>>>()?;
    let end_reason = cols.text("end_reason", ctx)?;
    let hold_count = cols.u32("hold_count", ctx)?;
    let completion_code = cols.text("completion_code", ctx)?;
    let callback_at = cols.ts("callback_at", ctx)?;
    let attempts = cols.u32("attempts", ctx)?;
    let tags = cols.list("tags", ctx)?;
    let tags_v = Text(tags.values().map(|a| a.as_string::<i32>().clone()));
    let topics = cols.list("topics", ctx)?;
    let topics_v = Text(topics.values().map(|a| a.as_string::<i32>().clone()));
    let categories = cols.list("categories", ctx)?;
    let categories_v = Text(categories.values().map(|a| a.as_string::<i32>().clone()));
    let classifier = cols.text("classifier", ctx)?;
    let notes = cols.list("notes", ctx)?;
    let nt = sub(notes.values());
    let (nt_author, nt_at, nt_text) = (nt.text("author"), nt.ts("at"), nt.text("text"));
    let manager_rating = cols.u8("manager_rating", ctx)?;
    let call_rating = cols.u8("call_rating", ctx)?;
    let recording_col = cols.get("recording", None, ctx)?;
    let recording = RecordingCols::new(recording_col.as_ref());
    let price = Price::new(batch.column_by_name("price"), ctx)?;
    let price_scale = cols.u8("price_scale", ctx)?;
    let price_currency = cols.text("price_currency", ctx)?;
    let co_browse = cols.bool("co_browse", ctx)?;
    let ring = cols.list("ring_history", ctx)?;
    let rg = sub(ring.values());
    let (rg_at, rg_staff, rg_detail) = (rg.ts("at"), rg.text("staff_name"), rg.text("detail"));
    let texts8 = [
        "brand",
        "service",
        "menu",
        "staff_memo",
        "customer_user_agent",
        "staff_user_agent",
        "extra_info",
        "chat_log",
    ]
    .iter()
    .map(|n| cols.text(n, ctx))
    .collect::<Result<Vec<_>>>()?;
    let surveys = ["pre_survey", "post_survey"]
        .iter()
        .map(|n| cols.list(n, ctx))
        .collect::<Result<Vec<_>>>()?;
    let sv: Vec<_> = surveys
        .iter()
        .map(|l| {
            let s = sub(l.values());
            (s.u8("index"), s.text("question"), s.text("answer"))
        })
        .collect();
    let visit_col = cols.get("visit", None, ctx)?;
    let vs = sub(visit_col.as_ref());
    let visit_cols: Vec<Text> = super::schema::VISIT_FIELDS
        .iter()
        .map(|n| vs.text(n))
        .collect();
    let ids4 = ["record_id", "significant_field", "ticket_id", "request_id"]
        .iter()
        .map(|n| cols.text(n, ctx))
        .collect::<Result<Vec<_>>>()?;
    let ivr = cols.list("ivr_path", ctx)?;
    let iv = sub(ivr.values());
    let (iv_node, iv_entered, iv_left, iv_choice, iv_detail) = (
        iv.text("node"),
        iv.ts("entered_at"),
        iv.ts("left_at"),
        iv.text("choice"),
        iv.text("detail"),
    );
    let extra = ExtraCols::new(batch.column_by_name("extra"), opts, ctx)?;

    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let id = required(&ids, i, "id", ctx)?;
        let mut agents_v = Vec::with_capacity(agents.range(i).len());
        for (k, j) in agents.range(i).enumerate() {
            agents_v.push(Agent {
                id: ag_id.get(j),
                name: ag_name.get(j).ok_or_else(|| {
                    ctx.err(
                        i,
                        &format!("agents[{k}].name"),
                        "missing, and the field is required",
                    )
                })?,
                number: ag_number.get(j),
                groups: texts_at(&ag_groups, &ag_groups_v, j),
                deleted: ag_deleted.get(j).unwrap_or(false),
            });
        }
        let notes_v = notes
            .range(i)
            .enumerate()
            .map(|(k, j)| {
                Ok(Note {
                    author: nt_author.get(j),
                    at: nt_at.get(j),
                    text: nt_text.get(j).ok_or_else(|| {
                        ctx.err(
                            i,
                            &format!("notes[{k}].text"),
                            "missing, and the field is required",
                        )
                    })?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let ring_v = ring
            .range(i)
            .enumerate()
            .map(|(k, j)| {
                Ok(RingEvent {
                    at: rg_at.get(j),
                    staff_name: rg_staff.get(j).ok_or_else(|| {
                        ctx.err(
                            i,
                            &format!("ring_history[{k}].staff_name"),
                            "missing, and the field is required",
                        )
                    })?,
                    detail: rg_detail.get(j),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let survey = |w: usize, name: &str| {
            let (idx, q, a) = &sv[w];
            surveys[w]
                .range(i)
                .enumerate()
                .map(|(k, j)| {
                    let miss = |f: &str| {
                        ctx.err(
                            i,
                            &format!("{name}[{k}].{f}"),
                            "missing, and the field is required",
                        )
                    };
                    Ok(SurveyAnswer {
                        index: idx.get(j).ok_or_else(|| miss("index"))?,
                        question: q.get(j).ok_or_else(|| miss("question"))?,
                        answer: a.get(j),
                    })
                })
                .collect::<Result<Vec<_>>>()
        };
        let ivr_v = ivr
            .range(i)
            .enumerate()
            .map(|(k, j)| {
                Ok(IvrStep {
                    node: iv_node.get(j).ok_or_else(|| {
                        ctx.err(
                            i,
                            &format!("ivr_path[{k}].node"),
                            "missing, and the field is required",
                        )
                    })?,
                    entered_at: iv_entered.get(j),
                    left_at: iv_left.get(j),
                    choice: iv_choice.get(j),
                    detail: iv_detail.get(j),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let price_v = match price.get(i, price_scale.get(i), ctx)? {
            Some((units, scale)) => Some(Money {
                units,
                scale,
                currency: price_currency
                    .get(i)
                    .ok_or_else(|| ctx.err(i, "price_currency", "a price without a currency"))?,
            }),
            None => {
                if price_currency.get(i).is_some() {
                    return Err(ctx.err(i, "price", "a currency without a price"));
                }
                None
            }
        };
        let visit = vs.valid(i).then(|| Visit {
            source: visit_cols[0].get(i),
            medium: visit_cols[1].get(i),
            campaign: visit_cols[2].get(i),
            content: visit_cols[3].get(i),
            term: visit_cols[4].get(i),
            landing_page: visit_cols[5].get(i),
            client_ip: visit_cols[6].get(i),
        });
        let channel_v = match &channel {
            Voc::Absent => crate::Channel::default(),
            c => c
                .get(i, "channel", ctx)?
                .ok_or_else(|| ctx.err(i, "channel", "missing, and the field is required"))?,
        };
        let r = CallRecord {
            id,
            channel: channel_v,
            direction: direction.get(i, "direction", ctx)?,
            interaction_type: interaction_type.get(i, "interaction_type", ctx)?,
            call_type: call_type.get(i, "call_type", ctx)?,
            call_mode: call_mode.get(i, "call_mode", ctx)?,
            status: status.get(i, "status", ctx)?,
            customer_name: customer_name.get(i),
            from: from.get(i),
            to: to.get(i),
            cc: texts_at(&cc, &cc_v, i),
            bcc: texts_at(&bcc, &bcc_v, i),
            agents: agents_v,
            queue: queue.get(i),
            campaign: campaign.get(i),
            scenario: scenario.get(i),
            scenario_url: scenario_url.get(i),
            timeline: crate::Timeline {
                started_at: times[0].get(i),
                dial_started_at: times[1].get(i),
                enqueued_at: times[2].get(i),
                dequeued_at: times[3].get(i),
                offered_at: times[4].get(i),
                answered_or_cancelled_at: times[5].get(i),
                talk_started_at: times[6].get(i),
                talk_ended_at: times[7].get(i),
                after_call_work_started_at: times[8].get(i),
                after_call_work_ended_at: times[9].get(i),
                closed_at: times[10].get(i),
            },
            reported: crate::ReportedDurations {
                wait: reported[0].get(i),
                dial: reported[1].get(i),
                talk: reported[2].get(i),
                agent_talk: reported[3].get(i),
                ivr: reported[4].get(i),
                hold: reported[5].get(i),
                after_call_work: reported[6].get(i),
                total: reported[7].get(i),
            },
            end_reason: end_reason.get(i),
            disconnect_side: disconnect_side.get(i, "disconnect_side", ctx)?,
            hold_count: hold_count.get(i),
            attempt_result: attempt_result.get(i, "attempt_result", ctx)?,
            completion_code: completion_code.get(i),
            callback_at: callback_at.get(i),
            attempts: attempts.get(i),
            tags: texts_at(&tags, &tags_v, i),
            topics: texts_at(&topics, &topics_v, i),
            categories: texts_at(&categories, &categories_v, i),
            classifier: classifier.get(i),
            notes: notes_v,
            manager_rating: manager_rating.get(i),
            call_rating: call_rating.get(i),
            recording: recording.get(i),
            price: price_v,
            co_browse: co_browse.get(i).unwrap_or(false),
            ring_history: ring_v,
            brand: texts8[0].get(i),
            service: texts8[1].get(i),
            menu: texts8[2].get(i),
            staff_memo: texts8[3].get(i),
            customer_user_agent: texts8[4].get(i),
            staff_user_agent: texts8[5].get(i),
            extra_info: texts8[6].get(i),
            chat_log: texts8[7].get(i),
            pre_survey: survey(0, "pre_survey")?,
            post_survey: survey(1, "post_survey")?,
            visit,
            record_id: ids4[0].get(i),
            significant_field: ids4[1].get(i),
            ticket_id: ids4[2].get(i),
            request_id: ids4[3].get(i),
            ivr_path: ivr_v,
            extra: extra.get(i, ctx)?,
        };
        if opts.validate {
            r.validate()?;
        }
        out.push(r);
    }
    Ok(out)
}

/// The callback records of one batch (columns of
/// [`callback_schema`](super::callback_schema)); errors as [`batch_to_calls`].
pub fn batch_to_callbacks(
    batch: &RecordBatch,
    opts: &ReadOptions,
    first_row: usize,
) -> Result<Vec<CallbackRecord>> {
    check_callback_schema(&batch.schema(), opts)?;
    let cols = Columns { batch, opts };
    let c0 = Ctx {
        first_row,
        ids: None,
    };
    let ids = cols.text("id", &c0)?;
    let ctx = &Ctx {
        first_row,
        ids: ids.0.as_ref(),
    };
    let registered_at = cols.ts("registered_at", ctx)?;
    let incoming_at = cols.ts("incoming_at", ctx)?;
    let assignee = cols.text("assignee", ctx)?;
    let state = Voc::<crate::CallbackState>::new(batch.column_by_name("state"), "state", ctx)?;
    let texts = [
        "call_center",
        "business_label",
        "caller_number",
        "our_number",
        "request_id",
    ]
    .iter()
    .map(|n| cols.text(n, ctx))
    .collect::<Result<Vec<_>>>()?;
    let recording_col = cols.get("recording", None, ctx)?;
    let recording = RecordingCols::new(recording_col.as_ref());
    let memo = cols.text("memo", ctx)?;
    let mut out = Vec::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        let state_v = match &state {
            Voc::Absent => crate::CallbackState::default(),
            s => s
                .get(i, "state", ctx)?
                .ok_or_else(|| ctx.err(i, "state", "missing, and the field is required"))?,
        };
        let r = CallbackRecord {
            id: required(&ids, i, "id", ctx)?,
            registered_at: registered_at.get(i),
            incoming_at: incoming_at.get(i),
            assignee: assignee.get(i),
            state: state_v,
            call_center: texts[0].get(i),
            business_label: texts[1].get(i),
            caller_number: texts[2].get(i),
            our_number: texts[3].get(i),
            request_id: texts[4].get(i),
            recording: recording.get(i),
            memo: memo.get(i),
        };
        if opts.validate {
            r.validate()?;
        }
        out.push(r);
    }
    Ok(out)
}

/// Call records from a stream of batches (any [`arrow_array::RecordBatchReader`], or any
/// iterator of `Result<RecordBatch, ArrowError>`), one batch in memory at a time, and never
/// more than [`MAX_RECORDS_PER_STEP`] records of it: a producer's batch is converted in slices
/// (zero-copy views), so memory stays bounded whatever batch size the source chose (DuckDB
/// hands over batches of a million rows, which would be gigabytes of records at once).
///
/// ```
/// use calllog::arrow::{CallBatches, CallReader, ReadOptions};
///
/// let records: Vec<_> = calllog::sample::generate(3_000, 1).collect();
/// let batches = CallBatches::new(&records[..], 1_024);
/// let back = CallReader::new(batches, ReadOptions::new().validate(true))
///     .collect::<Result<Vec<_>, _>>()?;
/// assert_eq!(back, records);
/// # Ok::<(), calllog::Error>(())
/// ```
pub struct CallReader<I> {
    batches: I,
    opts: ReadOptions,
    row: usize,
    pending: std::vec::IntoIter<CallRecord>,
    /// The producer's batch being converted, and how many of its rows are done.
    current: Option<(RecordBatch, usize)>,
    failed: bool,
}

/// The most records a [`CallReader`] converts at once (a slice of a larger batch).
pub const MAX_RECORDS_PER_STEP: usize = 8_192;

impl<I: Iterator<Item = std::result::Result<RecordBatch, ArrowError>>> CallReader<I> {
    /// Reads `batches` with `opts`.
    pub fn new(batches: I, opts: ReadOptions) -> Self {
        CallReader {
            batches,
            opts,
            row: 0,
            pending: Vec::new().into_iter(),
            current: None,
            failed: false,
        }
    }

    /// The records of the next batch, or of its next slice of at most
    /// [`MAX_RECORDS_PER_STEP`] rows (an empty batch gives an empty `Vec`), or `None` at the
    /// end. After an error the reader ends.
    pub fn next_batch(&mut self) -> Option<Result<Vec<CallRecord>>> {
        if self.failed {
            return None;
        }
        let (batch, done) = match self.current.take() {
            Some(c) => c,
            None => match self.batches.next()? {
                Ok(b) => (b, 0),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(from_arrow_error(e, self.row)));
                }
            },
        };
        let n = (batch.num_rows() - done).min(MAX_RECORDS_PER_STEP);
        let out = if done == 0 && n == batch.num_rows() {
            batch_to_calls(&batch, &self.opts, self.row)
        } else {
            batch_to_calls(&batch.slice(done, n), &self.opts, self.row)
        };
        if done + n < batch.num_rows() {
            self.current = Some((batch, done + n));
        }
        self.row += n;
        if out.is_err() {
            self.failed = true;
        }
        Some(out)
    }

    /// How many rows have been read so far.
    pub fn rows_read(&self) -> usize {
        self.row
    }
}

impl<I: Iterator<Item = std::result::Result<RecordBatch, ArrowError>>> Iterator for CallReader<I> {
    type Item = Result<CallRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.next() {
                return Some(Ok(r));
            }
            match self.next_batch()? {
                Ok(v) => self.pending = v.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// An error of the Arrow stream itself (a producer that failed), as the core's error; a
/// calllog error carried through Arrow comes back as itself.
pub fn from_arrow_error(e: ArrowError, row: usize) -> Error {
    match e {
        ArrowError::ExternalError(inner) => match inner.downcast::<Error>() {
            Ok(ours) => *ours,
            Err(other) => Error::Arrow {
                row: Some(row as u64),
                record_id: None,
                column: String::new(),
                reason: format!("the Arrow stream failed: {other}"),
            },
        },
        other => Error::Arrow {
            row: Some(row as u64),
            record_id: None,
            column: String::new(),
            reason: format!("the Arrow stream failed: {other}"),
        },
    }
}
