//! Routed pages, one module each.
//!
//! The calendar is what people open most, so its code is in the main bundle. Every other page
//! is a lazy route: `cargo leptos build --split` (which every build must use) puts its code in
//! a separate file the browser fetches on the first visit, keeping the calendar's first load
//! small.

pub mod calendar;
pub mod checklists;
pub mod map;
pub mod not_found;
pub mod people;
pub mod ships;
pub mod sign_in;
pub mod tokens;

macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                crate::mark_hydrated();
                leptos::view! { <$page /> }.into_any()
            }
        }
    };
}

use checklists::ChecklistsPage;
use map::MapPage;
use people::PeoplePage;
use ships::ShipsPage;
use sign_in::{SetupPage, SignInPage};
use tokens::TokensPage;

lazy_page!(ShipsRoute, ShipsPage);
lazy_page!(MapRoute, MapPage);
lazy_page!(ChecklistsRoute, ChecklistsPage);
lazy_page!(SignInRoute, SignInPage);
lazy_page!(SetupRoute, SetupPage);
lazy_page!(PeopleRoute, PeoplePage);
lazy_page!(TokensRoute, TokensPage);
