//! The customer card (seed 003 "Karta połączenia"): every contact of one customer, with a
//! summary.
//!
//! > Karta połączenia jest osobną stroną z całą historią przychodzących i wychodzących
//! > połączeń z określonego numeru klienta. Każdy klient jest identyfikowany przez dokładne
//! > dopasowanie numeru telefonu.
//!
//! "Exact match" is taken after normalisation to E.164 with libphonenumber's metadata (the
//! `phonenumber` crate), so `+81 3-1234-5678`, `03-1234-5678` read in Japan and
//! `+81312345678` are one customer while `03-1234-5679` is another. The customer's number of
//! a contact is [`CallRecord::customer_address`]: the caller of an inbound contact, the callee
//! of an outbound one.
//!
//! ```
//! use calllog::card::CardQuery;
//! use calllog::{CallRecord, Channel, Direction, ts};
//!
//! let calls = vec![
//!     CallRecord::new("a", Channel::Voice).direction(Direction::Inbound)
//!         .from("+81 3-1234-5678").started_at(ts("2024-04-01T10:00:00Z"))
//!         .talk_started_at(ts("2024-04-01T10:00:30Z")).talk_ended_at(ts("2024-04-01T10:05:30Z")),
//!     CallRecord::new("b", Channel::Voice).direction(Direction::Outbound)
//!         .to("03-1234-5678").started_at(ts("2024-05-20T10:00:00Z")),
//!     CallRecord::new("c", Channel::Voice).direction(Direction::Inbound)
//!         .from("03-1234-5679").started_at(ts("2024-05-21T10:00:00Z")),
//! ];
//! let card = CardQuery::new("+81312345678", ts("2024-05-31T00:00:00Z"))
//!     .default_region("JP")
//!     .run(calls)?;
//! assert_eq!(card.number, "+81312345678");
//! assert_eq!(card.summary.total, 2);
//! assert_eq!(card.summary.answered, 1);
//! assert_eq!(card.summary.contacts_last_30_days, 1);
//! assert_eq!(card.summary.total_talk_time.num_seconds(), 300);
//! # Ok::<(), calllog::Error>(())
//! ```

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::access::Viewer;
use crate::error::Result;
use crate::model::{CallRecord, Note, Timestamp};
use crate::query::{AnswerState, Filter, normalize_phone, parse_region};
use crate::rules::{self, Rules};
use crate::vocab::Direction;
use crate::web::{self, PageTime, WebSession, WebStatistics};

/// What card to build: the customer's number, how to read national numbers, the moment
/// "the last 30 days" count back from, who is looking and the duration rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardQuery {
    /// The customer's phone number, in any format `default_region` allows.
    pub number: String,
    /// ISO 3166-1 region for national numbers (e.g. `JP`); `None` accepts international
    /// numbers only.
    #[serde(default)]
    pub default_region: Option<String>,
    /// "Now", for the last-30-days count.
    pub now: Timestamp,
    /// Who is looking: contacts they may not see are left out, fields redacted.
    #[serde(default)]
    pub viewer: Viewer,
    /// Rules for wait and talk.
    #[serde(default)]
    pub rules: Rules,
}

/// A comment on one of the customer's contacts (seed 003 "Comments and categories").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardComment {
    /// The contact it is attached to.
    pub record_id: String,
    /// The comment.
    pub note: Note,
}

/// The ratings of one contact (seed 003 "ocenę dla menedżera; ocenę dla połączenia").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardRating {
    /// The contact.
    pub record_id: String,
    /// Rating of the manager (agent), 1..=5.
    pub manager_rating: Option<u8>,
    /// Rating of the call, 1..=5.
    pub call_rating: Option<u8>,
}

/// A category and how many of the customer's contacts carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryCount {
    /// The category.
    pub category: String,
    /// Contacts with it.
    pub count: u64,
}

/// The card's summary (seed 003 "Call details" and "Statistics").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardSummary {
    /// All contacts with the customer ("łączna liczba połączeń klientów").
    pub total: u64,
    /// Incoming contacts ("przychodzących"): inbound, by direction or by type.
    pub incoming: u64,
    /// Outgoing contacts ("wychodzących").
    pub outgoing: u64,
    /// Answered ([`AnswerState::Answered`]).
    pub answered: u64,
    /// Missed: not answered ([`AnswerState::Unanswered`]). Busy and failed contacts count in
    /// neither `answered` nor `missed`.
    pub missed: u64,
    /// The first contact's start.
    pub first_contact: Option<Timestamp>,
    /// The last contact's start.
    pub last_contact: Option<Timestamp>,
    /// Contacts that started in `(now − 30 days, now]` ("liczba połączeń ... w ciągu
    /// ostatnich 30 dni").
    pub contacts_last_30_days: u64,
    /// Sum of talk time (zero when nobody talked).
    #[serde(with = "crate::query::secs")]
    pub total_talk_time: TimeDelta,
    /// Mean wait over the contacts whose wait is known ("czas oczekiwania").
    #[serde(with = "crate::model::opt_seconds")]
    pub average_wait: Option<TimeDelta>,
    /// Every comment, in contact order.
    pub comments: Vec<CardComment>,
    /// Categories in the order first seen, with counts.
    pub categories: Vec<CategoryCount>,
    /// The contacts that carry a rating.
    pub ratings: Vec<CardRating>,
    /// Mean manager rating.
    pub average_manager_rating: Option<f64>,
    /// Mean call rating.
    pub average_call_rating: Option<f64>,
}

