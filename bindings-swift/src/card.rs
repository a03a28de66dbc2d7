//! The customer card (core `card`, seed 003): every contact of one customer by exact phone
//! match after normalisation to E.164, with a summary.

use std::time::SystemTime;

use crate::access::Viewer;
use crate::errors::Result;
use crate::log::CallLog;
use crate::model::{CallRecord, Ctx, Note, seconds, system_time};
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
}

impl From<calllog::card::CustomerCard> for CustomerCard {
    fn from(c: calllog::card::CustomerCard) -> Self {
        let s = c.summary;
        CustomerCard {
            number: c.number,
            contacts: c.contacts.into_iter().map(Into::into).collect(),
            summary: CardSummary {
                total: s.total,
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
    /// owner) limits the contacts and fields.
    #[uniffi::method(default(default_region = None, now = None, viewer = None, rules = None))]
    pub fn customer_card(
        &self,
        number: String,
        default_region: Option<String>,
        now: Option<SystemTime>,
        viewer: Option<Viewer>,
        rules: Option<Rules>,
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
        Ok(query.run(self.core_records().iter().cloned())?.into())
    }
}
