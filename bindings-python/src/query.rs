//! Queries over a `CallLog`: `filter(**criteria)`, `for_viewer(viewer)`, `query(...)` (sort and
//! pages), `customer_card(number)`, `metrics(by=...)`, and `search_callbacks`. The criteria are
//! the core's `Filter` fields as keyword arguments (see `json.rs`); matching, scoping,
//! sorting, cards and metrics are all the core's.

use std::collections::BTreeMap;

use calllog::callbacks::CallbackSearch;
use calllog::card::{CardQuery, CustomerCard};
use calllog::metrics::{Metrics, MetricsOptions};
use calllog::query::{DatePreset, Filter, Query, SortKey};
use calllog::web::WebSession;
use calllog::{CallRecord, TimeDelta, Timestamp};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::access::PyViewer;
use crate::collection::PyCallLog;
use crate::convert::{Conv, IntoPyErr, Mode, Path};
use crate::json::from_kwargs;
use crate::model::{PyCallbackRecord, from_mapping, id_of};
use crate::rules::rules_arg;

/// A `FilterError` naming the criterion.
pub fn filter_error(field: &str, reason: String) -> PyErr {
    calllog::Error::Filter {
        field: field.into(),
        reason,
    }
    .into_pyerr()
}

fn core<T>(r: calllog::Result<T>) -> PyResult<T> {
    r.map_err(IntoPyErr::into_pyerr)
}

fn now_arg(now: Option<&Bound<'_, PyAny>>) -> PyResult<Timestamp> {
    match now {
        Some(n) if !n.is_none() => Timestamp::from_py(n, &Path::Field(&Path::Root(""), "now")),
        _ => Ok(calllog::chrono::Utc::now()),
    }
}

fn viewer_arg(v: Option<&Bound<'_, PyAny>>) -> PyResult<calllog::Viewer> {
    match v {
        None => Ok(calllog::Viewer::default()),
        Some(v) if v.is_none() => Ok(calllog::Viewer::default()),
        Some(v) => match v.cast::<PyViewer>() {
            Ok(v) => Ok(v.get().inner.clone()),
            Err(_) => match v.cast::<PyDict>() {
                Ok(d) => from_mapping(d, &Path::Field(&Path::Root(""), "viewer")),
                Err(_) => Err(PyTypeError::new_err("viewer must be a Viewer or a dict")),
            },
        },
    }
}

/// The core `Filter` from keyword arguments. Shorthands: `period="yesterday"` (with `now=`,
/// default the current time) sets `from`/`to`; `number="789"` is a contains-search;
/// `hours=(time(9), time(17))`; `rules=` a `Rules` or a preset name; single values where the
/// core takes a list (`channels="voice"`).
pub fn filter_from(criteria: Option<&Bound<'_, PyDict>>) -> PyResult<Filter> {
    let Some(criteria) = criteria else {
        return Ok(Filter::default());
    };
    let py = criteria.py();
    let d = PyDict::new(py);
    let mut period: Option<String> = None;
    let mut now = None;
    for (k, v) in criteria.iter() {
        let key: String = k.extract()?;
        match key.as_str() {
            "period" => period = Some(v.extract()?),
            "now" => now = Some(v),
            "number" if v.is_instance_of::<PyString>() => {
                let n = PyDict::new(py);
                n.set_item("text", v)?;
                d.set_item("number", n)?;
            }
            "hours" if v.is_instance_of::<PyTuple>() || v.is_instance_of::<PyList>() => {
                let (from, to): (Bound<'_, PyAny>, Bound<'_, PyAny>) = v.extract()?;
                let h = PyDict::new(py);
                h.set_item("from", from)?;
                h.set_item("to", to)?;
                d.set_item("hours", h)?;
            }
            "rules" => {
                let r = rules_arg(Some(&v))?;
                let json = serde_json::to_string(&r).unwrap_or_default();
                d.set_item("rules", py.import("json")?.call_method1("loads", (json,))?)?;
            }
            _ => {
                // one value where the core takes a list
                let is_list_field =
                    key.ends_with('s') && !matches!(key.as_str(), "hours" | "success");
                if is_list_field && v.is_instance_of::<PyString>() {
                    d.set_item(&key, PyList::new(py, [v])?)?;
                } else {
                    d.set_item(&key, v)?;
                }
            }
        }
    }
    let mut f: Filter = from_kwargs(Some(&d), "filter()", &[], filter_error)?;
    if let Some(p) = period {
        let preset: DatePreset = serde_json::from_value(serde_json::Value::String(p.clone()))
            .map_err(|_| {
                filter_error(
                    "period",
                    format!(
                        "unknown period {p:?}; accepted: today, yesterday, this_week, last_week, this_month, last_month"
                    ),
                )
            })?;
        let (from, to) = core(preset.range(now_arg(now.as_ref())?, &f.time_zone))?;
        f.from = Some(from);
        f.to = Some(to);
    }
    Ok(f)
}

