//! The forms that create accounts and API tokens, and their validation.

use super::access::{Role, Scope};
use super::{FieldErrors, PersonName, TeamId, TokenName};
use serde::{Deserialize, Serialize};

pub const MIN_PASSWORD_CHARS: usize = 12;

/// The new-account form as posted. Checkboxes arrive as `Some("on")`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountForm {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub admin: Option<String>,
    /// A service account has no password and acts only through API tokens.
    #[serde(default)]
    pub service: Option<String>,
    /// The first team and role, optional.
    #[serde(default)]
    pub team_id: String,
    #[serde(default)]
    pub role: String,
}

/// A validated [`AccountForm`]; the password is still in clear and must be hashed next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountDraft {
    pub name: PersonName,
    pub email: String,
    pub password: Option<String>,
    pub admin: bool,
    pub service: bool,
    pub membership: Option<(TeamId, Role)>,
}

/// A plausible email address, lower-cased: one `@`, a dot in the domain, no spaces.
pub fn parse_email(raw: &str) -> Result<String, &'static str> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(email)
    } else {
        Err("enter an email address like dana@example.com")
    }
}

pub fn check_password(password: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_CHARS {
        return Err(format!(
            "use at least {MIN_PASSWORD_CHARS} characters (this has {len})"
        ));
    }
    if len > 256 {
        return Err("use at most 256 characters".into());
    }
    Ok(())
}

impl AccountDraft {
    pub fn parse(form: &AccountForm) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", PersonName::parse(&form.name));
        let email = errors.check("email", parse_email(&form.email));
        let service = form.service.is_some();
        let password = if service {
            None
        } else {
            errors
                .check("password", check_password(&form.password))
                .map(|()| form.password.clone())
        };
        let membership = match (form.team_id.trim(), form.role.trim()) {
            ("", _) => None,
            (team, role) => {
                let team = errors.check(
                    "team_id",
                    team.parse::<i64>().map(TeamId).map_err(|_| "choose a team"),
                );
                let role = if role.is_empty() {
                    errors.add("role", "choose a role for that team");
                    None
                } else {
                    errors.check("role", Role::parse(role))
                };
                team.zip(role)
            }
        };
        match (name, email, errors.is_empty()) {
            (Some(name), Some(email), true) => Ok(Self {
                name,
                email,
                password,
                admin: form.admin.is_some(),
                service,
                membership,
            }),
            _ => Err(errors),
        }
    }
}

/// The new-token form as posted: a name, the scopes as checkboxes, and for administrators the
/// service account it is for (empty: themselves).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenForm {
    pub name: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub read: Option<String>,
    #[serde(default)]
    pub write_evidence: Option<String>,
    #[serde(default)]
    pub read_readiness: Option<String>,
}

impl TokenForm {
    pub fn parse(&self) -> Result<(TokenName, Vec<Scope>, Option<i64>), FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", TokenName::parse(&self.name));
        let scopes: Vec<Scope> = [
            (Scope::Read, &self.read),
            (Scope::WriteEvidence, &self.write_evidence),
            (Scope::ReadReadiness, &self.read_readiness),
        ]
        .into_iter()
        .filter(|(_, on)| on.is_some())
        .map(|(scope, _)| scope)
        .collect();
        if scopes.is_empty() {
            errors.add("scopes", "choose at least one scope");
        }
        let owner = match self.owner.trim() {
            "" => None,
            raw => errors.check("owner", raw.parse::<i64>().map_err(|_| "choose an account")),
        };
        match name {
            Some(name) if errors.is_empty() => Ok((name, scopes, owner)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AccountForm {
        AccountForm {
            name: "Dana Whitfield".into(),
            email: " Dana@Acme.test ".into(),
            password: "long enough secret".into(),
            team_id: "3".into(),
            role: "pm".into(),
            ..AccountForm::default()
        }
    }

    #[test]
    fn a_valid_account_is_normalised() {
        let draft = AccountDraft::parse(&form()).unwrap();
        assert_eq!(draft.email, "dana@acme.test");
        assert_eq!(draft.membership, Some((TeamId(3), Role::Pm)));
        assert!(!draft.admin);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let errors = AccountDraft::parse(&AccountForm {
            name: " ".into(),
            email: "dana@localhost".into(),
            password: "short".into(),
            role: "owner".into(),
            ..form()
        })
        .unwrap_err();
        assert_eq!(errors.get("name"), Some("Name is required"));
        assert!(errors.get("email").is_some());
        assert_eq!(
            errors.get("password"),
            Some("use at least 12 characters (this has 5)")
        );
        assert_eq!(errors.get("role"), Some("unknown role “owner”"));
        let no_role = AccountDraft::parse(&AccountForm {
            role: " ".into(),
            ..form()
        })
        .unwrap_err();
        assert_eq!(no_role.get("role"), Some("choose a role for that team"));
    }

    #[test]
    fn service_accounts_need_no_password_and_tokens_need_a_scope() {
        let draft = AccountDraft::parse(&AccountForm {
            service: Some("on".into()),
            password: String::new(),
            ..form()
        })
        .unwrap();
        assert_eq!(draft.password, None);
        let errors = TokenForm {
            name: "CI".into(),
            ..TokenForm::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(errors.get("scopes"), Some("choose at least one scope"));
    }
}
