//! Routed pages, one module each.

pub mod calendar;
pub mod not_found;
pub mod people;
pub mod ships;
pub mod sign_in;
pub mod tokens;
