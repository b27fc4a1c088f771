//! Rescheduling from the calendar, by drag and drop or by keyboard: the optimistic date shown
//! while the server saves, the keyboard move in progress, and Undo.

use crate::api::dependencies::{move_with_dependents, preview_move};
use crate::api::reschedule_release;
use crate::components::toast::{ToastKind, Toasts};
use crate::domain::dates::Show;
use crate::domain::{CalendarItem, ReleaseId, Schedule, Version};
use crate::read::MovePreview;
use chrono::NaiveDate;
use leptos::lazy;
use leptos::prelude::*;
use std::collections::HashMap;

/// Moves shown before the server confirms them: release, new day, version once saved.
pub type Moves = HashMap<ReleaseId, (NaiveDate, Version)>;

/// Where `item` should show with `moves` in flight: its own schedule, or the one a move
/// gives it until the loaded data reaches the move's version.
fn shown_schedule(item: &CalendarItem, moves: &Moves) -> Schedule {
    match moves.get(&item.id) {
        Some((day, version)) if item.version < *version => {
            item.schedule.moved_to(*day).unwrap_or(item.schedule)
        }
        _ => item.schedule,
    }
}

/// [`shown_schedule`] of each of `items`.
pub fn schedules(items: &[CalendarItem], moves: &Moves) -> Vec<Schedule> {
    items
        .iter()
        .map(|item| shown_schedule(item, moves))
        .collect()
}

#[derive(Clone, Copy)]
pub struct Rescheduler {
    /// Dates shown before the server confirms, with the version the saved release will carry;
    /// once loaded data reaches that version, the loaded date wins.
    optimistic: RwSignal<Moves>,
    /// A keyboard move being chosen: which release, and the day it would go to.
    pub pending: RwSignal<Option<(ReleaseId, NaiveDate)>>,
    /// Bumped after each saved move, so the calendar reloads.
    pub saved: RwSignal<u32>,
    /// The chip that has the keyboard focus. Chips are redrawn whenever anyone's change
    /// arrives; the new chip of the same release takes the focus back.
    pub focused: StoredValue<Option<ReleaseId>>,
    /// A move whose what-if concerns other releases, waiting for the person to decide.
    pub asking: RwSignal<Option<(MoveRequest, MovePreview)>>,
}

/// How a move is saved.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// Look at its what-if first; ask when it concerns other releases.
    Ask,
    Alone,
    WithDependents,
}

/// What a move needs to know about the release being moved.
#[derive(Clone, Debug)]
pub struct MoveRequest {
    pub id: ReleaseId,
    pub version: Version,
    pub title: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Whether this takes back a move just made (its toast offers no further Undo).
    pub undoing: bool,
}

impl MoveRequest {
    pub fn of(release: &CalendarItem, to: NaiveDate) -> Self {
        Self {
            id: release.id,
            version: release.version,
            title: release.title.to_string(),
            from: release.schedule.target(),
            to,
            undoing: false,
        }
    }
}

impl Rescheduler {
    pub fn new() -> Self {
        Self {
            optimistic: RwSignal::new(HashMap::new()),
            pending: RwSignal::new(None),
            saved: RwSignal::new(0),
            focused: StoredValue::new(None),
            asking: RwSignal::new(None),
        }
    }

    /// The person's answer to the what-if of `request`: move it alone, with its dependents, or
    /// (None) not at all.
    pub fn decide(self, request: MoveRequest, with_dependents: Option<bool>) {
        self.asking.set(None);
        let choice = match with_dependents {
            None => {
                self.optimistic.update(|m| _ = m.remove(&request.id));
                return;
            }
            Some(true) => Choice::WithDependents,
            Some(false) => Choice::Alone,
        };
        leptos::task::spawn_local(save_move(self, request, Toasts::get(), choice));
    }

    /// The moves in flight: release, the day it goes to, and the version it will have.
    pub fn moves(&self) -> Moves {
        self.optimistic.get()
    }

