//! The month grid: whole weeks, today marked, weekends shaded, releases on their target day.
//! Click a day to create a release there; drop a release on a day to move it.

use super::CalendarContext;
use super::chip::{DRAG_TYPE, ReleaseChip};
use super::moves::{MoveRequest, Rescheduler};
use super::query::Panel;
use crate::domain::calendar::{is_weekend, month_weeks};
use crate::domain::{Action, Release, ReleaseId};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashMap;

/// Chips shown in a day before the rest fold into "+N more".
const VISIBLE_PER_DAY: usize = 4;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[component]
pub fn MonthGrid(context: CalendarContext) -> impl IntoView {
    let mover = expect_context::<Rescheduler>();
    let drag_over = RwSignal::new(None::<NaiveDate>);
    let weeks = month_weeks(context.query.anchor);
    let month = context.query.anchor.month();
    let context = StoredValue::new(context);

    let days = move || {
        let ctx = context.get_value();
        let mut by_day: HashMap<NaiveDate, Vec<Release>> = HashMap::new();
        for release in ctx.data.releases.iter().map(|r| mover.effective(r)) {
            by_day
                .entry(release.schedule.target())
                .or_default()
                .push(release);
        }
        weeks
            .iter()
            .flatten()
            .map(|day| {
                let releases = by_day.remove(day).unwrap_or_default();
                view! {
                    <Day
                        day=*day
                        in_month={day.month() == month}
                        releases
                        context=context
                        drag_over
                    />
                }
            })
            .collect_view()
    };

    view! {
        <div class="month" aria-label="Month calendar">
            <div class="month-head" aria-hidden="true">
                {WEEKDAYS.map(|d| view! { <div class="weekday">{d}</div> })}
            </div>
            <div class="month-days">{days}</div>
        </div>
    }
}

#[component]
fn Day(
    day: NaiveDate,
    in_month: bool,
    releases: Vec<Release>,
    context: StoredValue<CalendarContext>,
    drag_over: RwSignal<Option<NaiveDate>>,
) -> impl IntoView {
    let mover = expect_context::<Rescheduler>();
    let ctx = context.get_value();
    let today = ctx.data.today;
    let new_href = ctx.query.with_panel(Panel::New(day)).href();
    let count = releases.len();
    let chip = |release: Release| {
        let team = ctx.team(release.team_id);
        let conflicts = ctx.conflicts_of(release.id);
        let href = ctx.query.with_panel(Panel::Edit(release.id)).href();
        let movable = ctx.may(Action::RescheduleRelease, release.team_id);
        view! { <ReleaseChip release team conflicts href movable /> }
    };
    let mut chips: Vec<_> = releases.into_iter().map(chip).collect();
    let hidden = chips.split_off(count.min(VISIBLE_PER_DAY));
    let more = (!hidden.is_empty()).then(|| {
        view! {
            <details class="more">
                <summary>{format!("+{} more", hidden.len())}</summary>
                {hidden}
            </details>
        }
    });

    let navigate = use_navigate();
    let open_new = new_href.clone();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        // Only a click on the day's blank space creates; clicks on chips open them.
        if ev.target() == ev.current_target() {
            navigate(&open_new, Default::default());
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        drag_over.set(None);
        let Some(id) = ev
            .data_transfer()
            .and_then(|dt| dt.get_data(DRAG_TYPE).ok())
            .and_then(|raw| raw.parse::<i64>().ok())
        else {
            return;
        };
        let found = context.with_value(|c| c.release(ReleaseId(id)));
        if let Some(release) = found {
            mover.submit(MoveRequest::of(&mover.effective(&release), day));
        }
    };

    let on_dragover = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        drag_over.set(Some(day));
    };

    view! {
        <div
            class="day"
            class:outside=!in_month
            class:weekend=is_weekend(day)
            class:today=day == today
            class:has-releases={count > 0}
            class:drop-target=move || {
                drag_over.get() == Some(day)
                    || mover.pending.get().is_some_and(|(_, d)| d == day)
            }
            data-date=day.to_string()
            on:click=on_click
            on:dragover=on_dragover
            on:dragleave=move |_| drag_over.set(None)
            on:drop=on_drop
        >
            <div class="day-top">
                <span class="day-number">
                    <span class="day-weekday">{day.format("%a ").to_string()}</span>
                    {day.day()}
                    {(day == today).then(|| view! { <span class="today-label">"Today"</span> })}
                </span>
                <a
                    class="day-add"
                    href=new_href
                    aria-label=format!("New release on {}", day.format("%a %-d %B"))
                    title="New release on this day"
                >
                    "+"
                </a>
            </div>
            {chips}
            {more}
        </div>
    }
}
