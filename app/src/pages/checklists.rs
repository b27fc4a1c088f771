//! The organisation's dependency checklists (administrators): for each kind of release, the
//! dependencies such releases usually have. A release of that kind gets them as a checklist
//! when it is created or its kind changes.

use crate::api::prompts::{AddPromptTemplate, RemovePromptTemplate, load_prompt_templates};
use crate::components::feedback::{ActionAlert, FieldMessage, error_of};
use crate::domain::ReleaseKind;
use crate::domain::dependency::DependencyKind;
use crate::domain::prompt::PromptTemplate;
use crate::pages::tokens::confirm_first;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ChecklistsPage() -> impl IntoView {
    let add = ServerAction::<AddPromptTemplate>::new();
    let remove = ServerAction::<RemovePromptTemplate>::new();
    let templates = Resource::new(
        move || (add.version().get(), remove.version().get()),
        |_| load_prompt_templates(),
    );
    let error = error_of(add);
    let removal = error_of(remove);
    view! {
        <Title text="Dependency checklists" />
        <section class="admin-page" aria-labelledby="checklists-title">
            <header class="page-header">
                <h1 id="checklists-title">"Dependency checklists"</h1>
                <p class="page-lede">
                    "What releases of each kind usually depend on. A new release of that kind shows these as a checklist until each is linked to a release or dismissed with a reason."
                </p>
            </header>
            <section class="card" aria-labelledby="new-item-title">
                <h2 id="new-item-title">"Add an item"</h2>
                <ActionAlert error />
                <ActionForm action=add attr:class="release-form" attr:novalidate=true>
                    <div class="field-row">
                        <div class="field">
                            <label for="item-release-kind">"For releases of kind"</label>
                            <select id="item-release-kind" name="form[release_kind]">
                                {ReleaseKind::ALL.map(|k| view! { <option value=k.as_str()>{k.label()}</option> })}
                            </select>
                            <FieldMessage error field="release_kind" />
                        </div>
                        <div class="field">
                            <label for="item-dependency-kind">"Kind of dependency"</label>
                            <select id="item-dependency-kind" name="form[dependency_kind]">
                                {DependencyKind::ALL.map(|k| view! { <option value=k.as_str()>{k.label()}</option> })}
                            </select>
                            <FieldMessage error field="dependency_kind" />
                        </div>
                    </div>
                    <div class="field">
                        <label for="item-text">"What it usually needs"</label>
                        <input id="item-text" name="form[text]" autocomplete="off" placeholder="Fraud rules for the new provider's events" />
                        <FieldMessage error field="text" />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="button primary" disabled=move || add.pending().get()>"Add item"</button>
                    </div>
                </ActionForm>
            </section>
            <ActionAlert error=removal />
            <Transition fallback=|| view! { <div class="skeleton-block"></div> }>
                {move || Suspend::new(async move {
                    match templates.await {
                        Ok(list) => view! { <Kinds list remove /> }.into_any(),
                        Err(e) => view! { <p class="callout error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One table per kind of release that has items.
#[component]
fn Kinds(list: Vec<PromptTemplate>, remove: ServerAction<RemovePromptTemplate>) -> impl IntoView {
    ReleaseKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let items: Vec<_> = list.iter().filter(|t| t.release_kind == kind).cloned().collect();
            (!items.is_empty()).then(|| {
                let (heading, labelled) = (format!("checklist-{}", kind.as_str()), format!("checklist-{}", kind.as_str()));
                view! {
                    <section class="card" aria-labelledby=labelled>
                        <h2 id=heading>{kind.label()}</h2>
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Usually needs"</th>
                                    <th scope="col">"Kind of dependency"</th>
                                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {items.into_iter().map(|t| view! {
                                    <tr>
                                        <td>{t.text.to_string()}</td>
                                        <td>{t.dependency_kind.label()}</td>
                                        <td>
                                            <ActionForm action=remove attr:class="inline-form">
                                                <input type="hidden" name="id" value=t.id.0 />
                                                <button type="submit" class="button small danger-ghost" aria-label=format!("Remove “{}”", t.text) on:click=confirm_first("Remove this item? Releases that already have it keep it.")>
                                                    "Remove"
                                                </button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
            })
        })
        .collect_view()
}
