//! A release's History tab: its audit trail, in plain sentences.

use crate::api::load_history;
use crate::components::live::Live;
use crate::domain::ReleaseId;
use crate::domain::dates::{Show, time_ago};
use leptos::lazy;
use leptos::prelude::*;

/// The History tab's content. Its code is fetched when the tab is first opened (the page never
/// renders it on the server), which keeps it out of the calendar's first load.
#[lazy]
pub fn history_list(id: ReleaseId) -> AnyView {
    view! { <HistoryList id /> }.into_any()
}

#[component]
fn HistoryList(id: ReleaseId) -> impl IntoView {
    let live = Live::get().watch(move |change| change.entity == "release" && change.id == id.0);
    let entries = Resource::new(move || (id, live.get()), |(id, _)| load_history(id));
    view! {
        <Transition fallback=|| view! { <div class="skeleton-block"></div> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty-note">"No recorded changes yet."</p>
                    }.into_any(),
                    Ok(list) => {
                        let now = chrono::Utc::now();
                        view! {
                        <ol class="history">
                            {list.into_iter().map(|entry| view! {
                                <li>
                                    <time datetime=entry.at.to_rfc3339() title=entry.at.show("%-d %b %Y %H:%M UTC")>
                                        {time_ago(entry.at, now)}
                                    </time>
                                    {entry.changes.into_iter().map(|change| view! {
                                        <p><strong>{entry.actor.clone()}</strong>" "{change}</p>
                                    }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ol>
                        }.into_any()
                    }
                    Err(err) => view! { <p class="callout error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
