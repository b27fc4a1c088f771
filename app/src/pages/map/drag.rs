//! Rescheduling on the map: drag a release along its lane. The move's what-if comes first, as
//! on the calendar: a move that concerns no other release saves at once; otherwise a dialog
//! says what it would do and offers to move the dependents too.

use crate::api::dependencies::{move_with_dependents, preview_move};
use crate::api::reschedule_release;
use crate::components::toast::Toasts;
use crate::domain::dates::{FIELD_DAY, Show};
use crate::domain::{ReleaseId, Team};
use crate::pages::calendar::what_if::PreviewSummary;
use crate::read::{LinkedRelease, MovePreview};
use chrono::{NaiveDate, TimeDelta};
use leptos::prelude::*;

/// A drag in progress and a move waiting for an answer; `saved` is bumped after each save.
#[derive(Clone, Copy)]
pub struct MapMover {
    dragging: StoredValue<Option<(ReleaseId, f64)>>,
    asking: RwSignal<Option<(LinkedRelease, NaiveDate, MovePreview)>>,
    pub saved: RwSignal<u32>,
}

impl MapMover {
    pub fn new() -> Self {
        Self {
            dragging: StoredValue::new(None),
            asking: RwSignal::new(None),
            saved: RwSignal::new(0),
        }
    }

    pub fn start(self, id: ReleaseId, ev: &leptos::ev::DragEvent) {
        self.dragging
            .set_value(Some((id, f64::from(ev.client_x()))));
        if let Some(transfer) = ev.data_transfer() {
            let _ = transfer.set_data("text/plain", &id.to_string());
        }
    }

    /// The release dropped `ev.client_x()` pixels along from where its drag began, at
    /// `day_width` pixels a day.
    pub fn drop(self, ev: &leptos::ev::DragEvent, day_width: f64, releases: &[LinkedRelease]) {
        ev.prevent_default();
        let Some((id, from_x)) = self.dragging.get_value() else {
            return;
        };
        self.dragging.set_value(None);
        let days = ((f64::from(ev.client_x()) - from_x) / day_width).round() as i64;
        let Some(release) = releases.iter().find(|r| r.id == id).cloned() else {
            return;
        };
        let Some(to) = release.target.checked_add_signed(TimeDelta::days(days)) else {
            return;
        };
        if days == 0 {
            return;
        }
        leptos::task::spawn_local(async move {
            match preview_move(id, to.to_string()).await {
                Ok(preview) if preview.is_quiet() => self.save(release, to, false).await,
                Ok(preview) => self.asking.set(Some((release, to, preview))),
                Err(err) => {
                    Toasts::get().error(format!("Could not move “{}”: {err}", release.title))
                }
            }
        });
    }

    async fn save(self, release: LinkedRelease, to: NaiveDate, with_dependents: bool) {
        let toasts = Toasts::get();
        let saved = if with_dependents {
            move_with_dependents(release.id, release.version, to.to_string())
                .await
                .map(|moved| moved.len().saturating_sub(1))
        } else {
            reschedule_release(release.id, release.version, to.to_string())
                .await
                .map(|_| 0)
        };
        match saved {
            Ok(others) => {
                let also = match others {
                    0 => String::new(),
                    1 => " and 1 dependent release".to_owned(),
                    n => format!(" and {n} dependent releases"),
                };
                toasts.success(format!(
                    "Moved “{}” to {}{also}",
                    release.title,
                    to.show("%a %-d %b")
                ));
            }
            Err(err) => toasts.error(format!("Could not move “{}”: {err}", release.title)),
        }
        self.saved.update(|n| *n += 1);
    }

    /// The dialog for a move that concerns other releases.
    pub fn dialog(self, teams: Vec<Team>) -> impl IntoView {
        move || {
            let (release, to, preview) = self.asking.get()?;
            let node = NodeRef::<leptos::html::Dialog>::new();
            Effect::new(move |_| {
                if let Some(dialog) = node.get()
                    && !dialog.open()
                {
                    let _ = dialog.show_modal();
                }
            });
            let shifts = preview.shifts.len();
            let decide = move |with: Option<bool>, release: LinkedRelease| {
                self.asking.set(None);
                if let Some(with_dependents) = with {
                    leptos::task::spawn_local(self.save(release, to, with_dependents));
                }
            };
            let (alone, together, cancel) = (release.clone(), release.clone(), release.clone());
            let escape = release.clone();
            Some(view! {
                <dialog
                    node_ref=node
                    class="sheet what-if-dialog"
                    aria-labelledby="what-if-title"
                    on:cancel=move |ev: leptos::ev::Event| {
                        ev.prevent_default();
                        decide(None, escape.clone());
                    }
                >
                    <h2 id="what-if-title">{format!("Move “{}” to {}?", release.title, to.show(FIELD_DAY))}</h2>
                    <PreviewSummary preview teams=teams.clone() />
                    <div class="form-actions">
                        <button type="button" class="button primary" on:click=move |_| decide(Some(false), alone.clone())>
                            "Move only this release"
                        </button>
                        {(shifts > 0).then(|| view! {
                            <button type="button" class="button" on:click=move |_| decide(Some(true), together.clone())>
                                {format!("Move dependents too ({shifts})")}
                            </button>
                        })}
                        <button type="button" class="button ghost" on:click=move |_| decide(None, cancel.clone())>
                            "Cancel"
                        </button>
                    </div>
                </dialog>
            })
        }
    }
}
