//! Server functions: the browser's only way to read and change data. Each one validates its
//! input, calls the store, and maps failures to an [`AppError`](crate::error::AppError).

pub mod calendar;
pub mod releases;
#[cfg(feature = "ssr")]
mod support;

pub use calendar::{CalendarData, ShipsData, load_calendar, load_ships, load_teams};
pub use releases::{
    CreateRelease, DeleteRelease, RescheduleRelease, UpdateRelease, create_release, delete_release,
    load_release, reschedule_release, update_release,
};
