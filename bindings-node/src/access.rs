//! Who is looking: the JS `Viewer` object and core's `calllog::Viewer`.

use calllog as cl;
use napi_derive::napi;

use crate::errors::to_napi;

/// The person looking at the history (seed 002): their role, who they are, their groups, and
/// the "allow access to call history" switch.
#[napi(object)]
#[derive(Clone, Default)]
pub struct Viewer {
    /// The role; `owner` when absent.
    #[napi(ts_type = "Role")]
    pub role: Option<String>,
    /// The viewer's own agent id or name.
    pub user: Option<String>,
    /// The groups a supervisor is connected to.
    pub groups: Option<Vec<String>>,
    /// Seed 002 "Разрешить доступ к истории звонков": supervisors and operators also see their
    /// own calls; operators see nothing without it.
    pub history_access: Option<bool>,
}

impl Viewer {
    /// Core viewer from the JS object.
    pub fn to_core(&self) -> napi::Result<cl::Viewer> {
        let role = match &self.role {
            Some(r) => r.parse::<cl::Role>().map_err(to_napi)?,
            None => cl::Role::Owner,
        };
        Ok(cl::Viewer {
            role,
            user: self.user.clone(),
            groups: self.groups.clone().unwrap_or_default(),
            history_access: self.history_access.unwrap_or(false),
        })
    }
}
