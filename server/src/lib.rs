//! Flotilla's server: configuration, the SQL stores for SQLite and PostgreSQL, demo data, and
//! the axum application that serves the Leptos app and its server functions.

#![recursion_limit = "256"]

pub mod accounts;
pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod generate;
pub mod live;
pub mod readers;
pub mod rest;
pub mod routes;
pub mod startup;

pub use config::Config;
pub use startup::Application;
