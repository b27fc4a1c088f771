//! People (administrators only): create accounts, give team roles, disable and enable.

use super::tokens::confirm_first;
use crate::api::load_teams;
use crate::api::users::{CreateUser, SetMembership, SetUserDisabled, list_users};
use crate::components::feedback::{ActionAlert, FieldMessage, error_of};
use crate::components::session::{CurrentUser, may};
use crate::domain::access::UserSummary;
use crate::domain::{Action, Role, Team};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PeoplePage() -> impl IntoView {
    view! {
        <Title text="People" />
        <section class="admin-page" aria-labelledby="people-title">
            <header class="page-header">
                <h1 id="people-title">"People"</h1>
                <p class="page-lede">
                    "Who can use Flotilla and what they may do in each team. Roles: PM plans and approves; Engineering edits and reschedules; Marketing edits the stakeholder matrix; Support submits evidence; Viewer reads."
                </p>
            </header>
            <Suspense fallback=|| view! { <div class="skeleton-block tall"></div> }>
                {move || Suspend::new(async move {
                    let me = CurrentUser::get().load().await;
                    if may(&me, Action::ManageUsers, None) {
                        view! { <People /> }.into_any()
                    } else {
                        view! {
                            <p class="callout" role="note">
                                "Only administrators manage people and roles. Ask one of them if your access should change."
                            </p>
                        }
                            .into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The member list and the form to add someone, for administrators.
#[component]
fn People() -> impl IntoView {
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
        <table class="data-table people">
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
                        let kind = if u.service { " · service account" } else if u.principal.admin { " · administrator" } else { "" };
                        view! {
                            <tr class:muted=u.disabled>
                                <td>
                                    <strong>{u.principal.name.clone()}</strong>
                                    <span class="cell-sub">{format!("{}{kind}", u.principal.email)}</span>
                                </td>
                                <td>
                                    <ul class="role-list">
                                        {u.principal.memberships.iter().map(|m| view! {
                                            <li class="role-chip">{format!("{} · {}", m.role.label(), m.team_name)}</li>
                                        }).collect_view()}
                                        {u.principal.memberships.is_empty().then(|| view! { <li class="cell-sub">"No team yet"</li> })}
                                    </ul>
                                </td>
                                <td>
                                    <span class=if u.disabled { "badge muted" } else { "badge ok" }>
                                        {if u.disabled { "Disabled" } else { "Active" }}
                                    </span>
                                </td>
                                <td class="row-actions">
                                    <RowMenu person=u.clone() teams=teams.clone() membership disable />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// One person's actions, behind a menu button: give or change a role (nothing preselected), and,
/// each asking first, remove a role or disable the account.
#[component]
fn RowMenu(
    person: UserSummary,
    teams: Vec<Team>,
    membership: ServerAction<SetMembership>,
    disable: ServerAction<SetUserDisabled>,
) -> impl IntoView {
    let id = person.principal.id.0;
    let name = person.principal.name.clone();
    let disabled = person.disabled;
    let disable_question =
        format!("Disable {name}'s account? They are signed out everywhere at once.");
    let (menu_label, team_label, role_label) = (
        format!("Actions for {name}"),
        format!("Team for {name}"),
        format!("Role for {name}"),
    );
    let removals = person
        .principal
        .memberships
        .into_iter()
        .map(|m| {
            let label = format!("{} · {}", m.role.label(), m.team_name);
            let question = format!("Remove {name}'s role {label}?");
            view! {
                <ActionForm action=membership attr:class="menu-form">
                    <input type="hidden" name="user_id" value=id />
                    <input type="hidden" name="team_id" value=m.team_id.0 />
                    <input type="hidden" name="role" value="" />
                    <button type="submit" class="menu-item danger" on:click=confirm_first(question)>
                        {format!("Remove {label}…")}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <details class="row-menu">
            <summary class="icon-button" aria-label=menu_label title="Actions">
                "⋯"
            </summary>
            <div class="menu row-menu-popover">
                <ActionForm action=membership attr:class="menu-form">
                    <input type="hidden" name="user_id" value=id />
                    <p class="menu-heading">"Give a role"</p>
                    <select name="team_id" required aria-label=team_label>
                        <option value="" selected>"Choose a team"</option>
                        {teams.into_iter().map(|t| view! { <option value=t.id.0>{t.name}</option> }).collect_view()}
                    </select>
                    <select name="role" required aria-label=role_label>
                        <option value="" selected>"Choose a role"</option>
                        {Role::ALL.map(|r| view! { <option value=r.as_str()>{r.label()}</option> })}
                    </select>
                    <button type="submit" class="button small">"Save role"</button>
                </ActionForm>
                {removals}
                <ActionForm action=disable attr:class="menu-form">
                    <input type="hidden" name="user_id" value=id />
                    <input type="hidden" name="disabled" value=(!disabled).to_string() />
                    {if disabled {
                        view! { <button type="submit" class="menu-item">"Enable account"</button> }.into_any()
                    } else {
                        view! {
                            <button type="submit" class="menu-item danger" on:click=confirm_first(disable_question)>
                                "Disable account…"
                            </button>
                        }
                            .into_any()
                    }}
                </ActionForm>
            </div>
        </details>
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
                            <option value="">"Choose a role"</option>
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