fn sort_keys(sort: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<SortKey>> {
    let Some(sort) = sort else {
        return Ok(Vec::new());
    };
    if sort.is_none() {
        return Ok(Vec::new());
    }
    let items: Vec<String> = if sort.is_instance_of::<PyString>() {
        vec![sort.extract()?]
    } else {
        sort.extract()?
    };
    items
        .iter()
        .map(|s| {
            let (name, desc) = match s.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (s.strip_prefix('+').unwrap_or(s), false),
            };
            let field = name.parse().map_err(IntoPyErr::into_pyerr)?;
            Ok(SortKey {
                field,
                descending: desc,
            })
        })
        .collect()
}

/// One page of a query.
#[pyclass(frozen, get_all, module = "calllog", name = "QueryPage")]
pub struct PyQueryPage {
    /// The rows of the page, redacted for the viewer.
    records: Py<PyCallLog>,
    /// How many rows match in all (before paging).
    total: u64,
    /// Pass as `cursor=` to get the next page; `None` on the last page or without a sort.
    next_cursor: Option<String>,
}

#[pymethods]
impl PyQueryPage {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "QueryPage(records=<{} records>, total={}, next_cursor={})",
            self.records.bind(py).len().unwrap_or(0),
            self.total,
            self.next_cursor
                .as_deref()
                .map_or("None".to_string(), |c| format!("'{c}'"))
        )
    }
}

/// The metrics of one set of contacts.
#[pyclass(frozen, get_all, module = "calllog", name = "Metrics")]
#[derive(Clone)]
pub struct PyMetrics {
    /// Offered contacts.
    offered: u64,
    /// Answered contacts.
    answered: u64,
    /// Abandoned contacts (short abandons excluded).
    abandoned: u64,
    /// Short abandons.
    short_abandoned: u64,
    /// Answered with a wait within the service-level threshold.
    answered_within_service_level: u64,
    /// answered / (offered - short abandoned).
    answer_rate: Option<f64>,
    /// abandoned / (offered - short abandoned).
    abandon_rate: Option<f64>,
    /// answered within the threshold / (answered + abandoned).
    service_level: Option<f64>,
    /// Average speed of answer.
    average_speed_of_answer: Option<TimeDelta>,
    /// Average handle time.
    average_handle_time: Option<TimeDelta>,
    /// Sum of handle times.
    total_handle_time: TimeDelta,
    /// Sum of talk times.
    total_talk_time: TimeDelta,
}

impl From<Metrics> for PyMetrics {
    fn from(m: Metrics) -> Self {
        PyMetrics {
            offered: m.offered,
            answered: m.answered,
            abandoned: m.abandoned,
            short_abandoned: m.short_abandoned,
            answered_within_service_level: m.answered_within_service_level,
            answer_rate: m.answer_rate,
            abandon_rate: m.abandon_rate,
            service_level: m.service_level,
            average_speed_of_answer: m.average_speed_of_answer,
            average_handle_time: m.average_handle_time,
            total_handle_time: m.total_handle_time,
            total_talk_time: m.total_talk_time,
        }
    }
}

