//! Queries: narrow the history down ([`Filter`]), see only what the [`Viewer`] may see, sort by
//! any field, and page (offset/limit or cursor).
//!
//! Everything runs over an iterator of records, one at a time. [`Query::stream`] keeps input
//! order and holds nothing (what an exporter consumes); [`Query::run`] sorts and pages while
//! holding only `offset + limit` rows, however long the input.
//!
//! ```
//! use calllog::query::{Filter, Query, SortKey, Field};
//! use calllog::{Agent, CallRecord, Channel, Money, Viewer, ts};
//!
//! let calls = (0..5).map(|i| {
//!     CallRecord::new(format!("c-{i}"), Channel::Voice)
//!         .agent(Agent::named("Ivan").in_group(if i % 2 == 0 { "Sales" } else { "Support" }))
//!         .started_at(ts("2024-05-01T10:00:00Z") + calllog::TimeDelta::minutes(i))
//!         .price(Money::new(150, 2, "RUB"))
//! });
//! let q = Query {
//!     viewer: Viewer::supervisor("Olga", ["Sales"]),
//!     sort: vec![SortKey::desc(Field::StartedAt)],
//!     limit: Some(2),
//!     ..Query::default()
//! };
//! let page = q.run(calls)?;
//! assert_eq!(page.total, 3); // c-0, c-2, c-4 are Sales calls
//! assert_eq!(page.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["c-4", "c-2"]);
//! assert!(page.rows.iter().all(|r| r.price.is_none())); // supervisors never see the price
//! assert!(page.next_cursor.is_some());
//! # Ok::<(), calllog::Error>(())
//! ```

mod field;
mod filter;
mod number;

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

pub use field::{Field, SortValue};
#[allow(unused_imports)]
pub(crate) use filter::parse_tz;
pub use filter::{
    AnswerState, DEFAULT_MAX_SPAN_MONTHS, DatePreset, Filter, FilterBuilder, HourWindow,
    MAX_TALK_FILTER, MIN_NUMBER_SEARCH_CHARS, Matcher, Matching, MatchingExt, NumberMatch,
    NumberSearch, ScenarioKind,
};
pub use number::normalize_phone;
#[allow(unused_imports)]
pub(crate) use number::{address_key, digits, is_phone_like, normalize_with, parse_region};

/// Serde for a `TimeDelta` as fractional seconds (millisecond precision), like the model's
/// `opt_seconds` for values that are always present.
pub(crate) mod secs {
    use chrono::TimeDelta;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &TimeDelta, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(v.num_milliseconds() as f64 / 1000.0)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TimeDelta, D::Error> {
        let secs = f64::deserialize(d)?;
        if !secs.is_finite() || secs.abs() > 1e12 {
            return Err(serde::de::Error::custom(format!(
                "duration out of range: {secs}"
            )));
        }
        Ok(TimeDelta::milliseconds((secs * 1000.0).round() as i64))
    }
}

use crate::access::Viewer;
use crate::error::{Error, Result};
use crate::model::CallRecord;
use crate::rules::Rules;

/// One sort key: a field and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SortKey {
    /// The field.
    pub field: Field,
    /// Largest first.
    #[serde(default)]
    pub descending: bool,
}

impl SortKey {
    /// Ascending by `field`.
    pub fn asc(field: Field) -> Self {
        SortKey {
            field,
            descending: false,
        }
    }

    /// Descending by `field`.
    pub fn desc(field: Field) -> Self {
        SortKey {
            field,
            descending: true,
        }
    }
}

/// A complete query: filter, viewer, order and page. Plain data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Query {
    /// What to look for.
    pub filter: Filter,
    /// Who is looking: rows they may not see are skipped, fields they may not see removed.
    pub viewer: Viewer,
    /// Sort keys, most significant first; ties are broken by `id`. Empty: input order
    /// (then a cursor is not available).
    pub sort: Vec<SortKey>,
    /// Rows to skip (after the cursor, if any).
    pub offset: u64,
    /// Rows per page; `None` for all.
    pub limit: Option<u64>,
    /// [`QueryPage::next_cursor`] of the previous page: continue after its last row.
    pub cursor: Option<String>,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryPage {
    /// The rows of the page, redacted for the viewer.
    pub rows: Vec<CallRecord>,
    /// How many rows match the filter and the viewer in all (before the cursor and paging).
    pub total: u64,
    /// Pass as [`Query::cursor`] to get the next page; `None` on the last page or without
    /// a sort order.
    pub next_cursor: Option<String>,
}

