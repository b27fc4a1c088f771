//! The top bar: product name, the places, the signed-in person's menu, and the theme switch.

use super::session::CurrentUser;
use super::theme::ThemeToggle;
use crate::api::session::SignOut;
use crate::domain::Principal;
use leptos::prelude::*;
use leptos_router::components::A;

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

#[component]
fn Places(me: Principal) -> impl IntoView {
    view! {
        <nav class="places" aria-label="Places">
            <A href="/" exact=true>
                "Calendar"
            </A>
            <A href="/ships">"What ships when"</A>
            {me.admin.then(|| view! { <A href="/admin/users">"People"</A> })}
        </nav>
    }
}

/// The person's name and role, with their tokens and sign-out. A `<details>` menu, so it opens
/// without JavaScript and by keyboard.
#[component]
fn UserMenu(me: Principal) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            let _ = window().location().set_href("/sign-in");
        }
    });
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
                <ActionForm action=sign_out>
                    <button type="submit" class="menu-item">"Sign out"</button>
                </ActionForm>
            </div>
        </details>
    }
}
