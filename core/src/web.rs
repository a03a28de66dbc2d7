//! The customer's visits to the site (seed 003, Ringostat's session-based call tracking): web
//! sessions with their page views, and the card sections built from them — *Statistics*,
//! *Last visit*, *Top 5 pages in the last 30 days* and *User sessions history* — plus the
//! *Comments and categories* block's edits of a contact.
//!
//! > Statistics — podsumowanie danych w ciągu ostatnich dni od pierwszej i ostatniej wizyty na
//! > stronie; łączna liczba połączeń klientów; łączna liczba sesji użytkownika; liczba połączeń
//! > i wyświetlonych stron w ciągu ostatnich 30 dni.
//! > Last visit — dane o źródle poprzedniej wizyty, urządzeniu klienta, systemie operacyjnym i
//! > geolokalizacji klienta.
//! > Top 5 pages in the last 30 days — lista stron odwiedzanych przez klienta z całkowitym
//! > czasem spędzonym na ich interakcji.
//! > User sessions history — informacje o każdej sesji użytkownika na stronie: data, odwiedzona
//! > strona, geolokalizacja, źródło wizyty i dane o połączeniach klienta podczas każdej wizyty.
//!
//! A call-tracking product delivers [`WebSession`]s: when, where from (the [`Visit`]'s UTM
//! fields, landing page, IP), on which device and system, from where (geolocation), the pages
//! seen with the time on each, and the contacts it tied to the session. A session belongs to a
//! card when its `customer` number is the card's number (the same exact match as the contacts)
//! or when it names one of the card's contacts; the contacts "during the visit" are those it
//! names plus the customer's contacts that started between its start and end.
//!
//! ```
//! use calllog::card::CardQuery;
//! use calllog::web::{PageView, WebSession};
//! use calllog::{CallRecord, Channel, Direction, TimeDelta, ts};
//!
//! let call = CallRecord::new("c-1", Channel::Voice).direction(Direction::Inbound)
//!     .from("+48 600 100 200").started_at(ts("2024-05-20T10:05:00Z"));
//! let session = WebSession::new("s-1", ts("2024-05-20T10:00:00Z"))
//!     .customer("+48600100200")
//!     .ended_at(ts("2024-05-20T10:20:00Z"))
//!     .device("mobile")
//!     .page(PageView::new("/pricing").time_on_page(TimeDelta::seconds(90)));
//! let card = CardQuery::new("600 100 200", ts("2024-05-31T00:00:00Z"))
//!     .default_region("PL")
//!     .run_with_sessions([call], [session])?;
//! assert_eq!(card.statistics.total_sessions, 1);
//! assert_eq!(card.statistics.days_since_last_visit, Some(10));
//! assert_eq!(card.top_pages[0].url, "/pricing");
//! assert_eq!(card.sessions[0].contact_ids, ["c-1"]);
//! assert_eq!(card.last_visit.as_ref().unwrap().device.as_deref(), Some("mobile"));
//! # Ok::<(), calllog::Error>(())
//! ```

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{CallRecord, Note, Timestamp, Visit, opt_seconds};

/// One page seen during a session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageView {
    /// The page's address (a path or a full URL), as the tracker reports it.
    pub url: String,
    /// The page's title, if known.
    pub title: Option<String>,
    /// When it was opened.
    pub viewed_at: Option<Timestamp>,
    /// Time spent on it.
    #[serde(with = "opt_seconds")]
    pub time_on_page: Option<TimeDelta>,
}

impl PageView {
    /// A page view of `url`.
    pub fn new(url: impl Into<String>) -> Self {
        PageView {
            url: url.into(),
            ..Default::default()
        }
    }

    /// Sets when it was opened.
    pub fn viewed_at(mut self, at: Timestamp) -> Self {
        self.viewed_at = Some(at);
        self
    }

    /// Sets the time spent on it.
    pub fn time_on_page(mut self, d: TimeDelta) -> Self {
        self.time_on_page = Some(d);
        self
    }
}

/// One visit of the customer to the site (seed 003 "sesja użytkownika").
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebSession {
    /// The tracker's session id.
    pub id: String,
    /// The phone number the tracker tied the visitor to, if any (matched like the card's).
    pub customer: Option<String>,
    /// When the visit began.
    pub started_at: Option<Timestamp>,
    /// When it ended (the last page view), if known.
    pub ended_at: Option<Timestamp>,
    /// Where the visitor came from: UTM source/medium/campaign/content/term, landing page, IP.
    pub visit: Visit,
    /// The device (`desktop`, `mobile`, `tablet`, or the tracker's word).
    pub device: Option<String>,
    /// The operating system.
    pub os: Option<String>,
    /// Where the visitor was (city, region, country as the tracker writes it).
    pub geolocation: Option<String>,
    /// The pages seen, in order.
    pub pages: Vec<PageView>,
    /// The contacts the tracker tied to this visit. In a card, completed with the customer's
    /// contacts that started during the visit.
    pub contact_ids: Vec<String>,
}

