//! The customer card (seed 003, `calllog::card`): its JS shape.

use calllog as cl;
use napi_derive::napi;

use crate::model::{CallRecord, Date, Note, Visit, seconds_in, seconds_out};
use crate::rules::Derived;

/// A comment on one of the customer's contacts.
#[napi(object)]
pub struct CardComment {
    /// The contact it is attached to.
    pub record_id: String,
    /// The comment.
    pub note: Note,
}

/// The ratings of one contact.
#[napi(object)]
pub struct CardRating {
    /// The contact.
    pub record_id: String,
    /// Rating of the manager (agent), 1..=5.
    pub manager_rating: Option<u32>,
    /// Rating of the call, 1..=5.
    pub call_rating: Option<u32>,
}

/// A category and how many of the customer's contacts carry it.
#[napi(object)]
pub struct CategoryCount {
    /// The category.
    pub category: String,
    /// Contacts with it.
    pub count: f64,
}

/// The card's summary (seed 003 "Call details" and "Statistics").
#[napi(object)]
pub struct CardSummary {
    /// All contacts with the customer.
    pub total: f64,
    /// Incoming contacts.
    pub incoming: f64,
    /// Outgoing contacts.
    pub outgoing: f64,
    /// Answered.
    pub answered: f64,
    /// Missed (not answered; busy and failed count in neither).
    pub missed: f64,
    /// The first contact's start.
    pub first_contact: Option<Date>,
    /// The last contact's start.
    pub last_contact: Option<Date>,
    /// Contacts in the last 30 days before `now`.
    pub contacts_last_30_days: f64,
    /// Sum of talk time, seconds.
    pub total_talk_time: f64,
    /// Mean wait, seconds, over the contacts whose wait is known.
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

/// One customer's card: every contact with the number (exact match after normalisation).
#[napi(object)]
pub struct CustomerCard {
    /// The customer's number in E.164.
    pub number: String,
    /// Their contacts, oldest first, redacted for the viewer, with `derived` fields.
    #[napi(ts_type = "StoredCallRecord[]")]
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
#[napi(object)]
#[derive(Clone, Default)]
pub struct PageView {
    /// The page's address.
    pub url: String,
    /// Its title.
    pub title: Option<String>,
    /// When it was opened.
    pub viewed_at: Option<Date>,
    /// Seconds spent on it.
    pub time_on_page: Option<f64>,
}

/// One visit of the customer to the site, as a call-tracking product delivers it (seed 003).
#[napi(object)]
#[derive(Clone, Default)]
pub struct WebSession {
    /// The tracker's session id.
    pub id: String,
    /// The phone number the tracker tied the visitor to.
    pub customer: Option<String>,
    /// When the visit began.
    pub started_at: Option<Date>,
    /// When it ended.
    pub ended_at: Option<Date>,
    /// Where the visitor came from (UTM fields, landing page, IP).
    pub visit: Option<Visit>,
    /// The device.
    pub device: Option<String>,
    /// The operating system.
    pub os: Option<String>,
    /// Where the visitor was.
    pub geolocation: Option<String>,
    /// The pages seen, in order.
    pub pages: Option<Vec<PageView>>,
    /// The contacts made during the visit.
    pub contact_ids: Option<Vec<String>>,
}

/// A page of the card's top 5.
#[napi(object)]
pub struct PageTime {
    /// The page's address.
    pub url: String,
    /// Views in the last 30 days.
    pub views: f64,
    /// Seconds spent on it in the last 30 days.
    pub time_spent: f64,
}

/// Seed 003 *Statistics*.
#[napi(object)]
pub struct WebStatistics {
    /// Whole days since the first visit to the site.
    pub days_since_first_visit: Option<f64>,
    /// Whole days since the last visit.
    pub days_since_last_visit: Option<f64>,
    /// The customer's contacts.
    pub total_calls: f64,
    /// Their sessions.
    pub total_sessions: f64,
    /// Contacts in the last 30 days.
    pub calls_last_30_days: f64,
    /// Pages seen in the last 30 days.
    pub page_views_last_30_days: f64,
}

/// Options of `customerCard`.
#[napi(object)]
pub struct CardOptions {
    /// "Now", for the last-30-days count (the current time by default).
    pub now: Option<Date>,
    /// Who is looking: contacts they may not see are left out, fields redacted.
    pub viewer: Option<crate::access::Viewer>,
    /// The customer's web sessions from a call-tracking product (seed 003).
    pub sessions: Option<Vec<WebSession>>,
}

impl WebSession {
    /// The core session; durations checked.
    pub fn into_core(self) -> napi::Result<cl::web::WebSession> {
        let id = self.id.clone();
        let pages = self
            .pages
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                Ok(cl::web::PageView {
                    url: p.url,
                    title: p.title,
                    viewed_at: p.viewed_at.map(|d| d.0),
                    time_on_page: seconds_in(
                        p.time_on_page,
                        &id,
                        &format!("pages[{i}].timeOnPage"),
                    )?,
                })
            })
            .collect::<napi::Result<_>>()?;
        Ok(cl::web::WebSession {
            id: self.id,
            customer: self.customer,
            started_at: self.started_at.map(|d| d.0),
            ended_at: self.ended_at.map(|d| d.0),
            visit: self.visit.map(Into::into).unwrap_or_default(),
            device: self.device,
            os: self.os,
            geolocation: self.geolocation,
            pages,
            contact_ids: self.contact_ids.unwrap_or_default(),
        })
    }

