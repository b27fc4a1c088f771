//! Sign-in, and the one-time setup of the first administrator. Plain forms: they work before
//! hydration and with JavaScript off (the server redirects), and with it on the page reloads
//! into the app so everything renders for the signed-in person.

use crate::api::session::{SetUp, SignIn};
use crate::components::feedback::{ActionAlert, FieldMessage, error_of};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn go(path: &str) {
    let _ = window().location().set_href(path);
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let next = use_query_map()
        .get_untracked()
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let target = next.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            go(&target);
        }
    });
    let error = error_of(action);
    view! {
        <Title text="Sign in" />
        <section class="auth-card" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in to Flotilla"</h1>
            <p class="page-lede">"The release calendar your teams share."</p>
            <ActionForm action attr:class="auth-form">
                <input type="hidden" name="next" value=next />
                <ActionAlert error list_fields=true />
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required autofocus />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required />
                </div>
                <button type="submit" class="button primary wide" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="auth-help">"No account yet? Ask an administrator of your Flotilla to create one."</p>
        </section>
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let action = ServerAction::<SetUp>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            go("/");
        }
    });
    let error = error_of(action);
    view! {
        <Title text="Set up" />
        <section class="auth-card" aria-labelledby="setup-title">
            <h1 id="setup-title">"Set up Flotilla"</h1>
            <p class="page-lede">
                "Create the first administrator. You can invite everyone else and give them team roles afterwards."
            </p>
            <ActionForm action attr:class="auth-form">
                <ActionAlert error />
                <div class="field">
                    <label for="name">"Your name"</label>
                    <input id="name" name="name" autocomplete="name" required />
                    <FieldMessage error field="name" />
                </div>
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required />
                    <FieldMessage error field="email" />
                </div>
                <div class="field">
                    <label for="password">"Password " <span class="optional">"(at least 12 characters)"</span></label>
                    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" />
                    <FieldMessage error field="password" />
                </div>
                <button type="submit" class="button primary wide" disabled=move || action.pending().get()>
                    "Create administrator"
                </button>
            </ActionForm>
        </section>
    }
}
