//! The top bar: product name, the places, the signed-in person's menu, and the theme switch.

use super::session::CurrentUser;
use super::theme::ThemeToggle;
use crate::api::session::SignOut;
use crate::domain::Principal;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let user = CurrentUser::get();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 3v13M12 3l7 11h-7M12 5L6 14h6" />
                    <path d="M4 18h16l-2 3H6z" />
                </svg>
                <span class="brand-text">"Flotilla"</span>
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    user.load().await.map(|me| view! { <Places me=me.clone() /> <div class="topbar-end"><ThemeToggle /><UserMenu me /></div> }.into_any())
                        .unwrap_or_else(|| view! { <div class="topbar-end"><ThemeToggle /></div> }.into_any())
                })}
            </Suspense>
        </header>
    }
}

/// The places, the current one marked for assistive technology and styling. Plain links: the
/// router takes their clicks, as it does every link on the site.
#[component]
fn Places(me: Principal) -> impl IntoView {
    let pathname = use_location().pathname;
    let current = move |path: &'static str| move || pathname.with(|p| p == path).then_some("page");
    view! {
        <nav class="places" aria-label="Places">
            <a href="/" aria-current=current("/")>
                "Calendar"
            </a>
            <a href="/map" aria-current=current("/map")>
                "Dependencies"
            </a>
            <a href="/ships" aria-current=current("/ships")>
                "What ships when"
            </a>
            {me.admin.then(|| view! {
                <a href="/admin/users" aria-current=current("/admin/users")>"People"</a>
                <a href="/admin/checklists" aria-current=current("/admin/checklists")>"Checklists"</a>
            })}
        </nav>
    }
}

/// The person's name and role, with their tokens and sign-out. A `<details>` menu, so it opens
/// without JavaScript and by keyboard. Signing out is a plain form post: the server ends the
/// session and redirects to the sign-in page, which loads afresh without the person's data.
/// (An `ActionForm` here would put a form decoder in the calendar's first load for one button.)
#[component]
fn UserMenu(me: Principal) -> impl IntoView {
    let role = if me.admin {
        "Administrator".to_owned()
    } else {
        me.memberships
            .first()
            .map(|m| format!("{} · {}", m.role.label(), m.team_name))
            .unwrap_or_else(|| "No team yet".into())
    };
    let initials: String = me
        .name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    view! {
        <details class="user-menu">
            <summary title="Your account">
                <span class="avatar" aria-hidden="true">{initials}</span>
                <span class="user-name">{me.name.clone()}</span>
            </summary>
            <div class="menu" role="group" aria-label="Account">
                <p class="menu-who">
                    <strong>{me.name.clone()}</strong>
                    <span>{me.email.clone()}</span>
                    <span class="menu-role">{role}</span>
                </p>
                <a href="/settings/tokens">"API tokens"</a>
                <form method="post" action=SignOut::PATH>
                    <button type="submit" class="menu-item">"Sign out"</button>
                </form>
            </div>
        </details>
    }
}
