//! The customer card (core `card`, seed 003): every contact of one customer by exact phone
//! match after normalisation to E.164, with a summary.

use std::time::SystemTime;

use crate::access::Viewer;
use crate::errors::Result;
use crate::log::CallLog;
use crate::model::{CallRecord, Ctx, Note, Visit, seconds, system_time};
use crate::rules::Rules;

/// A comment on one of the customer's contacts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardComment {
    /// The contact's id.
    pub record_id: String,
    /// The comment.
    pub note: Note,
}

/// The ratings of one contact.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardRating {
    /// The contact's id.
    pub record_id: String,
    /// Rating of the manager (agent), 1...5.
    pub manager_rating: Option<u8>,
    /// Rating of the call, 1...5.
    pub call_rating: Option<u8>,
}

/// A category and how many of the customer's contacts carry it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CategoryCount {
    /// The category.
    pub category: String,
    /// Contacts with it.
    pub count: u64,
}

/// The card's summary (seed 003 "Call details" and "Statistics").
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CardSummary {
    /// All contacts with the customer.
    pub total: u64,
    /// Incoming contacts.
    pub incoming: u64,
    /// Outgoing contacts.
    pub outgoing: u64,
    /// Answered.
    pub answered: u64,
    /// Missed (busy and failed count in neither).
    pub missed: u64,
    /// The first contact's start.
    pub first_contact: Option<SystemTime>,
    /// The last contact's start.
    pub last_contact: Option<SystemTime>,
    /// Contacts in the 30 days before `now`.
    pub contacts_last_30_days: u64,
    /// Sum of talk time, seconds.
    pub total_talk_time: f64,
    /// Mean wait over the contacts whose wait is known, seconds.
    pub average_wait: Option<f64>,
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
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CustomerCard {
    /// The customer's number in E.164.
    pub number: String,
    /// Their contacts, oldest first, redacted for the viewer.
    pub contacts: Vec<CallRecord>,
    /// The summary.
    pub summary: CardSummary,
    /// Seed 003 *Statistics*.
    pub statistics: WebStatistics,
    /// Seed 003 *Last visit*: the latest session.
    pub last_visit: Option<WebSession>,
    /// Seed 003 *Top 5 pages in the last 30 days*, most time spent first.
    pub top_pages: Vec<PageTime>,
    /// Seed 003 *User sessions history*, newest first, each with the contacts made during it.
    pub sessions: Vec<WebSession>,
}

/// One page seen during a web session.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PageView {
    /// The page's address.
    pub url: String,
    /// Its title.
    #[uniffi(default)]
    pub title: Option<String>,
    /// When it was opened.
    #[uniffi(default)]
    pub viewed_at: Option<SystemTime>,
    /// Seconds spent on it.
    #[uniffi(default)]
    pub time_on_page: Option<f64>,
}

/// One visit of the customer to the site, as a call-tracking product delivers it (seed 003).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct WebSession {
    /// The tracker's session id.
    pub id: String,
    /// When the visit began.
    pub started_at: SystemTime,
    /// The phone number the tracker tied the visitor to.
    #[uniffi(default)]
    pub customer: Option<String>,
    /// When it ended.
    #[uniffi(default)]
    pub ended_at: Option<SystemTime>,
    /// Where the visitor came from (UTM fields, landing page, IP).
    #[uniffi(default)]
    pub visit: Option<Visit>,
    /// The device.
    #[uniffi(default)]
    pub device: Option<String>,
    /// The operating system.
    #[uniffi(default)]
    pub os: Option<String>,
    /// Where the visitor was.
    #[uniffi(default)]
    pub geolocation: Option<String>,
    /// The pages seen, in order.
    #[uniffi(default)]
    pub pages: Vec<PageView>,
    /// The contacts made during the visit.
    #[uniffi(default)]
    pub contact_ids: Vec<String>,
}

/// A page of the card's top 5.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PageTime {
    /// The page's address.
    pub url: String,
    /// Views in the last 30 days.
    pub views: u64,
    /// Seconds spent on it in the last 30 days.
    pub time_spent: f64,
}