/// One customer's card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerCard {
    /// The customer's number in E.164.
    pub number: String,
    /// Their contacts, oldest first (contacts without a time last), redacted for the viewer.
    pub contacts: Vec<CallRecord>,
    /// The summary.
    pub summary: CardSummary,
    /// Seed 003 *Statistics* (visits, sessions, contacts and page views in the last 30 days).
    pub statistics: WebStatistics,
    /// Seed 003 *Last visit*: the customer's latest session (source, device, system, place).
    pub last_visit: Option<WebSession>,
    /// Seed 003 *Top 5 pages in the last 30 days*, most time spent first.
    pub top_pages: Vec<PageTime>,
    /// Seed 003 *User sessions history*, newest first, each with the card's contacts made
    /// during it (`contact_ids`).
    pub sessions: Vec<WebSession>,
}

impl CardQuery {
    /// A card of `number` at `now`, for an owner, with the canonical rules.
    pub fn new(number: impl Into<String>, now: Timestamp) -> Self {
        CardQuery {
            number: number.into(),
            default_region: None,
            now,
            viewer: Viewer::default(),
            rules: Rules::CANONICAL,
        }
    }

    /// Sets the default region.
    pub fn default_region(mut self, region: impl Into<String>) -> Self {
        self.default_region = Some(region.into());
        self
    }

    /// Sets the viewer.
    pub fn viewer(mut self, viewer: Viewer) -> Self {
        self.viewer = viewer;
        self
    }

    /// A builder that takes records one at a time. Errors when the number is not a phone
    /// number ([`Error::Filter`](crate::Error::Filter), field `number`) or the region is unknown.
    pub fn builder(&self) -> Result<CardBuilder> {
        let key = normalize_phone(&self.number, self.default_region.as_deref())?;
        let region = self
            .default_region
            .as_deref()
            .map(parse_region)
            .transpose()?;
        // every spelling of a number ends with its national significant number: a cheap test
        // that spares parsing the numbers of other customers
        let national = phonenumber::parse(None, &key)
            .map(|n| n.national().value().to_string())
            .unwrap_or_default();
        Ok(CardBuilder {
            query: self.clone(),
            key,
            national,
            region,
            contacts: Vec::new(),
            sessions: Vec::new(),
        })
    }

    /// The card over `records`.
    pub fn run<I: IntoIterator<Item = CallRecord>>(&self, records: I) -> Result<CustomerCard> {
        self.run_with_sessions(records, [])
    }

    /// The card over `records` and the web `sessions` a call-tracking product delivers
    /// ([`crate::web`]); each session is validated.
    pub fn run_with_sessions<I, S>(&self, records: I, sessions: S) -> Result<CustomerCard>
    where
        I: IntoIterator<Item = CallRecord>,
        S: IntoIterator<Item = WebSession>,
    {
        let mut b = self.builder()?;
        for r in records {
            b.push(r);
        }
        for s in sessions {
            b.push_session(s)?;
        }
        Ok(b.finish())
    }
}

/// Builds a [`CustomerCard`] from records pushed one at a time; keeps only the customer's.
#[derive(Debug, Clone)]
pub struct CardBuilder {
    query: CardQuery,
    key: String,
    national: String,
    region: Option<phonenumber::country::Id>,
    contacts: Vec<CallRecord>,
    sessions: Vec<WebSession>,
}

impl CardBuilder {
    /// The customer's number in E.164.
    pub fn number(&self) -> &str {
        &self.key
    }

    /// Whether `r` is a contact of this customer (ignoring the viewer).
    pub fn is_customer(&self, r: &CallRecord) -> bool {
        self.is_number(r.customer_address())
    }

    /// Whether `a` is this customer's number (exact match after normalisation).
    fn is_number(&self, a: Option<&str>) -> bool {
        a.filter(|a| crate::query::digits(a).ends_with(&self.national))
            .and_then(|a| crate::query::normalize_with(a, self.region))
            .is_some_and(|k| k == self.key)
    }

