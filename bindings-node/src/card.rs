//! The customer card (seed 003, `calllog::card`): its JS shape.

use calllog as cl;
use napi_derive::napi;

use crate::model::{CallRecord, Date, Note, seconds_out};
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
}

/// Options of `customerCard`.
#[napi(object)]
pub struct CardOptions {
    /// "Now", for the last-30-days count (the current time by default).
    pub now: Option<Date>,
    /// Who is looking: contacts they may not see are left out, fields redacted.
    pub viewer: Option<crate::access::Viewer>,
}

impl CustomerCard {
    /// The JS object of a core card; derived fields under `rules`.
    pub fn from_core(c: cl::card::CustomerCard, rules: &cl::Rules) -> Self {
        let s = c.summary;
        CustomerCard {
            number: c.number,
            contacts: c
                .contacts
                .iter()
                .map(|r| CallRecord::from_core(r, Some(Derived::from_core(&rules.derive(r)))))
                .collect(),
            summary: CardSummary {
                total: s.total as f64,
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