impl WebSession {
    /// A session `id` that began at `started_at`.
    pub fn new(id: impl Into<String>, started_at: Timestamp) -> Self {
        WebSession {
            id: id.into(),
            started_at: Some(started_at),
            ..Default::default()
        }
    }

    /// Sets the customer's number.
    pub fn customer(mut self, number: impl Into<String>) -> Self {
        self.customer = Some(number.into());
        self
    }

    /// Sets the end.
    pub fn ended_at(mut self, at: Timestamp) -> Self {
        self.ended_at = Some(at);
        self
    }

    /// Sets the visit's source data.
    pub fn visit(mut self, visit: Visit) -> Self {
        self.visit = visit;
        self
    }

    /// Sets the device.
    pub fn device(mut self, device: impl Into<String>) -> Self {
        self.device = Some(device.into());
        self
    }

    /// Sets the operating system.
    pub fn os(mut self, os: impl Into<String>) -> Self {
        self.os = Some(os.into());
        self
    }

    /// Sets the geolocation.
    pub fn geolocation(mut self, place: impl Into<String>) -> Self {
        self.geolocation = Some(place.into());
        self
    }

    /// Adds a page view.
    pub fn page(mut self, page: PageView) -> Self {
        self.pages.push(page);
        self
    }

    /// Adds a contact the tracker tied to the visit.
    pub fn contact(mut self, id: impl Into<String>) -> Self {
        self.contact_ids.push(id.into());
        self
    }

    /// Checks the session: an id, a start, an end not before the start, pages with an address
    /// and a non-negative time. Errors are [`Error::Invalid`] naming the session id and the field.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &str, reason: &str| Err(Error::invalid(&self.id, field, reason));
        if self.id.trim().is_empty() {
            return bad("id", "a session needs an id");
        }
        let Some(start) = self.started_at else {
            return bad("started_at", "a session needs its start");
        };
        if self.ended_at.is_some_and(|e| e < start) {
            return bad("ended_at", "ends before it starts");
        }
        for (i, p) in self.pages.iter().enumerate() {
            if p.url.trim().is_empty() {
                return bad(&format!("pages[{i}].url"), "a page view needs its address");
            }
            if p.time_on_page.is_some_and(|d| d < TimeDelta::zero()) {
                return bad(&format!("pages[{i}].time_on_page"), "is negative");
            }
        }
        Ok(())
    }

    /// Whether `t` falls within the visit (its start to its end; never without an end).
    fn contains(&self, t: Timestamp) -> bool {
        match (self.started_at, self.ended_at) {
            (Some(s), Some(e)) => s <= t && t <= e,
            _ => false,
        }
    }
}

/// A page of the card's top 5: how often it was seen and the time spent on it in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageTime {
    /// The page's address.
    pub url: String,
    /// Views in the last 30 days.
    pub views: u64,
    /// Time spent on it in the last 30 days (views without a time count as zero).
    #[serde(with = "crate::query::secs")]
    pub time_spent: TimeDelta,
}

/// Seed 003 *Statistics*.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebStatistics {
    /// Whole days from the first visit's start to `now`.
    pub days_since_first_visit: Option<i64>,
    /// Whole days from the last visit's start to `now`.
    pub days_since_last_visit: Option<i64>,
    /// The customer's contacts on the card ("łączna liczba połączeń klientów").
    pub total_calls: u64,
    /// Their sessions ("łączna liczba sesji użytkownika").
    pub total_sessions: u64,
    /// Contacts that started in the 30 days before `now`.
    pub calls_last_30_days: u64,
    /// Pages seen in sessions that began in the 30 days before `now`.
    pub page_views_last_30_days: u64,
}

/// The web sections of a card, computed from the sessions that belong to it and its contacts.
pub(crate) struct WebSections {
    pub statistics: WebStatistics,
    pub last_visit: Option<WebSession>,
    pub top_pages: Vec<PageTime>,
    pub sessions: Vec<WebSession>,
}

/// How many pages the card's top list holds (seed 003 "Top 5 pages").
pub const TOP_PAGES: usize = 5;

