//! Teams: who ships a release. Each team has a colour used as a small marker in the UI.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TeamId(pub i64);

impl fmt::Display for TeamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A CSS hex colour `#rrggbb`, stored lower-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Colour(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("colour must look like #1a2b3c")]
pub struct ColourError;

impl Colour {
    pub fn parse(raw: &str) -> Result<Self, ColourError> {
        let raw = raw.trim();
        let hex = raw.strip_prefix('#').ok_or(ColourError)?;
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Self(format!("#{}", hex.to_ascii_lowercase())))
        } else {
            Err(ColourError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Colour {
    type Error = ColourError;
    fn try_from(raw: String) -> Result<Self, ColourError> {
        Self::parse(&raw)
    }
}

impl From<Colour> for String {
    fn from(c: Colour) -> String {
        c.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub colour: Colour,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_accepts_hex_and_normalises_case() {
        assert_eq!(Colour::parse("#A1B2C3").unwrap().as_str(), "#a1b2c3");
    }

    #[test]
    fn colour_refuses_anything_else() {
        for bad in ["a1b2c3", "#abc", "#gggggg", "red", "#a1b2c3;x"] {
            assert_eq!(Colour::parse(bad), Err(ColourError), "{bad}");
        }
    }
}
