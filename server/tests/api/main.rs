//! Integration tests: the stores and the running application, each against SQLite and a real
//! PostgreSQL server. Test names contain `sqlite::` or `postgres::`.

mod helpers;
mod pages;
mod server_fns;
mod store;
