//! The month grid: whole weeks, today marked, weekends shaded, releases on their target day.
//! Click a day to create a release there; drop a release on a day to move it.

use super::CalendarContext;
use super::chip::{ChipEvents, ChipWriter};
use super::laid_out::LaidOut;
use super::moves::{Moves, Rescheduler, schedules};
use super::query::Panel;
use crate::domain::calendar::{is_weekend, month_weeks};
use crate::domain::dates::Show;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashMap;
use std::sync::Arc;

/// Chips shown in a day before the rest fold into "+N more".
const VISIBLE_PER_DAY: usize = 4;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Each day's chips, kept by the page (see [`LaidOut`]).
pub type MonthChips = LaidOut<HashMap<NaiveDate, DayChips>>;

#[component]
pub fn MonthGrid(context: CalendarContext, mover: Rescheduler, chips: MonthChips) -> impl IntoView {
    let drag_over = RwSignal::new(None::<NaiveDate>);
    let weeks = month_weeks(context.query.anchor);
    let month = context.query.anchor.month();
    let context = StoredValue::new(context);
    let events = ChipEvents::new(context, mover);

    let days = move || {
        let by_day = context.with_value(|ctx| chips.get_or_build(ctx, mover.moves(), day_chips));
        weeks
            .iter()
            .flatten()
            .map(|day| {
                let chips = by_day.get(day).cloned().unwrap_or_default();
                view! {
                    <Day
                        day=*day
                        in_month={day.month() == month}
                        chips
                        context=context
                        events
                        mover
                        drag_over
                    />
                }
            })
            .collect_view()
    };

    view! {
        <div
            class="month"
            aria-label="Month calendar"
            on:keydown=move |ev| events.keydown(ev)
            on:dragstart=move |ev| events.dragstart(ev)
            on:focusout=move |ev| events.focusout(ev)
        >
            <div class="month-head" aria-hidden="true">
                {WEEKDAYS.map(|d| view! { <div class="weekday">{d}</div> })}
            </div>
            <div class="month-days">{days}</div>
        </div>
    }
}

/// A day's chips, as markup.
#[derive(Clone, Default)]
pub struct DayChips {
    count: usize,
    shown: Arc<str>,
    folded: Arc<str>,
}

/// The chips of each day with releases, with moves in flight at their new dates.
fn day_chips(ctx: &CalendarContext, moves: &Moves) -> Arc<HashMap<NaiveDate, DayChips>> {
    let items = &ctx.data.releases;
    let mut writer = ChipWriter::new(ctx);
    let mut by_day: HashMap<NaiveDate, (usize, String, String)> = HashMap::new();
    for (item, schedule) in items.iter().zip(schedules(items, moves)) {
        let colour = ctx
            .team(item.team_id)
            .map_or("#888888", |t| t.colour.as_str());
        let (count, shown, folded) = by_day.entry(schedule.target()).or_default();
        let out = if *count < VISIBLE_PER_DAY {
            shown
        } else {
            folded
        };
        writer.write(out, item, schedule, &format!("--team: {colour}"));
        *count += 1;
    }
    let by_day = by_day
        .into_iter()
        .map(|(day, (count, shown, folded))| {
            let chips = DayChips {
                count,
                shown: shown.into(),
                folded: folded.into(),
            };
            (day, chips)
        })
        .collect();
    Arc::new(by_day)
}

#[component]
fn Day(
    day: NaiveDate,
    in_month: bool,
    chips: DayChips,
    context: StoredValue<CalendarContext>,
    events: ChipEvents,
    mover: Rescheduler,
    drag_over: RwSignal<Option<NaiveDate>>,
) -> impl IntoView {
    let (today, new_href) =
        context.with_value(|ctx| (ctx.data.today, ctx.query.with_panel(Panel::New(day)).href()));
    let DayChips {
        count,
        shown,
        folded,
    } = chips;
    let more = (count > VISIBLE_PER_DAY).then(|| {
        view! {
            <details class="more">
                <summary>{format!("+{} more", count - VISIBLE_PER_DAY)}</summary>
                <div class="day-chips" inner_html=folded></div>
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
        events.drop_on(&ev, day);
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
                    <span class="day-weekday">{day.show("%a ")}</span>
                    {day.day()}
                    {(day == today).then(|| view! { <span class="today-label">"Today"</span> })}
                </span>
                <a
                    class="day-add"
                    href=new_href
                    aria-label=format!("New release on {}", day.show("%a %-d %B"))
                    title="New release on this day"
                >
                    "+"
                </a>
            </div>
            <div class="day-chips" inner_html=shown></div>
            {more}
        </div>
    }
}
