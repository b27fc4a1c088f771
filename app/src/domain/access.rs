//! Who may do what: team roles, the signed-in person, and the permission table. The server
//! checks every call against [`Principal::may`]; the UI uses the same rule to hide what a
//! person cannot do.

use super::TeamId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenId(pub i64);

impl fmt::Display for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A person's role in one team. Administrators are marked on the account instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Pm,
    Engineering,
    Marketing,
    Support,
    Viewer,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown role “{0}”")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 5] = [
        Self::Pm,
        Self::Engineering,
        Self::Marketing,
        Self::Support,
        Self::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pm => "pm",
            Self::Engineering => "engineering",
            Self::Marketing => "marketing",
            Self::Support => "support",
            Self::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pm => "PM",
            Self::Engineering => "Engineering",
            Self::Marketing => "Marketing",
            Self::Support => "Support",
            Self::Viewer => "Viewer",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, UnknownRole> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == raw.trim())
            .ok_or_else(|| UnknownRole(raw.trim().to_owned()))
    }
}

/// Everything a person can ask Flotilla to change. Team-scoped actions name the team they
/// touch; the rest need an administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    CreateRelease,
    EditRelease,
    RescheduleRelease,
    DeleteRelease,
    EditDependencies,
    SubmitEvidence,
    ApproveEvidence,
    EditStakeholders,
    ManageUsers,
    EditChecklists,
}

impl Action {
    /// What the person was trying to do, for a refusal message ("You cannot {…}").
    pub fn describe(self) -> &'static str {
        match self {
            Self::CreateRelease => "create releases",
            Self::EditRelease => "edit releases",
            Self::RescheduleRelease => "reschedule releases",
            Self::DeleteRelease => "delete releases",
            Self::EditDependencies => "edit dependencies",
            Self::SubmitEvidence => "submit gate evidence",
            Self::ApproveEvidence => "approve gate evidence",
            Self::EditStakeholders => "edit the stakeholder matrix",
            Self::ManageUsers => "manage users",
            Self::EditChecklists => "edit the dependency checklists",
        }
    }

    /// The permission table: whether `role` in a team allows this action on that team's
    /// objects. Administrators may do everything; nobody acts on another team's objects.
    pub fn allowed_for(self, role: Role) -> bool {
        use Role::*;
        match self {
            Self::CreateRelease | Self::DeleteRelease | Self::EditDependencies => role == Pm,
            Self::EditRelease | Self::RescheduleRelease => matches!(role, Pm | Engineering),
            Self::SubmitEvidence => matches!(role, Pm | Engineering | Support),
            Self::ApproveEvidence => role == Pm,
            Self::EditStakeholders => matches!(role, Pm | Marketing),
            Self::ManageUsers | Self::EditChecklists => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub team_id: TeamId,
    pub team_name: String,
    pub role: Role,
}

/// The signed-in person, as every server call sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub admin: bool,
    pub memberships: Vec<Membership>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

impl Principal {
    pub fn role_in(&self, team: TeamId) -> Option<Role> {
        self.memberships
            .iter()
            .find(|m| m.team_id == team)
            .map(|m| m.role)
    }

    /// Whether this person may do `action` on an object of `team` (None: not team-scoped).
    pub fn may(&self, action: Action, team: Option<TeamId>) -> bool {
        self.admin
            || team
                .and_then(|t| self.role_in(t))
                .is_some_and(|role| action.allowed_for(role))
    }

    /// Whether this person may do `action` in at least one team.
    pub fn may_somewhere(&self, action: Action) -> bool {
        self.admin || self.memberships.iter().any(|m| action.allowed_for(m.role))
    }

    /// [`Self::may`], as a refusal that says why.
    pub fn check(&self, action: Action, team: Option<TeamId>) -> Result<(), Denied> {
        if self.may(action, team) {
            return Ok(());
        }
        let whose = match team.and_then(|t| self.role_in(t)) {
            Some(role) => format!(" as {} of this team", role.label()),
            None if team.is_some() => " for a team you are not a member of".to_owned(),
            None => " without administrator rights".to_owned(),
        };
        Err(Denied(format!(
            "You cannot {}{whose}. Ask a PM of the team or an administrator.",
            action.describe()
        )))
    }

    /// How the audit trail names this person: "Dana Whitfield (PM, Checkout)" when acting for
    /// `team`, with their role there; otherwise their first team, or "admin".
    pub fn label_for(&self, team: Option<TeamId>) -> String {
        let membership = team
            .and_then(|t| self.memberships.iter().find(|m| m.team_id == t))
            .or_else(|| self.memberships.first());
        match (membership, self.admin) {
            (Some(m), _) if !self.admin || team.is_some_and(|t| t == m.team_id) => {
                format!("{} ({}, {})", self.name, m.role.label(), m.team_name)
            }
            (_, true) => format!("{} (admin)", self.name),
            (_, false) => self.name.clone(),
        }
    }
}

/// What an API token may be used for; chosen when the token is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Read,
    WriteEvidence,
    ReadReadiness,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Self::Read, Self::WriteEvidence, Self::ReadReadiness];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::WriteEvidence => "write_evidence",
            Self::ReadReadiness => "read_readiness",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Read => "Read releases",
            Self::WriteEvidence => "Write gate evidence",
            Self::ReadReadiness => "Read readiness (go/no-go)",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw.trim())
    }
}

