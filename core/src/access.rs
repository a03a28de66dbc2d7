//! Who may see what (seed 002 "История звонков", Примечание).
//!
//! > Раздел История звонков доступен пользователям с ролями Менеджер, Администратор и Владелец
//! > в полном объеме. Пользователи с ролью Супервизор могут просматривать историю звонков
//! > операторов подключенных групп. При включенном переключателе Разрешить доступ к истории
//! > звонков ... супервизорам и операторам доступна история собственных звонков.
//!
//! > Цена – Данное поле недоступно для пользователей с ролью Супервизор.
//! > Дополнительная информация о звонках недоступна пользователям с ролью Супервизор.
//! > Сценарий – Для пользователей с ролью Супервизор это поле отображается без возможности
//! > пройти по ссылке.
//!
//! The same [`Viewer`] is applied by queries (rows and fields) and by every exporter
//! (rows and columns), so an export can never show more than the screen.
//!
//! ```
//! use calllog::{Agent, CallRecord, Channel, Money, Role, Viewer};
//!
//! let call = CallRecord::new("c-1", Channel::Voice)
//!     .agent(Agent::named("Ivan").in_group("Sales"))
//!     .price(Money::new(150, 2, "RUB"));
//! let sup = Viewer::supervisor("Olga", ["Sales"]);
//! assert!(sup.can_see(&call));
//! assert_eq!(sup.redact(&call).price, None);
//! assert!(!Viewer::supervisor("Olga", ["Support"]).can_see(&call));
//! assert!(Viewer::new(Role::Manager).redact(&call).price.is_some());
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::CallRecord;
use crate::vocab::Role;

/// Parts of a record that some roles may not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Restricted {
    /// The price of the call (seed 002 Цена).
    Price,
    /// The link to the scenario (seed 002: shown to supervisors without the link).
    ScenarioLink,
    /// The extra call details of the expanded row (seed 002 "Дополнительная информация о
    /// звонках"): the product's `extra` fields.
    CallDetails,
}

/// The person looking at the history: their role, who they are, their groups, and whether the
/// "allow access to call history" switch is on for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Viewer {
    /// The role.
    pub role: Role,
    /// The viewer's own agent id or name, matched against [`Agent::id`](crate::Agent::id) and
    /// [`Agent::name`](crate::Agent::name).
    pub user: Option<String>,
    /// The groups a supervisor is connected to.
    pub groups: Vec<String>,
    /// Seed 002 "Разрешить доступ к истории звонков": supervisors and operators also see
    /// their own calls. Operators see nothing without it.
    pub history_access: bool,
}

impl Default for Viewer {
    /// An owner: sees everything.
    fn default() -> Self {
        Viewer::new(Role::Owner)
    }
}

impl Viewer {
    /// A viewer with `role`, no identity, no groups, history switch off.
    pub fn new(role: Role) -> Self {
        Viewer {
            role,
            user: None,
            groups: Vec::new(),
            history_access: false,
        }
    }

    /// A supervisor of `groups`.
    pub fn supervisor<I, S>(user: impl Into<String>, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Viewer {
            role: Role::Supervisor,
            user: Some(user.into()),
            groups: groups.into_iter().map(Into::into).collect(),
            history_access: false,
        }
    }

    /// An operator; `history_access` is the switch.
    pub fn operator(user: impl Into<String>, history_access: bool) -> Self {
        Viewer {
            role: Role::Operator,
            user: Some(user.into()),
            groups: Vec::new(),
            history_access,
        }
    }

    /// Owner, admin and manager see everything.
    pub fn sees_everything(&self) -> bool {
        matches!(self.role, Role::Owner | Role::Admin | Role::Manager)
    }

    fn is_own(&self, r: &CallRecord) -> bool {
        let Some(user) = self.user.as_deref() else {
            return false;
        };
        r.agents
            .iter()
            .any(|a| a.name == user || a.id.as_deref() == Some(user))
    }

    /// Whether this viewer may see the row at all.
    pub fn can_see(&self, r: &CallRecord) -> bool {
        match self.role {
            Role::Owner | Role::Admin | Role::Manager => true,
            Role::Supervisor => {
                r.agents
                    .iter()
                    .any(|a| a.groups.iter().any(|g| self.groups.contains(g)))
                    || (self.history_access && self.is_own(r))
            }
            Role::Operator => self.history_access && self.is_own(r),
        }
    }

    /// Whether this viewer may see a restricted part. Supervisors and operators see none of
    /// them (operators get no more than supervisors).
    pub fn may_see(&self, _part: Restricted) -> bool {
        self.sees_everything()
    }