#[pymethods]
impl PyMetrics {
    /// Every metric as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("offered", self.offered)?;
        d.set_item("answered", self.answered)?;
        d.set_item("abandoned", self.abandoned)?;
        d.set_item("short_abandoned", self.short_abandoned)?;
        d.set_item(
            "answered_within_service_level",
            self.answered_within_service_level,
        )?;
        d.set_item("answer_rate", self.answer_rate)?;
        d.set_item("abandon_rate", self.abandon_rate)?;
        d.set_item("service_level", self.service_level)?;
        d.set_item("average_speed_of_answer", self.average_speed_of_answer)?;
        d.set_item("average_handle_time", self.average_handle_time)?;
        d.set_item("total_handle_time", self.total_handle_time)?;
        d.set_item("total_talk_time", self.total_talk_time)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let pct = |v: Option<f64>| v.map_or("None".to_string(), |x| format!("{x:.4}"));
        format!(
            "Metrics(offered={}, answered={}, abandoned={}, answer_rate={}, service_level={})",
            self.offered,
            self.answered,
            self.abandoned,
            pct(self.answer_rate),
            pct(self.service_level)
        )
    }
}

/// Metrics over a whole log, and per group when grouped.
#[pyclass(frozen, get_all, module = "calllog", name = "MetricsReport")]
pub struct PyMetricsReport {
    /// All contacts.
    total: Py<PyMetrics>,
    /// Per group key (agent, queue, channel, `HH` or `YYYY-MM-DD`), in the core's order.
    groups: Py<PyDict>,
}

#[pymethods]
impl PyMetricsReport {
    /// One row per group (or one row `total` without grouping), one column per metric.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pd = py.import("pandas")?;
        let rows = PyDict::new(py);
        let groups = self.groups.bind(py);
        if groups.is_empty() {
            rows.set_item("total", self.total.bind(py).get().to_dict(py)?)?;
        }
        for (k, v) in groups.iter() {
            rows.set_item(k, v.cast::<PyMetrics>()?.get().to_dict(py)?)?;
        }
        let kw = PyDict::new(py);
        kw.set_item("orient", "index")?;
        pd.getattr("DataFrame")?
            .call_method("from_dict", (rows,), Some(&kw))
    }
}

/// A customer's card (seed 003): their contacts by exact number and a summary.
#[pyclass(frozen, get_all, module = "calllog", name = "CustomerCard")]
pub struct PyCustomerCard {
    /// The number, normalised.
    number: String,
    /// The customer's contacts in time order, redacted for the viewer.
    contacts: Py<PyCallLog>,
    /// Total contacts.
    total: u64,
    /// Answered contacts.
    answered: u64,
    /// Missed contacts.
    missed: u64,
    /// The first contact.
    first_contact: Option<Timestamp>,
    /// The last contact.
    last_contact: Option<Timestamp>,
    /// Contacts in the 30 days before `now`.
    contacts_last_30_days: u64,
    /// Sum of talk times.
    total_talk_time: TimeDelta,
    /// Average wait.
    average_wait: Option<TimeDelta>,
    /// Comments: `(record_id, Note)` pairs.
    comments: Vec<(String, Py<PyAny>)>,
    /// Categories and how often each was used.
    categories: BTreeMap<String, u64>,
    /// Ratings: `(record_id, manager_rating, call_rating)`.
    ratings: Vec<(String, Option<u8>, Option<u8>)>,
    /// Average manager rating.
    average_manager_rating: Option<f64>,
    /// Average call rating.
    average_call_rating: Option<f64>,
    /// Incoming contacts.
    incoming: u64,
    /// Outgoing contacts.
    outgoing: u64,
    /// Whole days since the first visit to the site (`None` without sessions).
    days_since_first_visit: Option<i64>,
    /// Whole days since the last visit.
    days_since_last_visit: Option<i64>,
    /// The customer's sessions.
    total_sessions: u64,
    /// Pages seen in the last 30 days.
    page_views_last_30_days: u64,
    /// The latest session (`WebSession`), or `None`.
    last_visit: Option<Py<PyAny>>,
    /// Top 5 pages of the last 30 days: `(url, views, time spent)`, most time first.
    top_pages: Vec<(String, u64, TimeDelta)>,
    /// The sessions (`WebSession`s), newest first, each with the contacts made during it.
    sessions: Vec<Py<PyAny>>,
}