/// A person or service account as the administration page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub principal: Principal,
    pub service: bool,
    pub disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSummary {
    pub id: TokenId,
    pub owner: UserId,
    pub owner_name: String,
    pub name: String,
    pub scopes: Vec<Scope>,
    #[serde(deserialize_with = "super::dates::de::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "super::dates::de::instant_opt")]
    pub last_used_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(admin: bool, memberships: &[(i64, Role)]) -> Principal {
        Principal {
            id: UserId(1),
            name: "Dana Whitfield".into(),
            email: "dana@acme.test".into(),
            admin,
            memberships: memberships
                .iter()
                .map(|&(team, role)| Membership {
                    team_id: TeamId(team),
                    team_name: format!("Team {team}"),
                    role,
                })
                .collect(),
        }
    }

    #[test]
    fn roles_round_trip_and_unknown_roles_are_refused() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert_eq!(Role::parse("owner"), Err(UnknownRole("owner".into())));
    }

    #[test]
    fn a_role_only_counts_in_its_own_team() {
        let pm = person(false, &[(1, Role::Pm)]);
        assert!(pm.may(Action::EditRelease, Some(TeamId(1))));
        assert!(!pm.may(Action::EditRelease, Some(TeamId(2))));
        assert!(!pm.may(Action::ManageUsers, None));
        let err = pm.check(Action::EditRelease, Some(TeamId(2))).unwrap_err();
        assert!(err.0.contains("not a member"), "{err}");
    }

    #[test]
    fn engineering_reschedules_but_does_not_create_and_viewers_only_read() {
        let eng = person(false, &[(1, Role::Engineering)]);
        assert!(eng.may(Action::RescheduleRelease, Some(TeamId(1))));
        assert!(!eng.may(Action::CreateRelease, Some(TeamId(1))));
        let err = eng
            .check(Action::CreateRelease, Some(TeamId(1)))
            .unwrap_err();
        assert!(err.0.contains("as Engineering"), "{err}");
        let viewer = person(false, &[(1, Role::Viewer)]);
        assert!(
            Action::ALL_FOR_TEST
                .iter()
                .all(|&a| !viewer.may(a, Some(TeamId(1))))
        );
    }

    #[test]
    fn administrators_may_do_everything() {
        let admin = person(true, &[]);
        assert!(
            Action::ALL_FOR_TEST
                .iter()
                .all(|&a| admin.may(a, Some(TeamId(9))))
        );
        assert!(admin.may(Action::ManageUsers, None));
        assert_eq!(admin.label_for(Some(TeamId(9))), "Dana Whitfield (admin)");
    }

    #[test]
    fn the_audit_label_names_the_role_in_the_team_acted_for() {
        let p = person(false, &[(1, Role::Pm), (2, Role::Viewer)]);
        assert_eq!(
            p.label_for(Some(TeamId(2))),
            "Dana Whitfield (Viewer, Team 2)"
        );
        assert_eq!(p.label_for(None), "Dana Whitfield (PM, Team 1)");
        assert!(p.may_somewhere(Action::CreateRelease));
        assert!(!person(false, &[(2, Role::Viewer)]).may_somewhere(Action::CreateRelease));
    }

    impl Action {
        const ALL_FOR_TEST: [Action; 10] = [
            Action::CreateRelease,
            Action::EditRelease,
            Action::RescheduleRelease,
            Action::DeleteRelease,
            Action::EditDependencies,
            Action::SubmitEvidence,
            Action::ApproveEvidence,
            Action::EditStakeholders,
            Action::ManageUsers,
            Action::EditChecklists,
        ];
    }
}