/// Seed 003 *Statistics*.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WebStatistics {
    /// Whole days since the first visit to the site.
    pub days_since_first_visit: Option<i64>,
    /// Whole days since the last visit.
    pub days_since_last_visit: Option<i64>,
    /// The customer's contacts.
    pub total_calls: u64,
    /// Their sessions.
    pub total_sessions: u64,
    /// Contacts in the last 30 days.
    pub calls_last_30_days: u64,
    /// Pages seen in the last 30 days.
    pub page_views_last_30_days: u64,
}

impl WebSession {
    fn to_core(&self) -> Result<calllog::web::WebSession> {
        let ctx = Ctx { id: &self.id };
        let pages = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                Ok(calllog::web::PageView {
                    url: p.url.clone(),
                    title: p.title.clone(),
                    viewed_at: ctx.time(&format!("pages[{i}].viewed_at"), p.viewed_at)?,
                    time_on_page: ctx.secs(&format!("pages[{i}].time_on_page"), p.time_on_page)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(calllog::web::WebSession {
            id: self.id.clone(),
            customer: self.customer.clone(),
            started_at: ctx.time("started_at", Some(self.started_at))?,
            ended_at: ctx.time("ended_at", self.ended_at)?,
            visit: self.visit.clone().map(Into::into).unwrap_or_default(),
            device: self.device.clone(),
            os: self.os.clone(),
            geolocation: self.geolocation.clone(),
            pages,
            contact_ids: self.contact_ids.clone(),
        })
    }
}

impl From<calllog::web::WebSession> for WebSession {
    fn from(s: calllog::web::WebSession) -> Self {
        WebSession {
            id: s.id,
            started_at: s
                .started_at
                .map(system_time)
                .unwrap_or(SystemTime::UNIX_EPOCH),
            customer: s.customer,
            ended_at: s.ended_at.map(system_time),
            visit: Some(s.visit.into()),
            device: s.device,
            os: s.os,
            geolocation: s.geolocation,
            pages: s
                .pages
                .into_iter()
                .map(|p| PageView {
                    url: p.url,
                    title: p.title,
                    viewed_at: p.viewed_at.map(system_time),
                    time_on_page: p.time_on_page.map(seconds),
                })
                .collect(),
            contact_ids: s.contact_ids,
        }
    }
}

/// One change of seed 003's "Comments and categories" block, for `editContact`.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum ContactEdit {
    /// Adds a comment (a non-empty text).
    AddComment {
        /// The comment.
        note: Note,
    },
    /// Removes the comment at this position (0-based).
    RemoveComment {
        /// Its position.
        index: u32,
    },
    /// Adds a category the contact does not have.
    AddCategory {
        /// The category.
        category: String,
    },
    /// Removes a category the contact has.
    RemoveCategory {
        /// The category.
        category: String,
    },
    /// Sets (1...5) or clears (`nil`) the manager's rating.
    ManagerRating {
        /// The rating.
        rating: Option<u8>,
    },
    /// Sets (1...5) or clears (`nil`) the call's rating.
    CallRating {
        /// The rating.
        rating: Option<u8>,
    },
}

/// Seed 003's "Comments and categories" block: `record` with `edits` applied in order,
/// validated; a bad edit throws `CallLogError.Invalid` naming the record and the field.
#[uniffi::export]
pub fn edit_contact(record: CallRecord, edits: Vec<ContactEdit>) -> Result<CallRecord> {
    use calllog::web::ContactEdit as E;
    let mut r = record.to_core()?;
    let ctx = Ctx { id: &record.id };
    let mut out = Vec::with_capacity(edits.len());
    for e in edits {
        out.push(match e {
            ContactEdit::AddComment { note } => E::AddComment(calllog::Note {
                author: note.author,
                at: ctx.time("notes.at", note.at)?,
                text: note.text,
            }),
            ContactEdit::RemoveComment { index } => E::RemoveComment(index as usize),
            ContactEdit::AddCategory { category } => E::AddCategory(category),
            ContactEdit::RemoveCategory { category } => E::RemoveCategory(category),
            ContactEdit::ManagerRating { rating } => E::ManagerRating(rating),
            ContactEdit::CallRating { rating } => E::CallRating(rating),
        });
    }
    r.edit(out)?;
    Ok(r.into())
}

impl From<calllog::card::CustomerCard> for CustomerCard {
    fn from(c: calllog::card::CustomerCard) -> Self {
        let s = c.summary;
        let st = c.statistics;
        CustomerCard {
            statistics: WebStatistics {
                days_since_first_visit: st.days_since_first_visit,
                days_since_last_visit: st.days_since_last_visit,
                total_calls: st.total_calls,
                total_sessions: st.total_sessions,
                calls_last_30_days: st.calls_last_30_days,
                page_views_last_30_days: st.page_views_last_30_days,
            },
            last_visit: c.last_visit.map(Into::into),
            top_pages: c
                .top_pages
                .into_iter()
                .map(|p| PageTime {
                    url: p.url,
                    views: p.views,
                    time_spent: seconds(p.time_spent),
                })
                .collect(),
            sessions: c.sessions.into_iter().map(Into::into).collect(),
            number: c.number,
            contacts: c.contacts.into_iter().map(Into::into).collect(),
            summary: CardSummary {
                total: s.total,
                incoming: s.incoming,
                outgoing: s.outgoing,
                answered: s.answered,
                missed: s.missed,
                first_contact: s.first_contact.map(system_time),
                last_contact: s.last_contact.map(system_time),
                contacts_last_30_days: s.contacts_last_30_days,
                total_talk_time: seconds(s.total_talk_time),
                average_wait: s.average_wait.map(seconds),
                comments: s
                    .comments
                    .into_iter()
                    .map(|c| CardComment {
                        record_id: c.record_id,
                        note: Note {
                            text: c.note.text,
                            author: c.note.author,
                            at: c.note.at.map(system_time),
                        },
                    })
                    .collect(),
                categories: s
                    .categories
                    .into_iter()
                    .map(|c| CategoryCount {
                        category: c.category,
                        count: c.count,
                    })
                    .collect(),
                ratings: s
                    .ratings
                    .into_iter()
                    .map(|r| CardRating {
                        record_id: r.record_id,
                        manager_rating: r.manager_rating,
                        call_rating: r.call_rating,
                    })
                    .collect(),
                average_manager_rating: s.average_manager_rating,
                average_call_rating: s.average_call_rating,
            },
        }
    }
}

#[uniffi::export]
impl CallLog {
    /// The card of the customer with phone `number` (any format `defaultRegion`, e.g. `JP`,
    /// allows): `+81 3-1234-5678`, `03-1234-5678` (JP) and `+81312345678` are one customer.
    /// `now` (default: the current time) anchors "the last 30 days"; `viewer` (default: an
    /// owner) limits the contacts and fields. `sessions` are the customer's web sessions from
    /// a call-tracking product (seed 003's statistics, last visit, top pages and history).
    #[uniffi::method(default(default_region = None, now = None, viewer = None, rules = None, sessions = []))]
    pub fn customer_card(
        &self,
        number: String,
        default_region: Option<String>,
        now: Option<SystemTime>,
        viewer: Option<Viewer>,
        rules: Option<Rules>,
        sessions: Vec<WebSession>,
    ) -> Result<CustomerCard> {
        let now = Ctx { id: "" }
            .time("now", Some(now.unwrap_or_else(SystemTime::now)))?
            .expect("Some in, Some out");
        let query = calllog::card::CardQuery {
            number,
            default_region,
            now,
            viewer: viewer.map(Into::into).unwrap_or_default(),
            rules: rules.map(Into::into).unwrap_or_default(),
        };
        let sessions = sessions
            .iter()
            .map(WebSession::to_core)
            .collect::<Result<Vec<_>>>()?;
        Ok(query
            .run_with_sessions(self.core_records().iter().cloned(), sessions)?
            .into())
    }
}