fn card_to_py(py: Python<'_>, card: CustomerCard) -> PyResult<PyCustomerCard> {
    let CustomerCard {
        number,
        contacts,
        summary: s,
        statistics: st,
        last_visit,
        top_pages,
        sessions,
    } = card;
    let comments = s
        .comments
        .into_iter()
        .map(|c| Ok((c.record_id, c.note.to_py(py, Mode::Objects)?.unbind())))
        .collect::<PyResult<_>>()?;
    Ok(PyCustomerCard {
        number,
        contacts: Py::new(py, PyCallLog::of(contacts))?,
        total: s.total,
        answered: s.answered,
        missed: s.missed,
        first_contact: s.first_contact,
        last_contact: s.last_contact,
        contacts_last_30_days: s.contacts_last_30_days,
        total_talk_time: s.total_talk_time,
        average_wait: s.average_wait,
        comments,
        categories: s
            .categories
            .into_iter()
            .map(|c| (c.category, c.count))
            .collect(),
        ratings: s
            .ratings
            .into_iter()
            .map(|r| (r.record_id, r.manager_rating, r.call_rating))
            .collect(),
        average_manager_rating: s.average_manager_rating,
        average_call_rating: s.average_call_rating,
        incoming: s.incoming,
        outgoing: s.outgoing,
        days_since_first_visit: st.days_since_first_visit,
        days_since_last_visit: st.days_since_last_visit,
        total_sessions: st.total_sessions,
        page_views_last_30_days: st.page_views_last_30_days,
        last_visit: last_visit
            .map(|v| v.to_py(py, Mode::Objects).map(Bound::unbind))
            .transpose()?,
        top_pages: top_pages
            .into_iter()
            .map(|p| (p.url, p.views, p.time_spent))
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|v| v.to_py(py, Mode::Objects).map(Bound::unbind))
            .collect::<PyResult<_>>()?,
    })
}

#[pymethods]
impl PyCustomerCard {
    fn __repr__(&self) -> String {
        format!(
            "CustomerCard(number='{}', total={}, answered={}, missed={})",
            self.number, self.total, self.answered, self.missed
        )
    }
}

