//! Domain types and pure rules shared by browser and server. No I/O lives here.

pub mod access;
pub mod account;
pub mod calendar;
pub mod conflict;
pub mod dates;
pub mod dependency;
pub mod field_errors;
pub mod filter;
pub mod history;
pub mod item;
pub mod kind;
pub mod live;
pub mod prompt;
pub mod release;
pub mod schedule;
pub mod status;
pub mod team;
pub mod text;
pub mod throttle;

pub use access::{Action, Membership, Principal, Role, Scope, TokenId, UserId};
pub use conflict::Conflict;
pub use field_errors::FieldErrors;
pub use filter::ReleaseFilter;
pub use item::CalendarItem;
pub use kind::ReleaseKind;
pub use release::{CurrentRelease, Release, ReleaseDraft, ReleaseForm, ReleaseId, Version};
pub use schedule::Schedule;
pub use status::{Confidence, ReleaseStatus};
pub use team::{Colour, Team, TeamId};
pub use text::{Description, OwnerName, PersonName, Title, TokenName};