    /// Takes `r` if it is the customer's and the viewer may see it; returns whether it was taken.
    pub fn push(&mut self, r: CallRecord) -> bool {
        if !self.is_customer(&r) || !self.query.viewer.can_see(&r) {
            return false;
        }
        self.contacts.push(self.query.viewer.redact(&r));
        true
    }

    /// Takes a web session after validating it; kept when its `customer` number is this
    /// customer's or (decided in [`finish`](Self::finish)) when it names one of the card's
    /// contacts. Returns whether it may belong to the card.
    pub fn push_session(&mut self, s: WebSession) -> Result<bool> {
        s.validate()?;
        if self.is_number(s.customer.as_deref()) || !s.contact_ids.is_empty() {
            self.sessions.push(s);
            return Ok(true);
        }
        Ok(false)
    }

    /// The card.
    pub fn finish(mut self) -> CustomerCard {
        self.contacts.sort_by(
            |a, b| match (Filter::contact_time(a), Filter::contact_time(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
        );
        let q = &self.query;
        let mut s = CardSummary {
            total: self.contacts.len() as u64,
            incoming: 0,
            outgoing: 0,
            answered: 0,
            missed: 0,
            first_contact: None,
            last_contact: None,
            contacts_last_30_days: 0,
            total_talk_time: TimeDelta::zero(),
            average_wait: None,
            comments: Vec::new(),
            categories: Vec::new(),
            ratings: Vec::new(),
            average_manager_rating: None,
            average_call_rating: None,
        };
        let (mut wait_sum, mut wait_n) = (TimeDelta::zero(), 0i32);
        let (mut mgr_sum, mut mgr_n, mut call_sum, mut call_n) = (0u64, 0u64, 0u64, 0u64);
        let month_ago = q.now - TimeDelta::days(30);
        for r in &self.contacts {
            match r.effective_direction() {
                Some(Direction::Inbound) => s.incoming += 1,
                Some(Direction::Outbound) => s.outgoing += 1,
                _ => {}
            }
            match AnswerState::of(r) {
                Some(AnswerState::Answered) => s.answered += 1,
                Some(AnswerState::Unanswered) => s.missed += 1,
                _ => {}
            }
            if let Some(t) = Filter::contact_time(r) {
                s.first_contact = Some(s.first_contact.map_or(t, |f| f.min(t)));
                s.last_contact = Some(s.last_contact.map_or(t, |l| l.max(t)));
                if t > month_ago && t <= q.now {
                    s.contacts_last_30_days += 1;
                }
            }
            if let Some(talk) = rules::talk_time(r, &q.rules) {
                s.total_talk_time += talk;
            }
            if let Some(w) = rules::wait_time(r, &q.rules) {
                wait_sum += w;
                wait_n += 1;
            }
            for n in &r.notes {
                s.comments.push(CardComment {
                    record_id: r.id.clone(),
                    note: n.clone(),
                });
            }
            for c in &r.categories {
                match s.categories.iter_mut().find(|x| x.category == *c) {
                    Some(x) => x.count += 1,
                    None => s.categories.push(CategoryCount {
                        category: c.clone(),
                        count: 1,
                    }),
                }
            }
            if r.manager_rating.is_some() || r.call_rating.is_some() {
                s.ratings.push(CardRating {
                    record_id: r.id.clone(),
                    manager_rating: r.manager_rating,
                    call_rating: r.call_rating,
                });
            }
            if let Some(m) = r.manager_rating {
                mgr_sum += u64::from(m);
                mgr_n += 1;
            }
            if let Some(c) = r.call_rating {
                call_sum += u64::from(c);
                call_n += 1;
            }
        }
        if wait_n > 0 {
            s.average_wait = Some(wait_sum / wait_n);
        }
        if mgr_n > 0 {
            s.average_manager_rating = Some(mgr_sum as f64 / mgr_n as f64);
        }
        if call_n > 0 {
            s.average_call_rating = Some(call_sum as f64 / call_n as f64);
        }
        let pushed = std::mem::take(&mut self.sessions);
        let card_ids: std::collections::HashSet<&str> =
            self.contacts.iter().map(|c| c.id.as_str()).collect();
        let sessions: Vec<WebSession> = pushed
            .into_iter()
            .filter(|x| {
                self.is_number(x.customer.as_deref())
                    || x.contact_ids
                        .iter()
                        .any(|id| card_ids.contains(id.as_str()))
            })
            .collect();
        let w = web::sections(sessions, &self.contacts, Filter::contact_time, q.now);
        CustomerCard {
            number: self.key,
            contacts: self.contacts,
            summary: s,
            statistics: w.statistics,
            last_visit: w.last_visit,
            top_pages: w.top_pages,
            sessions: w.sessions,
        }
    }
}

crate::query::json_io!(CardQuery, CustomerCard);