impl PyCallLog {
    /// The records matching every criterion given (the core's `Filter` fields as keywords:
    /// `channels`, `directions`, `statuses`, `attempt_results`, `success`, `agents`,
    /// `groups`, `queues`, `number`, `source`, `destination`, `default_region`, `from_`/`to`
    /// via `period=` or `**{"from": ...}`, `hours`, `talk_min`, `talk_max`, `refine`, ...).
    pub(crate) fn filter_impl(
        &self,
        py: Python<'_>,
        criteria: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyCallLog> {
        let f = filter_from(criteria)?;
        let m = core(f.compile())?;
        let records = self.records(py)?.clone();
        let out: Vec<CallRecord> =
            py.detach(move || records.iter().filter(|r| m.matches(r)).cloned().collect());
        Ok(PyCallLog::of(out))
    }

    /// The records `viewer` may see, without the fields they may not see (seed 002's roles).
    pub(crate) fn for_viewer_impl(
        &self,
        py: Python<'_>,
        viewer: &Bound<'_, PyAny>,
    ) -> PyResult<PyCallLog> {
        let q = Query {
            viewer: viewer_arg(Some(viewer))?,
            ..Query::default()
        };
        let records = self.records(py)?.clone();
        let out = py.detach(move || -> calllog::Result<Vec<CallRecord>> {
            Ok(q.stream(records.iter().cloned())?.collect())
        });
        Ok(PyCallLog::of(core(out)?))
    }

    /// A page of matching records as `viewer` sees them, sorted by `sort` (field names,
    /// `-` for descending, e.g. `["-started_at"]`), after `cursor` and `offset`, at most
    /// `limit`. The other keywords are filter criteria, as for `filter()`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn query_impl(
        &self,
        py: Python<'_>,
        viewer: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: u64,
        limit: Option<u64>,
        cursor: Option<String>,
        criteria: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<PyQueryPage> {
        let q = Query {
            filter: filter_from(criteria)?,
            viewer: viewer_arg(viewer)?,
            sort: sort_keys(sort)?,
            offset,
            limit,
            cursor,
        };
        let records = self.records(py)?.clone();
        let page = core(py.detach(move || q.run(records.iter().cloned())))?;
        Ok(PyQueryPage {
            records: Py::new(py, PyCallLog::of(page.rows))?,
            total: page.total,
            next_cursor: page.next_cursor,
        })
    }

    /// Seed 003's customer card: every contact with exactly this number (national numbers
    /// read in `region`, e.g. `"PL"`), in time order, with a summary; as `viewer` sees it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn customer_card_impl(
        &self,
        py: Python<'_>,
        number: String,
        region: Option<String>,
        viewer: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
        sessions: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyCustomerCard> {
        let mut q = CardQuery::new(number, now_arg(now)?).viewer(viewer_arg(viewer)?);
        if let Some(r) = region {
            q = q.default_region(r);
        }
        q.rules = rules_arg(rules)?;
        let mut web = Vec::new();
        if let Some(s) = sessions.filter(|s| !s.is_none()) {
            for (i, item) in s.try_iter()?.enumerate() {
                let at = format!("sessions[{i}]");
                web.push(WebSession::from_py(&item?, &Path::Root(&at))?);
            }
        }
        let records = self.records(py)?.clone();
        let card = core(py.detach(move || q.run_with_sessions(records.iter().cloned(), web)))?;
        card_to_py(py, card)
    }

    /// Contact-center metrics (offered, answered, abandoned, answer/abandon rate, service
    /// level, ASA, AHT), overall and grouped `by` `"agent"`, `"queue"`, `"channel"`, `"hour"`
    /// or `"day"` (in `time_zone`).
    pub(crate) fn metrics_impl(
        &self,
        py: Python<'_>,
        by: Option<&Bound<'_, PyAny>>,
        short_abandon: Option<&Bound<'_, PyAny>>,
        service_level: Option<&Bound<'_, PyAny>>,
        time_zone: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMetricsReport> {
        let d = PyDict::new(py);
        if let Some(b) = by {
            d.set_item("group_by", b)?;
        }
        if let Some(s) = short_abandon {
            d.set_item("short_abandon", s)?;
        }
        if let Some(s) = service_level {
            d.set_item("service_level", s)?;
        }
        if let Some(t) = time_zone {
            d.set_item("time_zone", t)?;
        }
        let mut opts: MetricsOptions = from_kwargs(Some(&d), "metrics()", &[], filter_error)?;
        opts.rules = rules_arg(rules)?;
        let records = self.records(py)?.clone();
        let report = core(py.detach(move || opts.run(records.iter().cloned())))?;
        let groups = PyDict::new(py);
        for g in report.groups {
            groups.set_item(g.key, Py::new(py, PyMetrics::from(g.metrics))?)?;
        }
        Ok(PyMetricsReport {
            total: Py::new(py, PyMetrics::from(report.total))?,
            groups: groups.unbind(),
        })
    }
}

/// Seed 001's callback search: the entries of `records` (``CallbackRecord``s or dicts)
/// matching every criterion (`from`/`to` via `**{"from": ...}`, `call_centers`,
/// `business_labels`, `assignees`, `unassigned_only`, `state`, `caller_number`,
/// `our_number`, `request_id`, `refine`, `locale`).
#[pyfunction]
#[pyo3(signature = (records, **criteria))]
pub fn search_callbacks(
    records: &Bound<'_, PyAny>,
    criteria: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<PyCallbackRecord>> {
    let search: CallbackSearch = from_kwargs(criteria, "search_callbacks()", &[], filter_error)?;
    core(search.validate())?;
    let mut out = Vec::new();
    for (i, item) in records.try_iter()?.enumerate() {
        let item = item?;
        let rec = if let Ok(c) = item.cast::<PyCallbackRecord>() {
            c.get().inner.clone()
        } else if let Ok(d) = item.cast::<PyDict>() {
            let id = id_of(d);
            from_mapping(d, &Path::Root(&id))?
        } else {
            return Err(PyTypeError::new_err(format!(
                "record {i}: expected CallbackRecord or dict"
            )));
        };
        if search.matches(&rec) {
            out.push(PyCallbackRecord { inner: rec });
        }
    }
    Ok(out)
}

/// Registers the classes and functions of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyQueryPage>()?;
    m.add_class::<PyMetrics>()?;
    m.add_class::<PyMetricsReport>()?;
    m.add_class::<PyCustomerCard>()?;
    m.add_function(wrap_pyfunction!(search_callbacks, m)?)?;
    Ok(())
}