    /// [`Self::moves`], for event handlers that must not subscribe to them.
    #[cfg_attr(
        not(feature = "hydrate"),
        expect(dead_code, reason = "only the browser's scroll handler asks")
    )]
    pub fn moves_untracked(&self) -> Moves {
        self.optimistic.get_untracked()
    }

    /// The release as the calendar should show it right now.
    pub fn effective(&self, release: &CalendarItem) -> CalendarItem {
        CalendarItem {
            schedule: self.optimistic.with(|moves| shown_schedule(release, moves)),
            ..release.clone()
        }
    }

    pub fn pending_for(&self, id: ReleaseId) -> Option<NaiveDate> {
        self.pending
            .get_untracked()
            .and_then(|(p, day)| (p == id).then_some(day))
    }

    /// Shows the move at once, saves it, and offers Undo; a refused move snaps back with the
    /// server's reason.
    pub fn submit(self, request: MoveRequest) {
        if request.from == request.to {
            return;
        }
        self.optimistic
            .update(|m| _ = m.insert(request.id, (request.to, request.version.next())));
        let toasts = Toasts::get();
        leptos::task::spawn_local(save_move(self, request, toasts, Choice::Ask));
    }
}

/// Saves a move shown by [`Rescheduler::submit`] and says how it went. Its code is fetched with
/// the first move, which keeps it out of the calendar's first load.
#[lazy]
async fn save_move(mover: Rescheduler, request: MoveRequest, toasts: Toasts, choice: Choice) {
    // Taking a move back is asked about no more than the move was.
    if choice == Choice::Ask && !request.undoing {
        match preview_move(request.id, request.to.to_string()).await {
            Ok(preview) if !preview.is_quiet() => {
                mover.asking.set(Some((request, preview)));
                return;
            }
            _ => {}
        }
    }
    if choice == Choice::WithDependents {
        return save_with_dependents(mover, request, toasts).await;
    }
    let MoveRequest {
        id,
        version,
        title,
        from,
        to,
        undoing,
    } = request;
    match reschedule_release(id, version, to.to_string()).await {
        Ok(saved) => {
            mover
                .optimistic
                .update(|m| _ = m.insert(id, (to, saved.version)));
            mover.saved.update(|n| *n += 1);
            if undoing {
                toasts.success(format!(
                    "Move undone: “{title}” is back on {}",
                    to.show("%a %-d %b")
                ));
                return;
            }
            let undo = MoveRequest {
                id,
                version: saved.version,
                title: title.clone(),
                from: to,
                to: from,
                undoing: true,
            };
            toasts.show(
                ToastKind::Success,
                format!("Moved “{title}” to {}", to.show("%a %-d %b")),
                Some(Callback::new(move |_| mover.submit(undo.clone()))),
            );
        }
        Err(err) => {
            mover.optimistic.update(|m| _ = m.remove(&id));
            mover.saved.update(|n| *n += 1);
            // A refused move names the date field; say why rather than "correct the fields".
            let why = err
                .field_message("target_date")
                .unwrap_or_else(|| err.to_string());
            toasts.error(format!("Could not move “{title}”: {why}"));
        }
    }
}

/// Saves a move together with the dependents it pushes later ("move dependents too").
async fn save_with_dependents(mover: Rescheduler, request: MoveRequest, toasts: Toasts) {
    let MoveRequest {
        id,
        version,
        title,
        to,
        ..
    } = request;
    match move_with_dependents(id, version, to.to_string()).await {
        Ok(moved) => {
            if let Some(saved) = moved.first() {
                mover
                    .optimistic
                    .update(|m| _ = m.insert(id, (to, saved.version)));
            }
            mover.saved.update(|n| *n += 1);
            let others = moved.len().saturating_sub(1);
            toasts.success(format!(
                "Moved “{title}” to {} and {others} dependent release{}",
                to.show("%a %-d %b"),
                if others == 1 { "" } else { "s" }
            ));
        }
        Err(err) => {
            mover.optimistic.update(|m| _ = m.remove(&id));
            mover.saved.update(|n| *n += 1);
            toasts.error(format!("Could not move “{title}”: {err}"));
        }
    }
}