    /// The JS object of a core session.
    pub fn from_core(s: cl::web::WebSession) -> Self {
        WebSession {
            id: s.id,
            customer: s.customer,
            started_at: s.started_at.map(Date),
            ended_at: s.ended_at.map(Date),
            visit: Some(s.visit.into()),
            device: s.device,
            os: s.os,
            geolocation: s.geolocation,
            pages: Some(
                s.pages
                    .into_iter()
                    .map(|p| PageView {
                        url: p.url,
                        title: p.title,
                        viewed_at: p.viewed_at.map(Date),
                        time_on_page: seconds_out(p.time_on_page),
                    })
                    .collect(),
            ),
            contact_ids: Some(s.contact_ids),
        }
    }
}

impl CustomerCard {
    /// The JS object of a core card; derived fields under `rules`.
    pub fn from_core(c: cl::card::CustomerCard, rules: &cl::Rules) -> Self {
        let s = c.summary;
        let st = c.statistics;
        CustomerCard {
            statistics: WebStatistics {
                days_since_first_visit: st.days_since_first_visit.map(|d| d as f64),
                days_since_last_visit: st.days_since_last_visit.map(|d| d as f64),
                total_calls: st.total_calls as f64,
                total_sessions: st.total_sessions as f64,
                calls_last_30_days: st.calls_last_30_days as f64,
                page_views_last_30_days: st.page_views_last_30_days as f64,
            },
            last_visit: c.last_visit.map(WebSession::from_core),
            top_pages: c
                .top_pages
                .into_iter()
                .map(|p| PageTime {
                    url: p.url,
                    views: p.views as f64,
                    time_spent: seconds_out(Some(p.time_spent)).unwrap_or(0.0),
                })
                .collect(),
            sessions: c.sessions.into_iter().map(WebSession::from_core).collect(),
            number: c.number,
            contacts: c
                .contacts
                .iter()
                .map(|r| CallRecord::from_core(r, Some(Derived::from_core(&rules.derive(r)))))
                .collect(),
            summary: CardSummary {
                total: s.total as f64,
                incoming: s.incoming as f64,
                outgoing: s.outgoing as f64,
                answered: s.answered as f64,
                missed: s.missed as f64,
                first_contact: s.first_contact.map(Date),
                last_contact: s.last_contact.map(Date),
                contacts_last_30_days: s.contacts_last_30_days as f64,
                total_talk_time: seconds_out(Some(s.total_talk_time)).unwrap_or(0.0),
                average_wait: seconds_out(s.average_wait),
                comments: s
                    .comments
                    .into_iter()
                    .map(|c| CardComment {
                        record_id: c.record_id,
                        note: Note {
                            author: c.note.author,
                            at: c.note.at.map(Date),
                            text: c.note.text,
                        },
                    })
                    .collect(),
                categories: s
                    .categories
                    .into_iter()
                    .map(|c| CategoryCount {
                        category: c.category,
                        count: c.count as f64,
                    })
                    .collect(),
                ratings: s
                    .ratings
                    .into_iter()
                    .map(|r| CardRating {
                        record_id: r.record_id,
                        manager_rating: r.manager_rating.map(u32::from),
                        call_rating: r.call_rating.map(u32::from),
                    })
                    .collect(),
                average_manager_rating: s.average_manager_rating,
                average_call_rating: s.average_call_rating,
            },
        }
    }
}
