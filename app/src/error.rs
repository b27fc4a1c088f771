//! The one error type the browser sees. Each variant maps to a message a person can act on;
//! internal details are logged on the server and never sent.

use crate::domain::{CurrentRelease, FieldErrors};
use crate::wire::JsonText;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the highlighted fields.")]
    Validation(FieldErrors),
    #[error("{0} was not found; it may have been deleted.")]
    NotFound(String),
    /// A stale edit: carries the current values so the person can compare and retry.
    #[error("This release was changed by someone else since you opened it.")]
    Conflict(Box<CurrentRelease>),
    /// A stale edit of something other than a release: `{0}` names it ("This dependency").
    #[error("{0} was changed by someone else since you opened it; reload to see it as it is now.")]
    Changed(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Throttled(String),
    /// A call that could not be read at all (not UTF-8, not a form).
    #[error("The request could not be read: {0}")]
    BadRequest(String),
    #[error("The request is larger than Flotilla accepts.")]
    TooLarge,
    #[error("Something went wrong on our side (reference {0}). Nothing was saved.")]
    Internal(String),
    #[error("Could not reach Flotilla: {0}")]
    Transport(String),
}

impl AppError {
    /// A validation error about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        Self::Validation(errors)
    }

    /// The message for `field`, when this is a validation error that names it, as a sentence:
    /// every form shows its messages in one style ("Title is required." / "Choose a team.").
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Validation(errors) => errors.get(field).map(crate::domain::text::as_sentence),
            _ => None,
        }
    }

    /// The HTTP status that best describes the error.
    pub fn status(&self) -> u16 {
        match self {
            Self::Validation(_) => 422,
            Self::NotFound(_) => 404,
            Self::Conflict(_) | Self::Changed(_) => 409,
            Self::Unauthorized(_) => 401,
            Self::Forbidden(_) => 403,
            Self::Throttled(_) => 429,
            Self::BadRequest(_) => 400,
            Self::TooLarge => 413,
            Self::Internal(_) => 500,
            Self::Transport(_) => 502,
        }
    }
}

impl AppError {
    pub fn signed_out() -> Self {
        Self::Unauthorized("Your session has ended. Sign in again to continue.".into())
    }
}

impl From<crate::domain::access::Denied> for AppError {
    fn from(denied: crate::domain::access::Denied) -> Self {
        Self::Forbidden(denied.0)
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        Self::Validation(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let caller_error = match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => Self::field(
                "form",
                format!("the form was incomplete or malformed: {msg}"),
            ),
            // On the server this is a request body that could not be read; in the browser, an
            // answer that could not be.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(msg) if msg.contains("length limit exceeded") => {
                Self::TooLarge
            }
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(msg) => Self::BadRequest(msg),
            other => return Self::Transport(other.to_string()),
        };
        // The caller's mistake, so a 4xx status rather than server_fn's 500.
        #[cfg(feature = "ssr")]
        let caller_error = crate::api::support::fail(caller_error);
        caller_error
    }
}
