//! Integration tests: the stores and the running application, each against SQLite and a real
//! PostgreSQL server. Test names contain `sqlite::` or `postgres::`.

mod access;
mod audit;
mod dependencies;
mod helpers;
mod live;
mod pages;
mod prompts;
mod security;
mod server_fns;
mod store;
mod tokens;
mod write_path;
