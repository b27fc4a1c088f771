//! Server functions: the browser's only way to read and change data. Each one checks who is
//! calling and what they may do, validates its input, calls the store, and maps failures to an
//! [`AppError`](crate::error::AppError).

pub mod calendar;
pub mod dependencies;
pub mod prompts;
pub mod releases;
pub mod session;
#[cfg(feature = "ssr")]
pub mod support;
pub mod tokens;
pub mod users;

pub use crate::read::CalendarData;
pub use calendar::{ShipsData, load_calendar, load_ships, load_teams};
pub use releases::{
    CreateRelease, DeleteRelease, RescheduleRelease, UpdateRelease, create_release, delete_release,
    load_history, load_release, release_conflicts, reschedule_release, update_release,
};