    /// A copy of `r` without what this viewer may not see.
    pub fn redact(&self, r: &CallRecord) -> CallRecord {
        let mut out = r.clone();
        if !self.may_see(Restricted::Price) {
            out.price = None;
        }
        if !self.may_see(Restricted::ScenarioLink) {
            out.scenario_url = None;
        }
        if !self.may_see(Restricted::CallDetails) {
            out.extra.clear();
        }
        out
    }
}

/// Which roles may export what they can see (seed 000 通話履歴をダウンロードする:
/// "「エクスポート」が可能なのは … オーナーまたはマネージャー権限のみとなります").
///
/// The policy of an [`ExportProfile`](crate::export::ExportProfile) is checked when an export
/// starts — CSV and XLSX files, writers and streams, and background jobs alike — and refuses
/// a viewer whose role is not allowed with [`Error::NotPermitted`]. Rows and columns stay the
/// [`Viewer`]'s business: under [`ExportPolicy::VOXIMPLANT`] a supervisor exports the calls
/// of their groups without prices, as on screen.
///
/// ```
/// use calllog::access::ExportPolicy;
/// use calllog::{Role, Viewer};
///
/// let seed_000 = ExportPolicy::VIDEO_CALL_SAAS;
/// assert!(seed_000.check(&Viewer::new(Role::Manager)).is_ok());
/// let err = seed_000.check(&Viewer::supervisor("Olga", ["Sales"])).unwrap_err();
/// assert_eq!(err.code(), "not_permitted");
/// assert!(ExportPolicy::VOXIMPLANT.check(&Viewer::supervisor("Olga", ["Sales"])).is_ok());
/// assert_eq!("video_call_saas".parse::<ExportPolicy>().unwrap(), seed_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExportPolicy {
    allowed: [bool; 5],
}

const ROLES: [Role; 5] = [
    Role::Owner,
    Role::Admin,
    Role::Manager,
    Role::Supervisor,
    Role::Operator,
];

fn role_index(role: Role) -> usize {
    ROLES.iter().position(|r| *r == role).unwrap_or(0)
}

impl Default for ExportPolicy {
    /// [`ExportPolicy::ANYONE`].
    fn default() -> Self {
        ExportPolicy::ANYONE
    }
}

impl ExportPolicy {
    /// Anyone may export what they may see (the default, and seed 004's Focus Contact
    /// Center, whose reports every user who sees them may download).
    pub const ANYONE: ExportPolicy = ExportPolicy { allowed: [true; 5] };
    /// Seed 000: owners and managers only.
    pub const VIDEO_CALL_SAAS: ExportPolicy = ExportPolicy {
        allowed: [true, false, true, false, false],
    };
    /// Seed 002 (Voximplant Kit): everyone who may open the call history — owners,
    /// administrators, managers, supervisors (their groups, without prices) and operators
    /// with the history switch on.
    pub const VOXIMPLANT: ExportPolicy = ExportPolicy::ANYONE;
    /// Every preset's name, for bindings and command lines.
    pub const NAMES: &'static [&'static str] = &["anyone", "video_call_saas", "voximplant"];

    /// A policy allowing exactly `roles`.
    pub fn only(roles: impl IntoIterator<Item = Role>) -> ExportPolicy {
        let mut allowed = [false; 5];
        for r in roles {
            allowed[role_index(r)] = true;
        }
        ExportPolicy { allowed }
    }

    /// Whether `role` may export.
    pub fn allows(&self, role: Role) -> bool {
        self.allowed[role_index(role)]
    }

    /// The roles that may export.
    pub fn roles(&self) -> Vec<Role> {
        ROLES.into_iter().filter(|r| self.allows(*r)).collect()
    }

    /// `Ok` when `viewer` may export, else [`Error::NotPermitted`] naming the role.
    pub fn check(&self, viewer: &Viewer) -> Result<()> {
        if self.allows(viewer.role) {
            return Ok(());
        }
        Err(Error::NotPermitted {
            role: viewer.role.to_string(),
            action: "export".into(),
            allowed: self
                .roles()
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

impl std::str::FromStr for ExportPolicy {
    type Err = Error;

    /// A preset name ([`ExportPolicy::NAMES`]) or a comma-separated list of role names
    /// (`"owner,manager"`).
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "anyone" => return Ok(ExportPolicy::ANYONE),
            "video_call_saas" => return Ok(ExportPolicy::VIDEO_CALL_SAAS),
            "voximplant" => return Ok(ExportPolicy::VOXIMPLANT),
            _ => {}
        }
        let roles = s
            .split(',')
            .map(|r| r.trim().parse::<Role>())
            .collect::<Result<Vec<_>>>()
            .map_err(|_| Error::UnknownValue {
                vocabulary: "export policy",
                value: s.to_string(),
                accepted: format!(
                    "{}, or a comma-separated list of roles",
                    ExportPolicy::NAMES.join(", ")
                ),
            })?;
        Ok(ExportPolicy::only(roles))
    }
}
