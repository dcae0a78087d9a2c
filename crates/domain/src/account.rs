//! Staff accounts: roles, user names and the password policy.
//!
//! Roles follow the separation of duties of GB/T 22239 (三权分立): the administrator manages, the
//! auditor reads the audit log and nothing else, and the operators (general social workers, grid
//! workers, department reviewers) do the work within their scope.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 街道管理员: catalog, accounts, training, rosters, dashboards.
    Admin,
    /// 全科社工: any business at the window, and work in the grid.
    Worker,
    /// 网格员: households, visits and events of their grids.
    Grid,
    /// 街道科室审核人: reviews and approves cases of their department.
    Reviewer,
    /// 审计员: reads the audit log, nothing else.
    Auditor,
}

impl Role {
    /// Every role, in the order they are listed to people.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Worker,
        Role::Grid,
        Role::Reviewer,
        Role::Auditor,
    ];

    /// The stable name stored in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Worker => "worker",
            Role::Grid => "grid",
            Role::Reviewer => "reviewer",
            Role::Auditor => "auditor",
        }
    }

    /// Parse the stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// True for the roles that handle residents' business (and so see residents' data).
    pub fn is_operator(self) -> bool {
        matches!(self, Role::Worker | Role::Grid | Role::Reviewer)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A login name: 3–32 characters of lower-case letters, digits, `.`, `_` and `-`, starting with a
/// letter. Kept ASCII so it can be typed on any terminal and never confused by look-alike glyphs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

/// Why a user name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("a user name is 3 to 32 characters long")]
    Length,
    #[error("a user name starts with a letter and uses only a-z, 0-9, '.', '_' and '-'")]
    Characters,
}

impl Username {
    /// Parse a user name; upper-case letters are folded to lower case.
    pub fn parse(s: &str) -> Result<Username, UsernameError> {
        let s = s.trim().to_ascii_lowercase();
        if !(3..=32).contains(&s.len()) {
            return Err(UsernameError::Length);
        }
        let mut bytes = s.bytes();
        let first_ok = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
        let rest_ok =
            bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !(first_ok && rest_ok) {
            return Err(UsernameError::Characters);
        }
        Ok(Username(s))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = UsernameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Username::parse(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The shortest password accepted (OWASP ASVS 2.1.1).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted (ASVS 2.1.2 asks for at least 64 to be allowed).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A new password that meets the policy. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct NewPassword(String);

/// Why a new password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password needs at least 12 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
    #[error("the password must not contain the user name")]
    ContainsUsername,
    #[error("this password is too common; choose a longer phrase")]
    TooCommon,
}

const COMMON: [&str; 8] = [
    "123456789012",
    "password1234",
    "qwertyuiop12",
    "111111111111",
    "000000000000",
    "abc123456789",
    "1qaz2wsx3edc",
    "woaini123456",
];

impl NewPassword {
    /// Check a new password against the policy. Spaces are allowed and kept (pass phrases).
    pub fn parse(password: &str, username: Option<&str>) -> Result<NewPassword, PasswordError> {
        let n = password.chars().count();
        if n < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        if n > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong);
        }
        let lower = password.to_lowercase();
        if let Some(u) = username {
            if u.len() >= 3 && lower.contains(&u.to_lowercase()) {
                return Err(PasswordError::ContainsUsername);
            }
        }
        let distinct: std::collections::HashSet<char> = password.chars().collect();
        if COMMON.contains(&lower.as_str()) || distinct.len() < 4 {
            return Err(PasswordError::TooCommon);
        }
        Ok(NewPassword(password.to_string()))
    }

    /// The secret, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(!Role::Auditor.is_operator());
    }

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Worker ").unwrap().as_str(), "worker");
        assert_eq!(Username::parse("ab"), Err(UsernameError::Length));
        assert_eq!(Username::parse("1abc"), Err(UsernameError::Characters));
        assert_eq!(Username::parse("张三abc"), Err(UsernameError::Characters));
        assert!(Username::parse("li.ming_2").is_ok());
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            NewPassword::parse("short", None).unwrap_err(),
            PasswordError::TooShort
        );
        assert_eq!(
            NewPassword::parse("worker-password-1", Some("worker")).unwrap_err(),
            PasswordError::ContainsUsername
        );
        assert_eq!(
            NewPassword::parse("aaaaaaaaaaaaaaa", None).unwrap_err(),
            PasswordError::TooCommon
        );
        let p = NewPassword::parse("甸柳新村 spring 2026", Some("admin")).unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(***)");
    }
}
