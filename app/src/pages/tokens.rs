//! API tokens: create one with scopes (shown once), see when each was last used, revoke.

use crate::api::tokens::{CreateToken, RevokeToken, list_tokens};
use crate::api::users::list_users;
use crate::components::feedback::{ActionAlert, FieldMessage, error_of};
use crate::components::session::CurrentUser;
use crate::domain::Scope;
use crate::domain::access::TokenSummary;
use crate::domain::dates::Show;
use leptos::prelude::*;
use leptos_meta::Title;

/// A click handler that asks before a destructive submit, and cancels it on "no".
pub fn confirm_first(question: impl Into<String>) -> impl Fn(leptos::ev::MouseEvent) {
    let question = question.into();
    move |ev| {
        if !window().confirm_with_message(&question).unwrap_or(false) {
            ev.prevent_default();
        }
    }
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_tokens(),
    );
    let user = CurrentUser::get();
    let error = error_of(create);
    let secret = move || {
        create.value().get().and_then(Result::ok).map(|created| {
            view! {
                <div class="callout success" role="status">
                    <p><strong>{format!("Token “{}” created.", created.token.name)}</strong>" Copy it now: it is not shown again."</p>
                    <code class="secret" data-testid="new-token">{created.secret}</code>
                </div>
            }
        })
    };
    view! {
        <Title text="API tokens" />
        <section class="admin-page" aria-labelledby="tokens-title">
            <header class="page-header">
                <h1 id="tokens-title">"API tokens"</h1>
                <p class="page-lede">
                    "Tokens let scripts and CI call Flotilla's API as "
                    <code>"Authorization: Bearer …"</code>
                    ". A token can do only what its scopes and its owner's roles allow."
                </p>
            </header>
            <section class="card" aria-labelledby="new-token-title">
                <h2 id="new-token-title">"New token"</h2>
                {secret}
                <ActionAlert error />
                <ActionForm action=create attr:class="release-form">
                    <div class="field">
                        <label for="token-name">"Name"</label>
                        <input id="token-name" name="form[name]" placeholder="e.g. Deploy pipeline" autocomplete="off" />
                        <FieldMessage error field="name" />
                    </div>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let admin = user.load().await.is_some_and(|me| me.admin);
                            admin.then(|| view! { <OwnerField /> })
                        })}
                    </Suspense>
                    <fieldset class="field">
                        <legend>"Scopes"</legend>
                        {Scope::ALL.map(|s| view! {
                            <label class="checkbox">
                                <input type="checkbox" name=format!("form[{}]", s.as_str()) checked=s == Scope::Read />
                                <span>{s.label()}</span>
                            </label>
                        })}
                        <FieldMessage error field="scopes" />
                    </fieldset>
                    <div class="form-actions">
                        <button type="submit" class="button primary" disabled=move || create.pending().get()>"Create token"</button>
                    </div>
                </ActionForm>
            </section>
            {move || revoke.value().get().and_then(Result::err).map(|e| view! { <p class="callout error" role="alert">{e.to_string()}</p> })}
            <Suspense fallback=|| view! { <div class="skeleton-block"></div> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty-note">"No tokens yet. Create one above for a script or pipeline."</p> }.into_any(),
                        Ok(list) => view! { <TokenTable list revoke /> }.into_any(),
                        Err(e) => view! { <p class="callout error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Administrators may make a token for a service account instead of themselves.
#[component]
fn OwnerField() -> impl IntoView {
    let users = Resource::new(|| (), |_| list_users());
    view! {
        <div class="field">
            <label for="token-owner">"For"</label>
            <select id="token-owner" name="form[owner]">
                <option value="">"Myself"</option>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        users.await.unwrap_or_default().into_iter().filter(|u| u.service && !u.disabled).map(|u| {
                            view! { <option value=u.principal.id.0>{format!("{} (service account)", u.principal.name)}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
        </div>
    }
}

#[component]
fn TokenTable(list: Vec<TokenSummary>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    view! {
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Owner"</th>
                    <th scope="col">"Scopes"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|t| {
                    let scopes = t.scopes.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ");
                    let used = t.last_used_at.map_or_else(|| "Never".to_owned(), |at| at.show("%-d %b %Y %H:%M UTC"));
                    view! {
                        <tr>
                            <td><strong>{t.name.clone()}</strong></td>
                            <td>{t.owner_name.clone()}</td>
                            <td>{scopes}</td>
                            <td title=t.created_at.to_rfc3339()>{t.created_at.show("%-d %b %Y")}</td>
                            <td>{used}</td>
                            <td>
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="id" value=t.id.0 />
                                    <button type="submit" class="button small danger-ghost" aria-label=format!("Revoke {}", t.name) on:click=confirm_first("Revoke this token? Scripts using it stop working at once.")>"Revoke"</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
