//! Who may see what (seed 002): `Viewer` and `Restricted`.
//!
//! The same viewer is applied by `CallLog.visible(to:)`, by queries and by exports, so an
//! export never shows more than the screen.

use crate::errors::Result;
use crate::model::CallRecord;
use crate::vocab::Role;

/// Parts of a record that some roles may not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Restricted {
    /// The price of the call (seed 002 Цена).
    Price,
    /// The link to the scenario (shown to supervisors without the link).
    ScenarioLink,
    /// The extra call details of the expanded row (the product's `extra` fields).
    CallDetails,
}

impl From<Restricted> for calllog::Restricted {
    fn from(r: Restricted) -> Self {
        match r {
            Restricted::Price => calllog::Restricted::Price,
            Restricted::ScenarioLink => calllog::Restricted::ScenarioLink,
            Restricted::CallDetails => calllog::Restricted::CallDetails,
        }
    }
}

/// The person looking at the history: role, identity, groups, and the "allow access to call
/// history" switch (seed 002).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Viewer {
    /// The role.
    pub role: Role,
    /// The viewer's own agent id or name, matched against the record's agents.
    #[uniffi(default)]
    pub user: Option<String>,
    /// The groups a supervisor is connected to.
    #[uniffi(default)]
    pub groups: Vec<String>,
    /// Seed 002 "Разрешить доступ к истории звонков": supervisors and operators also see
    /// their own calls; operators see nothing without it.
    #[uniffi(default)]
    pub history_access: bool,
}

impl From<Viewer> for calllog::Viewer {
    fn from(v: Viewer) -> Self {
        calllog::Viewer {
            role: v.role.into(),
            user: v.user,
            groups: v.groups,
            history_access: v.history_access,
        }
    }
}

impl From<calllog::Viewer> for Viewer {
    fn from(v: calllog::Viewer) -> Self {
        Viewer {
            role: v.role.into(),
            user: v.user,
            groups: v.groups,
            history_access: v.history_access,
        }
    }
}

#[uniffi::export]
impl Viewer {
    /// Owner, admin and manager see everything.
    pub fn sees_everything(&self) -> bool {
        calllog::Viewer::from(self.clone()).sees_everything()
    }

    /// Whether this viewer may see the row at all.
    pub fn can_see(&self, record: CallRecord) -> Result<bool> {
        Ok(calllog::Viewer::from(self.clone()).can_see(&record.into_core()?))
    }

    /// Whether this viewer may see a restricted part.
    pub fn may_see(&self, part: Restricted) -> bool {
        calllog::Viewer::from(self.clone()).may_see(part.into())
    }

    /// A copy of `record` without what this viewer may not see.
    pub fn redact(&self, record: CallRecord) -> Result<CallRecord> {
        Ok(calllog::Viewer::from(self.clone())
            .redact(&record.into_core()?)
            .into())
    }
}

/// Which roles may export at all (seed 000: "「エクスポート」が可能なのは … オーナーまたは
/// マネージャー権限のみ"). A viewer whose role is not allowed gets `CallLogError.NotPermitted`
/// from every export, stream and background job.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ExportPolicy {
    /// Anyone may export what they may see (the default).
    Anyone,
    /// Seed 000: owners and managers only (the `video_call_history` preset's policy).
    VideoCallSaas,
    /// Seed 002: whoever may open the history (supervisors export their groups, no prices).
    Voximplant,
    /// Exactly these roles.
    Roles {
        /// The roles that may export.
        roles: Vec<Role>,
    },
}

impl From<ExportPolicy> for calllog::ExportPolicy {
    fn from(p: ExportPolicy) -> Self {
        match p {
            ExportPolicy::Anyone => calllog::ExportPolicy::ANYONE,
            ExportPolicy::VideoCallSaas => calllog::ExportPolicy::VIDEO_CALL_SAAS,
            ExportPolicy::Voximplant => calllog::ExportPolicy::VOXIMPLANT,
            ExportPolicy::Roles { roles } => {
                calllog::ExportPolicy::only(roles.into_iter().map(Into::into))
            }
        }
    }
}
