//! People (administrators only): create accounts, give team roles, disable and enable.

use super::tokens::confirm_first;
use crate::api::load_teams;
use crate::api::users::{CreateUser, SetMembership, SetUserDisabled, list_users};
use crate::components::feedback::{ActionAlert, FieldMessage, error_of};
use crate::domain::access::UserSummary;
use crate::domain::{Role, Team};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let membership = ServerAction::<SetMembership>::new();
    let disable = ServerAction::<SetUserDisabled>::new();
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                membership.version().get(),
                disable.version().get(),
            )
        },
        |_| list_users(),
    );
    let teams = Resource::new(|| (), |_| load_teams());
    let change_error = Signal::derive(move || {
        membership
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| disable.value().get().and_then(|r| r.err()))
    });
    view! {
        <Title text="People" />
        <section class="admin-page" aria-labelledby="people-title">
            <header class="page-header">
                <h1 id="people-title">"People"</h1>
                <p class="page-lede">
                    "Who can use Flotilla and what they may do in each team. Roles: PM plans and approves; Engineering edits and reschedules; Marketing edits the stakeholder matrix; Support submits evidence; Viewer reads."
                </p>
            </header>
            {move || change_error.get().map(|e| view! { <p class="callout error" role="alert">{e.to_string()}</p> })}
            <Suspense fallback=|| view! { <div class="skeleton-block tall"></div> }>
                {move || Suspend::new(async move {
                    match (users.await, teams.await) {
                        (Ok(users), Ok(teams)) => view! {
                            <PeopleTable users teams membership disable />
                        }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! {
                            <p class="callout error" role="alert">{e.to_string()}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <NewPerson create teams />
        </section>
    }
}

#[component]
fn PeopleTable(
    users: Vec<UserSummary>,
    teams: Vec<Team>,
    membership: ServerAction<SetMembership>,
    disable: ServerAction<SetUserDisabled>,
) -> impl IntoView {
    view! {
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">"Person"</th>
                    <th scope="col">"Teams and roles"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|u| {
                        let id = u.principal.id.0;
                        let disabled = u.disabled;
                        let teams = teams.clone();
                        let kind = if u.service { " · service account" } else if u.principal.admin { " · administrator" } else { "" };
                        view! {
                            <tr class:muted=u.disabled>
                                <td>
                                    <strong>{u.principal.name.clone()}</strong>
                                    <span class="cell-sub">{format!("{}{kind}", u.principal.email)}</span>
                                </td>
                                <td>
                                    <ul class="role-list">
                                        {u.principal.memberships.clone().into_iter().map(|m| {
                                            let label = format!("{} · {}", m.role.label(), m.team_name);
                                            view! {
                                                <li class="role-chip">
                                                    {label.clone()}
                                                    <ActionForm action=membership attr:class="inline-form">
                                                        <input type="hidden" name="user_id" value=id />
                                                        <input type="hidden" name="team_id" value=m.team_id.0 />
                                                        <input type="hidden" name="role" value="" />
                                                        <button type="submit" class="chip-remove" aria-label=format!("Remove {label}") title="Remove">"×"</button>
                                                    </ActionForm>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <ActionForm action=membership attr:class="inline-form add-role">
                                        <input type="hidden" name="user_id" value=id />
                                        <select name="team_id" aria-label=format!("Team for {}", u.principal.name)>
                                            {teams.into_iter().map(|t| view! { <option value=t.id.0>{t.name}</option> }).collect_view()}
                                        </select>
                                        <select name="role" aria-label=format!("Role for {}", u.principal.name)>
                                            {Role::ALL.map(|r| view! { <option value=r.as_str()>{r.label()}</option> })}
                                        </select>
                                        <button type="submit" class="button small">"Add role"</button>
                                    </ActionForm>
                                </td>
                                <td>{if u.disabled { "Disabled" } else { "Active" }}</td>
                                <td>
                                    <ActionForm action=disable attr:class="inline-form">
                                        <input type="hidden" name="user_id" value=id />
                                        <input type="hidden" name="disabled" value=(!u.disabled).to_string() />
                                        <button type="submit" class="button small ghost" on:click=move |ev| if !disabled { confirm_first("Disable this account? It is signed out everywhere at once.")(ev) }>
                                            {if u.disabled { "Enable" } else { "Disable" }}
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn NewPerson(
    create: ServerAction<CreateUser>,
    teams: Resource<Result<Vec<Team>, AppError>>,
) -> impl IntoView {
    let error = error_of(create);
    let created = move || {
        create.value().get().and_then(Result::ok).map(|u| {
            view! { <p class="callout success" role="status">{format!("Created {} ({}).", u.principal.name, u.principal.email)}</p> }
        })
    };
    view! {
        <section class="card" aria-labelledby="new-person-title">
            <h2 id="new-person-title">"Add a person or service account"</h2>
            {created}
            <ActionAlert error />
            <ActionForm action=create attr:class="release-form">
                <div class="field-row">
                    <div class="field">
                        <label for="person-name">"Name"</label>
                        <input id="person-name" name="form[name]" autocomplete="off" />
                        <FieldMessage error field="name" />
                    </div>
                    <div class="field">
                        <label for="person-email">"Email"</label>
                        <input id="person-email" name="form[email]" type="email" autocomplete="off" />
                        <FieldMessage error field="email" />
                    </div>
                </div>
                <div class="field">
                    <label for="person-password">"First password " <span class="optional">"(at least 12 characters; not needed for a service account)"</span></label>
                    <input id="person-password" name="form[password]" type="password" autocomplete="new-password" />
                    <FieldMessage error field="password" />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="person-team">"Team " <span class="optional">"(optional)"</span></label>
                        <select id="person-team" name="form[team_id]">
                            <option value="">"No team yet"</option>
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    teams.await.unwrap_or_default().into_iter().map(|t| view! { <option value=t.id.0>{t.name}</option> }).collect_view()
                                })}
                            </Suspense>
                        </select>
                        <FieldMessage error field="team_id" />
                    </div>
                    <div class="field">
                        <label for="person-role">"Role"</label>
                        <select id="person-role" name="form[role]">
                            {Role::ALL.map(|r| view! { <option value=r.as_str()>{r.label()}</option> })}
                        </select>
                        <FieldMessage error field="role" />
                    </div>
                </div>
                <label class="checkbox">
                    <input type="checkbox" name="form[admin]" />
                    <span>"Administrator — may manage people and everything else"</span>
                </label>
                <label class="checkbox">
                    <input type="checkbox" name="form[service]" />
                    <span>"Service account — no sign-in; acts through API tokens (for CI)"</span>
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || create.pending().get()>"Add"</button>
                </div>
            </ActionForm>
        </section>
    }
}
