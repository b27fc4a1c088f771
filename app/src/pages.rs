//! Routed pages, one module each.

pub mod calendar;
pub mod not_found;
pub mod ships;
