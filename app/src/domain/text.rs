//! Validated text values of a release. Each constructor trims its input and refuses what the
//! product does not accept, so a value of these types is always valid.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text value was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{0} is required")]
    Missing(&'static str),
    #[error("{what} must be at most {max} characters (it has {len})")]
    TooLong {
        what: &'static str,
        max: usize,
        len: usize,
    },
    #[error("{0} cannot contain control characters")]
    ControlCharacters(&'static str),
    /// U+FFFD stands where the request's bytes were not UTF-8: storing it would keep a
    /// garbled text without anybody having typed it.
    #[error("{0} contains characters that could not be read; send text as UTF-8")]
    Unreadable(&'static str),
}

fn clean(
    raw: &str,
    what: &'static str,
    max: usize,
    required: bool,
    multiline: bool,
) -> Result<String, TextError> {
    let value = raw.trim();
    if required && value.is_empty() {
        return Err(TextError::Missing(what));
    }
    let len = value.chars().count();
    if len > max {
        return Err(TextError::TooLong { what, max, len });
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\t' || c == '\r'));
    if !value.chars().all(allowed) {
        return Err(TextError::ControlCharacters(what));
    }
    if value.contains(char::REPLACEMENT_CHARACTER) {
        return Err(TextError::Unreadable(what));
    }
    Ok(value.to_owned())
}

/// A field message ("enter a date") as a sentence of its own ("Enter a date.").
///
/// Messages are the app's own English phrases, so capitalising ASCII letters is enough; it
/// also keeps Unicode's case tables out of the browser bundle.
pub fn as_sentence(message: &str) -> String {
    let mut sentence = message.trim().to_owned();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    if !sentence.is_empty() && !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:expr, required: $required:expr, multiline: $multiline:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
        #[serde(try_from = "String")]
        pub struct $name(String);

        // By hand rather than `into = "String"`, which would copy every text to serialise it.
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, TextError> {
                clean(raw, $what, $max, $required, $multiline).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextError;
            fn try_from(raw: String) -> Result<Self, TextError> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A release title: 1 to 200 characters on one line.
    Title, "Title", 200, required: true, multiline: false
);
text_type!(
    /// Free text describing a release; may be empty.
    Description, "Description", 5000, required: false, multiline: true
);
text_type!(
    /// The person accountable for a release; may be empty while nobody is named.
    OwnerName, "Owner", 100, required: false, multiline: false
);

text_type!(
    /// How a person or service account is named across the app.
    PersonName, "Name", 100, required: true, multiline: false
);
text_type!(
    /// The label of an API token, so its owner recognises it later.
    TokenName, "Token name", 100, required: true, multiline: false
);
text_type!(
    /// Why one release needs another, in a few words; may be empty.
    DependencyNote, "Note", 500, required: false, multiline: false
);
text_type!(
    /// One item of a hidden-dependency checklist ("Fraud rules for the new provider's events").
    PromptText, "Checklist item", 200, required: true, multiline: false
);
text_type!(
    /// Why a checklist item does not apply to a release.
    DismissReason, "Reason", 500, required: true, multiline: false
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_message_reads_as_a_sentence() {
        assert_eq!(
            as_sentence("a release that is shipped cannot be moved to another day"),
            "A release that is shipped cannot be moved to another day."
        );
        assert_eq!(as_sentence("Already one."), "Already one.");
        assert_eq!(as_sentence("  "), "");
        assert_eq!(as_sentence("été"), "été.");
    }

    #[test]
    fn title_is_trimmed_and_required() {
        assert_eq!(Title::parse("  Launch  ").unwrap().as_str(), "Launch");
        assert_eq!(Title::parse("   "), Err(TextError::Missing("Title")));
    }

    #[test]
    fn title_allows_exactly_200_characters_counted_as_characters() {
        assert!(Title::parse(&"é".repeat(200)).is_ok());
        let err = Title::parse(&"a".repeat(201)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Title must be at most 200 characters (it has 201)"
        );
    }

    #[test]
    fn title_refuses_line_breaks_but_description_keeps_them() {
        assert!(Title::parse("a\nb").is_err());
        assert_eq!(Description::parse("a\nb").unwrap().as_str(), "a\nb");
    }

    #[test]
    fn empty_owner_and_description_are_allowed() {
        assert_eq!(OwnerName::parse("").unwrap().as_str(), "");
        assert_eq!(Description::parse(" ").unwrap().as_str(), "");
    }

    #[test]
    fn deserialising_validates() {
        let bad: Result<Title, _> = serde_json::from_str("\"\"");
        assert!(bad.is_err());
    }
}