pub(crate) fn sections(
    mut sessions: Vec<WebSession>,
    contacts: &[CallRecord],
    contact_time: impl Fn(&CallRecord) -> Option<Timestamp>,
    now: Timestamp,
) -> WebSections {
    let month_ago = now - TimeDelta::days(30);
    let in_month = |t: Option<Timestamp>| t.is_some_and(|t| t > month_ago && t <= now);
    for s in &mut sessions {
        // only contacts on the card (the viewer's), named or during the visit, in card order
        let named: Vec<String> = std::mem::take(&mut s.contact_ids);
        s.contact_ids = contacts
            .iter()
            .filter(|c| named.contains(&c.id) || contact_time(c).is_some_and(|t| s.contains(t)))
            .map(|c| c.id.clone())
            .collect();
    }
    // newest first, as the seed's history shows them
    sessions.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(a.id.cmp(&b.id)));
    let days = |t: Option<Timestamp>| t.map(|t| (now - t).num_days());
    let mut top: Vec<PageTime> = Vec::new();
    let mut views = 0u64;
    for s in sessions.iter().filter(|s| in_month(s.started_at)) {
        views += s.pages.len() as u64;
        for p in &s.pages {
            let spent = p.time_on_page.unwrap_or_else(TimeDelta::zero);
            match top.iter_mut().find(|x| x.url == p.url) {
                Some(x) => {
                    x.views += 1;
                    x.time_spent += spent;
                }
                None => top.push(PageTime {
                    url: p.url.clone(),
                    views: 1,
                    time_spent: spent,
                }),
            }
        }
    }
    // most time first, then most views, then first seen (stable sort)
    top.sort_by(|a, b| b.time_spent.cmp(&a.time_spent).then(b.views.cmp(&a.views)));
    top.truncate(TOP_PAGES);
    WebSections {
        statistics: WebStatistics {
            days_since_first_visit: days(sessions.iter().filter_map(|s| s.started_at).min()),
            days_since_last_visit: days(sessions.iter().filter_map(|s| s.started_at).max()),
            total_calls: contacts.len() as u64,
            total_sessions: sessions.len() as u64,
            calls_last_30_days: contacts
                .iter()
                .filter(|c| in_month(contact_time(c)))
                .count() as u64,
            page_views_last_30_days: views,
        },
        last_visit: sessions.first().cloned(),
        top_pages: top,
        sessions,
    }
}

/// One change of seed 003's *Comments and categories* block ("możesz dodać: kategorię
/// połączenia; komentarz do połączenia; ocenę dla menedżera; ocenę dla połączenia").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ContactEdit {
    /// Adds a comment (a non-empty text).
    AddComment(Note),
    /// Removes the comment at this position (0-based, in the contact's order).
    RemoveComment(usize),
    /// Adds a category (non-empty; adding one the contact has is an error).
    AddCategory(String),
    /// Removes a category the contact has.
    RemoveCategory(String),
    /// Sets (1..=5) or clears the manager's rating.
    ManagerRating(Option<u8>),
    /// Sets (1..=5) or clears the call's rating.
    CallRating(Option<u8>),
}

impl CallRecord {
    /// Applies `edits` in order; the record is changed only when every one is valid and the
    /// result passes [`CallRecord::validate`]. Errors are [`Error::Invalid`] naming the record
    /// and the field (`notes[2]`, `categories`, `manager_rating`).
    ///
    /// ```
    /// use calllog::web::ContactEdit;
    /// use calllog::{CallRecord, Channel, Note};
    ///
    /// let mut call = CallRecord::new("c-1", Channel::Voice);
    /// call.edit([
    ///     ContactEdit::AddCategory("lead".into()),
    ///     ContactEdit::AddComment(Note { text: "Wants a quote".into(), ..Default::default() }),
    ///     ContactEdit::ManagerRating(Some(5)),
    /// ])?;
    /// assert_eq!((call.categories.len(), call.notes.len(), call.manager_rating), (1, 1, Some(5)));
    /// assert!(call.edit([ContactEdit::CallRating(Some(6))]).is_err());
    /// assert!(call.edit([ContactEdit::RemoveComment(0), ContactEdit::RemoveComment(0)]).is_err());
    /// assert_eq!(call.notes.len(), 1); // a failed edit changes nothing
    /// # Ok::<(), calllog::Error>(())
    /// ```
    pub fn edit(&mut self, edits: impl IntoIterator<Item = ContactEdit>) -> Result<()> {
        let mut r = self.clone();
        for e in edits {
            let bad = |field: &str, reason: String| Error::invalid(&r.id, field, reason);
            match e {
                ContactEdit::AddComment(note) => {
                    if note.text.trim().is_empty() {
                        return Err(bad(
                            &format!("notes[{}]", r.notes.len()),
                            "a comment needs a text".into(),
                        ));
                    }
                    r.notes.push(note);
                }
                ContactEdit::RemoveComment(i) => {
                    if i >= r.notes.len() {
                        return Err(bad(
                            &format!("notes[{i}]"),
                            format!("no such comment: the contact has {}", r.notes.len()),
                        ));
                    }
                    r.notes.remove(i);
                }
                ContactEdit::AddCategory(c) => {
                    if c.trim().is_empty() {
                        return Err(bad("categories", "a category needs a name".into()));
                    }
                    if r.categories.contains(&c) {
                        return Err(bad("categories", format!("already has category {c:?}")));
                    }
                    r.categories.push(c);
                }
                ContactEdit::RemoveCategory(c) => match r.categories.iter().position(|x| *x == c) {
                    Some(i) => {
                        r.categories.remove(i);
                    }
                    None => return Err(bad("categories", format!("has no category {c:?}"))),
                },
                ContactEdit::ManagerRating(v) => r.manager_rating = v,
                ContactEdit::CallRating(v) => r.call_rating = v,
            }
        }
        r.validate()?;
        *self = r;
        Ok(())
    }
}
