//! The what-if of a date change, before it is saved: which dependency conflicts appear and
//! clear, which releases (teams, owners) are concerned, and what "move dependents too" would
//! move. Shown in the edit form as the date changes, and as a dialog for moves made on the
//! calendar (drag or keyboard). The server computes it; this only shows it.

use super::moves::{MoveRequest, Rescheduler};
use crate::api::dependencies::preview_move;
use crate::domain::dates::{FIELD_DAY, Show, read_day};
use crate::domain::{Conflict, ReleaseId, Team, TeamId};
use crate::read::{LinkedRelease, MovePreview};
use chrono::NaiveDate;
use leptos::lazy;
use leptos::prelude::*;

fn team_name(teams: &[Team], id: TeamId) -> String {
    teams
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| "another team".to_owned(), |t| t.name.clone())
}

/// The preview, in words.
#[component]
pub fn PreviewSummary(preview: MovePreview, teams: Vec<Team>) -> impl IntoView {
    let name = {
        let teams = teams.clone();
        move |id: TeamId| team_name(&teams, id)
    };
    let conflict_item = {
        let name = name.clone();
        move |(release, conflict): (LinkedRelease, Conflict)| {
            let name = name.clone();
            view! { <li><strong>{release.title.to_string()}</strong>": "{conflict.message(name)}</li> }
        }
    };
    let who = |r: &LinkedRelease| {
        let owner = if r.owner.as_str().is_empty() {
            "no owner named".to_owned()
        } else {
            r.owner.to_string()
        };
        format!(
            "{} ({}, {}) · {}",
            r.title,
            name(r.team),
            owner,
            r.target.show(FIELD_DAY)
        )
    };
    let mut concerned: Vec<String> = preview
        .affected
        .iter()
        .map(|r| team_name(&teams, r.team))
        .collect();
    concerned.sort();
    concerned.dedup();
    let MovePreview {
        appear,
        clear,
        affected,
        shifts,
    } = preview;
    view! {
        <div class="what-if">
            {(!appear.is_empty()).then(|| view! {
                <p class="what-if-head bad">{format!("{} new conflict{}", appear.len(), plural(appear.len()))}</p>
                <ul>{appear.into_iter().map(conflict_item.clone()).collect_view()}</ul>
            })}
            {(!clear.is_empty()).then(|| view! {
                <p class="what-if-head good">{format!("{} conflict{} cleared", clear.len(), plural(clear.len()))}</p>
                <ul>{clear.into_iter().map(conflict_item.clone()).collect_view()}</ul>
            })}
            {(!affected.is_empty()).then(|| view! {
                <p class="what-if-head">
                    {format!("Depending on it: {} release{} of {}", affected.len(), plural(affected.len()), concerned.join(", "))}
                </p>
                <ul>{affected.iter().map(|r| view! { <li>{who(r)}</li> }).collect_view()}</ul>
            })}
            {(!shifts.is_empty()).then(|| view! {
                <p class="what-if-head">"“Move dependents too” would move"</p>
                <ul>
                    {shifts.into_iter().map(|(r, to)| view! {
                        <li>{format!("{}: {} → {}", r.title, r.target.show(FIELD_DAY), to.show(FIELD_DAY))}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// In the edit form: once the date field holds another day, what that move would do, with the
/// choice to move the dependents too (a checkbox posted with the form). `date` is the day the
/// field holds.
#[component]
pub fn FormWhatIf(
    id: ReleaseId,
    original: NaiveDate,
    date: ReadSignal<String>,
    teams: Vec<Team>,
) -> impl IntoView {
    let day = Memo::new(move |_| read_day(&date.get()).ok().filter(|d| *d != original));
    let preview = Resource::new(
        move || day.get(),
        move |day| async move {
            match day {
                Some(day) => preview_move(id, day.to_string()).await.ok(),
                None => None,
            }
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || {
                let teams = teams.clone();
                Suspend::new(async move {
                    let preview = preview.await.filter(|p| !p.is_quiet())?;
                    let shifts = preview.shifts.len();
                    Some(view! {
                        <div class="callout what-if-box" role="status" aria-live="polite">
                            <p><strong>"Before you save: this date change affects dependencies."</strong></p>
                            <PreviewSummary preview teams />
                            {(shifts > 0).then(|| view! {
                                <label class="check">
                                    <input type="checkbox" name="move_dependents" value="on" />
                                    {format!(" Move dependents too ({shifts} release{})", plural(shifts))}
                                </label>
                            })}
                        </div>
                    })
                })
            }}
        </Transition>
    }
}

/// The dialog asking about a calendar move whose what-if concerns other releases. Its code
/// is fetched with the first such move.
#[lazy]
pub fn move_dialog(
    mover: Rescheduler,
    request: MoveRequest,
    preview: MovePreview,
    teams: Vec<Team>,
) -> AnyView {
    let shifts = preview.shifts.len();
    let title = request.title.clone();
    let to = request.to;
    let node = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = node.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let (alone, together, cancel) = (request.clone(), request.clone(), request.clone());
    view! {
        <dialog
            node_ref=node
            class="sheet what-if-dialog"
            aria-labelledby="what-if-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                mover.decide(cancel.clone(), None);
            }
        >
            <h2 id="what-if-title">{format!("Move “{title}” to {}?", to.show("%a %-d %b %Y"))}</h2>
            <PreviewSummary preview teams />
            <div class="form-actions">
                <button type="button" class="button primary" on:click=move |_| mover.decide(alone.clone(), Some(false))>
                    "Move only this release"
                </button>
                {(shifts > 0).then(|| view! {
                    <button type="button" class="button" on:click=move |_| mover.decide(together.clone(), Some(true))>
                        {format!("Move dependents too ({shifts})")}
                    </button>
                })}
                <button type="button" class="button ghost" on:click=move |_| mover.decide(request.clone(), None)>
                    "Cancel"
                </button>
            </div>
        </dialog>
    }
    .into_any()
}
