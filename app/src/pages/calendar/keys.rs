//! The calendar's keyboard shortcuts, and the sheet that lists them.

use super::filters::SEARCH_ID;
use super::query::{CalendarQuery, Panel};
use super::{may_plan, today};
use crate::components::session::CurrentUser;
use crate::domain::calendar::{CalendarView, step};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The calendar's keys: `n` new release (for those who may plan one), `/` search, `t` today,
/// `j`/`k` next and previous period, `m`/`w`/`q` month, rolling timeline and quarter, `?` this
/// list.
pub fn keyboard_shortcuts(query: Memo<CalendarQuery>, user: CurrentUser) {
    let navigate = use_navigate();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
            return;
        }
        let typing = document()
            .active_element()
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return;
        }
        let q = query.get_untracked();
        let go = match ev.key().as_str() {
            "n" if may_plan(user.now().as_ref()) => {
                let day = if q.anchor == today() || q.view.is_timeline() {
                    today()
                } else {
                    q.anchor
                };
                q.with_panel(Panel::New(day))
            }
            "t" => q.with_view(q.view, today()),
            "j" => q.with_view(q.view, step(q.view, q.anchor, 1)),
            "k" => q.with_view(q.view, step(q.view, q.anchor, -1)),
            "m" => q.with_view(CalendarView::Month, q.anchor),
            "w" => q.with_view(CalendarView::Timeline, q.anchor),
            "q" => q.with_view(CalendarView::Quarter, q.anchor),
            "/" => {
                focus_by_id(SEARCH_ID);
                ev.prevent_default();
                return;
            }
            "?" => {
                open_shortcuts();
                ev.prevent_default();
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        navigate(&go.href(), Default::default());
    });
    on_cleanup(move || handle.remove());
}

fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The id of the dialog listing the keyboard shortcuts.
pub const SHORTCUTS_ID: &str = "shortcuts";

pub fn open_shortcuts() {
    use wasm_bindgen::JsCast;
    if let Some(dialog) = document()
        .get_element_by_id(SHORTCUTS_ID)
        .and_then(|el| el.dyn_into::<web_sys::HtmlDialogElement>().ok())
    {
        let _ = dialog.show_modal();
    }
}

/// The keyboard shortcuts, as a modal sheet (`?` or the toolbar's button opens it; Escape or
/// Close shuts it, natively). Plain markup: it never changes.
#[component]
pub fn ShortcutSheet() -> impl IntoView {
    const KEYS: &str = "<h2 id=\"shortcuts-title\">Keyboard shortcuts</h2><dl class=\"keys\">\
        <dt><kbd>t</kbd></dt><dd>Go to today</dd>\
        <dt><kbd>j</kbd> <kbd>k</kbd></dt><dd>Next and previous period</dd>\
        <dt><kbd>m</kbd> <kbd>w</kbd> <kbd>q</kbd></dt><dd>Month, weeks around today, quarter</dd>\
        <dt><kbd>n</kbd></dt><dd>New release (for those who plan releases)</dd>\
        <dt><kbd>/</kbd></dt><dd>Search releases</dd>\
        <dt><kbd>←</kbd> <kbd>→</kbd> <kbd>↑</kbd> <kbd>↓</kbd></dt><dd>On a release: choose another day</dd>\
        <dt><kbd>Enter</kbd></dt><dd>Move it there</dd>\
        <dt><kbd>Esc</kbd></dt><dd>Cancel a move, close a panel or this list</dd>\
        <dt><kbd>?</kbd></dt><dd>This list</dd></dl>\
        <form method=\"dialog\"><button class=\"button\">Close</button></form>";
    view! { <dialog id=SHORTCUTS_ID class="sheet" aria-labelledby="shortcuts-title" inner_html=KEYS></dialog> }
}