/// A record's sort key and position.
struct Keyed {
    key: Vec<SortValue>,
    id: String,
    seq: u64,
    record: CallRecord,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    key: Vec<SortValue>,
    id: String,
}

fn compare(sort: &[SortKey], a: &[SortValue], a_id: &str, b: &[SortValue], b_id: &str) -> Ordering {
    for (k, (x, y)) in sort.iter().zip(a.iter().zip(b)) {
        let o = x.cmp_with(y, k.descending);
        if o != Ordering::Equal {
            return o;
        }
    }
    a_id.cmp(b_id)
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

impl Query {
    /// A query with `filter` for everything the owner sees.
    pub fn new(filter: Filter) -> Self {
        Query {
            filter,
            ..Query::default()
        }
    }

    /// Checks the query: the filter ([`Filter::compile`]), and that the viewer may see the
    /// sort fields (sorting by a hidden field would reveal it).
    pub fn compile(&self) -> Result<Matcher> {
        let mut m = self.filter.compile()?;
        for k in &self.sort {
            if let Some(part) = k.field.restricted()
                && !self.viewer.may_see(part)
            {
                return Err(Error::Filter {
                    field: "sort".into(),
                    reason: format!("a {} may not see the field `{}`", self.viewer.role, k.field),
                });
            }
        }
        let viewer = self.viewer.clone();
        m.hide_refine_fields(|f| f.restricted().is_some_and(|p| !viewer.may_see(p)));
        Ok(m)
    }

    fn sees(&self, m: &Matcher, r: &CallRecord) -> bool {
        self.viewer.can_see(r) && m.matches(r)
    }

    /// The matching rows the viewer may see, redacted, in input order, one at a time (no
    /// sort, no paging): what an exporter consumes.
    pub fn stream<I>(&self, records: I) -> Result<impl Iterator<Item = CallRecord> + use<'_, I>>
    where
        I: IntoIterator<Item = CallRecord>,
    {
        let m = self.compile()?;
        Ok(records
            .into_iter()
            .filter(move |r| self.sees(&m, r))
            .map(|r| self.viewer.redact(&r)))
    }

    /// Runs the query: filter, viewer, sort, page. Holds at most `offset + limit` rows.
    pub fn run<I>(&self, records: I) -> Result<QueryPage>
    where
        I: IntoIterator<Item = CallRecord>,
    {
        let m = self.compile()?;
        let rules: Rules = self.filter.rules;
        let cursor: Option<Cursor> = match &self.cursor {
            None => None,
            Some(c) => {
                if self.sort.is_empty() {
                    return Err(Error::Filter {
                        field: "cursor".into(),
                        reason: "a cursor needs a sort order".into(),
                    });
                }
                let bad = || Error::Filter {
                    field: "cursor".into(),
                    reason: "not a cursor returned by this query".into(),
                };
                let json = unhex(c).ok_or_else(bad)?;
                let cur: Cursor = serde_json::from_str(&json).map_err(|_| bad())?;
                if cur.key.len() != self.sort.len() {
                    return Err(bad());
                }
                Some(cur)
            }
        };
        let keep = self.limit.map(|l| self.offset.saturating_add(l));
        let mut total = 0u64;
        let mut after_cursor = 0u64;
        let mut buf: Vec<Keyed> = Vec::new();
        let sort = &self.sort;
        let cmp = |a: &Keyed, b: &Keyed| {
            if sort.is_empty() {
                a.seq.cmp(&b.seq)
            } else {
                compare(sort, &a.key, &a.id, &b.key, &b.id)
            }
        };
        for r in records {
            if !self.sees(&m, &r) {
                continue;
            }
            total += 1;
            let key: Vec<SortValue> = sort
                .iter()
                .map(|k| k.field.sort_value(&r, &rules))
                .collect();
            if let Some(c) = &cursor
                && compare(sort, &key, &r.id, &c.key, &c.id) != Ordering::Greater
            {
                continue;
            }
            after_cursor += 1;
            if sort.is_empty() && keep.is_some_and(|k| buf.len() as u64 >= k) {
                continue; // input order: the first `keep` rows are the page
            }
            buf.push(Keyed {
                key,
                id: r.id.clone(),
                seq: after_cursor,
                record: r,
            });
            if let Some(k) = keep {
                let k = k.max(1) as usize;
                if buf.len() >= 2 * k + 64 {
                    buf.sort_by(cmp);
                    buf.truncate(k);
                }
            }
        }
        buf.sort_by(cmp);
        if let Some(k) = keep {
            buf.truncate(k as usize);
        }
        let start = (self.offset as usize).min(buf.len());
        let page: Vec<Keyed> = buf.drain(start..).collect();
        let shown = self.offset.saturating_add(page.len() as u64);
        let next_cursor = match page.last() {
            Some(last) if !sort.is_empty() && self.limit.is_some() && after_cursor > shown => {
                let c = Cursor {
                    key: last.key.clone(),
                    id: last.id.clone(),
                };
                Some(hex(&serde_json::to_string(&c).expect("cursor serializes")))
            }
            _ => None,
        };
        Ok(QueryPage {
            rows: page.iter().map(|k| self.viewer.redact(&k.record)).collect(),
            total,
            next_cursor,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agent, ts};
    use crate::{Channel, Money, Role};

    fn sample(n: i64) -> Vec<CallRecord> {
        (0..n)
            .map(|i| {
                let mut r = CallRecord::new(format!("c-{i:03}"), Channel::Voice)
                    .agent(Agent::named(format!("agent-{}", i % 3)).in_group(format!("g{}", i % 2)))
                    .price(Money::new(i, 2, "RUB"));
                if i % 5 != 0 {
                    r = r.started_at(
                        ts("2024-05-01T00:00:00Z") + chrono::TimeDelta::minutes((i * 37) % 100),
                    );
                }
                r
            })
            .collect()
    }

    fn ids(p: &QueryPage) -> Vec<String> {
        p.rows.iter().map(|r| r.id.clone()).collect()
    }

    #[test]
    fn sort_then_page_matches_full_sort() {
        let data = sample(50);
        let sort = vec![SortKey::desc(Field::StartedAt), SortKey::asc(Field::Agent)];
        let all = Query {
            sort: sort.clone(),
            ..Query::default()
        }
        .run(data.clone())
        .unwrap();
        assert_eq!(all.total, 50);
        assert_eq!(all.rows.len(), 50);
        // blanks (every fifth) last
        assert!(
            all.rows[40..]
                .iter()
                .all(|r| r.timeline.started_at.is_none())
        );
        for w in all.rows[..40].windows(2) {
            assert!(w[0].timeline.started_at >= w[1].timeline.started_at);
        }
        // offset/limit pages are slices of the full order
        for (off, lim) in [(0, 7), (7, 7), (45, 10), (60, 5)] {
            let p = Query {
                sort: sort.clone(),
                offset: off,
                limit: Some(lim),
                ..Query::default()
            }
            .run(data.clone())
            .unwrap();
            let want: Vec<String> = all
                .rows
                .iter()
                .skip(off as usize)
                .take(lim as usize)
                .map(|r| r.id.clone())
                .collect();
            assert_eq!(ids(&p), want, "offset {off} limit {lim}");
        }
        // cursor pages walk the same order with no gap nor repeat
        let mut walked = Vec::new();
        let mut cursor = None;
        loop {
            let p = Query {
                sort: sort.clone(),
                limit: Some(8),
                cursor: cursor.clone(),
                ..Query::default()
            }
            .run(data.clone())
            .unwrap();
            assert_eq!(p.total, 50);
            walked.extend(ids(&p));
            match p.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(walked, ids(&all));
    }

    #[test]
    fn every_field_sorts_both_ways_with_blanks_last() {
        let data: Vec<CallRecord> = crate::sample::generate(300, 5).collect();
        for f in Field::ALL {
            for descending in [false, true] {
                let key = SortKey {
                    field: *f,
                    descending,
                };
                let page = Query {
                    sort: vec![key],
                    ..Query::default()
                }
                .run(data.clone())
                .unwrap();
                assert_eq!(page.rows.len(), 300, "{f}");
                let vals: Vec<SortValue> = page
                    .rows
                    .iter()
                    .map(|r| f.sort_value(r, &Rules::CANONICAL))
                    .collect();
                for w in vals.windows(2) {
                    assert_ne!(
                        w[0].cmp_with(&w[1], descending),
                        Ordering::Greater,
                        "{f} descending={descending}: {:?} before {:?}",
                        w[0],
                        w[1]
                    );
                }
            }
        }
    }

    #[test]
    fn input_order_without_sort() {
        let p = Query {
            offset: 2,
            limit: Some(3),
            ..Query::default()
        }
        .run(sample(10))
        .unwrap();
        assert_eq!(ids(&p), ["c-002", "c-003", "c-004"]);
        assert_eq!(p.next_cursor, None);
        let e = Query {
            cursor: Some("00".into()),
            ..Query::default()
        }
        .run(sample(1))
        .unwrap_err();
        assert!(matches!(e, Error::Filter { field, .. } if field == "cursor"));
        let e = Query {
            sort: vec![SortKey::asc(Field::Id)],
            cursor: Some("zz".into()),
            ..Query::default()
        }
        .run(sample(1))
        .unwrap_err();
        assert!(matches!(e, Error::Filter { field, .. } if field == "cursor"));
    }

    #[test]
    fn viewer_scopes_rows_and_fields() {
        let sup = Viewer::supervisor("Olga", ["g1"]);
        let q = Query {
            viewer: sup.clone(),
            ..Query::default()
        };
        let rows: Vec<CallRecord> = q.stream(sample(10)).unwrap().collect();
        assert_eq!(rows.len(), 5);
        assert!(
            rows.iter()
                .all(|r| r.price.is_none() && r.agents[0].groups == ["g1"])
        );
        // sorting by price would leak it
        let e = Query {
            viewer: sup.clone(),
            sort: vec![SortKey::asc(Field::Price)],
            ..Query::default()
        }
        .run(sample(3))
        .unwrap_err();
        assert!(matches!(e, Error::Filter { field, .. } if field == "sort"));
        // and so would the refine: "0.03 RUB" is found for a manager, not for a supervisor
        let refine = |viewer: Viewer| {
            Query {
                viewer,
                filter: Filter {
                    refine: Some("0.03".into()),
                    refine_fields: vec![Field::Price, Field::Id],
                    ..Filter::default()
                },
                ..Query::default()
            }
            .run(sample(10))
            .unwrap()
            .total
        };
        assert_eq!(refine(Viewer::new(Role::Manager)), 1);
        assert_eq!(refine(sup), 0);
    }
}

/// Reads a value of a query type from JSON (what the bindings pass when they hand over a
/// host dictionary or object); errors are [`Error::Filter`] with field `json`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::Filter {
        field: "json".into(),
        reason: e.to_string(),
    })
}

macro_rules! json_io {
    ($($t:ty),*) => {
        $(
            impl $t {
                /// Reads this value from JSON (the serde form: snake_case names, times as
                /// RFC 3339, durations in seconds); bad JSON or an unknown value is an
                /// [`Error::Filter`](crate::Error::Filter) with field `json`. Values are
                /// checked when used.
                pub fn from_json(json: &str) -> $crate::Result<Self> {
                    $crate::query::from_json(json)
                }

                /// This value as JSON.
                pub fn to_json(&self) -> String {
                    serde_json::to_string(self).expect("query types serialize")
                }
            }
        )*
    };
}

json_io!(Filter, Query, QueryPage);
pub(crate) use json_io;

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn json_round_trip_and_errors() {
        let q = Query::from_json(
            r#"{"filter": {"directions": ["inbound"], "number": {"text": "495"},
                "hours": {"from": "18:00:00", "to": "08:00:00"}, "talk_max": 600,
                "time_zone": "Europe/Moscow"},
               "viewer": {"role": "supervisor", "user": "Olga", "groups": ["Sales"]},
               "sort": [{"field": "started_at", "descending": true}], "limit": 20}"#,
        )
        .unwrap();
        assert_eq!(q.viewer.role, crate::Role::Supervisor);
        assert_eq!(q.filter.talk_max, Some(chrono::TimeDelta::seconds(600)));
        assert_eq!(q.sort, vec![SortKey::desc(Field::StartedAt)]);
        assert_eq!(Query::from_json(&q.to_json()).unwrap(), q);
        for bad in [
            "{",
            r#"{"filter": {"channels": ["fax"]}}"#,
            r#"{"sort": [{"field": "nope"}]}"#,
        ] {
            let e = Query::from_json(bad).unwrap_err();
            assert!(
                matches!(e, Error::Filter { ref field, .. } if field == "json"),
                "{e}"
            );
        }
        // unknown vocabulary words name the accepted ones
        let e = Filter::from_json(r#"{"channels": ["fax"]}"#).unwrap_err();
        assert!(e.to_string().contains("voice"), "{e}");
    }
}
