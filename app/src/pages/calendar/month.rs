//! The month grid: whole weeks, today marked, weekends shaded, releases on their target day.
//! Click a day to create a release there; drop a release on a day to move it.
//!
//! Like the chips, the days are plain markup written in one go ([`write_day`]), and the grid
//! listens once for all of them: six weeks of days as views of their own made up a sixth of
//! the calendar's browser bundle.

use super::CalendarContext;
use super::chip::{ChipWriter, push_escaped};
use super::chip_events::ChipEvents;
use super::laid_out::LaidOut;
use super::moves::{Moves, Rescheduler, schedules};
use super::query::Panel;
use crate::domain::calendar::{is_weekend, month_weeks};
use crate::domain::dates::{Show, parse_day};
use chrono::{Datelike, NaiveDate};
use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Chips shown in a day before the rest fold into "+N more".
const VISIBLE_PER_DAY: usize = 4;

const WEEKDAYS: &str = "<div class=\"weekday\">Mon</div><div class=\"weekday\">Tue</div>\
    <div class=\"weekday\">Wed</div><div class=\"weekday\">Thu</div><div class=\"weekday\">Fri</div>\
    <div class=\"weekday\">Sat</div><div class=\"weekday\">Sun</div>";

/// The class that marks the day a dragged or keyboard-moved release would go to.
const DROP_TARGET: &str = "drop-target";

/// Each day's chips, kept by the page (see [`LaidOut`]).
pub type MonthChips = LaidOut<HashMap<NaiveDate, DayChips>>;

#[component]
pub fn MonthGrid(
    context: CalendarContext,
    mover: Rescheduler,
    chips: MonthChips,
    panel: Memo<Panel>,
) -> impl IntoView {
    let drag_over = RwSignal::new(None::<NaiveDate>);
    let weeks = month_weeks(context.query.anchor);
    let month = context.query.anchor.month();
    let context = StoredValue::new(context);
    let events = ChipEvents::new(context, mover, panel);
    let grid = NodeRef::<Div>::new();

    let days = Memo::new(move |_| {
        context.with_value(|ctx| {
            let by_day = chips.get_or_build(ctx, mover.moves(), day_chips);
            let mut html = String::new();
            for &day in weeks.iter().flatten() {
                let shown = MonthDay {
                    day,
                    in_month: day.month() == month,
                    today: ctx.data.today,
                    new_href: ctx
                        .may_plan()
                        .then(|| ctx.query.with_panel(Panel::New(day)).href()),
                };
                write_day(&mut html, &shown, by_day.get(&day));
            }
            html
        })
    });

    // The day a drag hovers or a keyboard move has chosen, marked on the element itself (and
    // again whenever the days are written anew, when the focused chip gets the focus back).
    Effect::new(move |marked: Option<[Option<NaiveDate>; 2]>| {
        days.track();
        let targets = [drag_over.get(), mover.pending.get().map(|(_, day)| day)];
        events.refocus();
        if let Some(grid) = grid.get() {
            events.mark_open(&grid);
            mark_new_day(&grid, panel.get());
            for day in marked.into_iter().flatten().flatten() {
                mark_day(&grid, day, false);
            }
            for day in targets.into_iter().flatten() {
                mark_day(&grid, day, true);
            }
        }
        targets
    });

    let navigate = use_navigate();
    // Only a click on a day's blank space creates; clicks on chips and links open them.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let blank_day = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|el| el.class_list().contains("day"));
        let Some(day) = blank_day.as_ref().and_then(day_of) else {
            return;
        };
        let href = context.with_value(|ctx| {
            ctx.may_plan()
                .then(|| ctx.query.with_panel(Panel::New(day)).href())
        });
        if let Some(href) = href {
            navigate(&href, Default::default());
        }
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        if let Some(day) = day_under(&ev) {
            ev.prevent_default();
            if drag_over.get_untracked() != Some(day) {
                drag_over.set(Some(day));
            }
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        drag_over.set(None);
        if let Some(day) = day_under(&ev) {
            ev.prevent_default();
            events.drop_on(&ev, day);
        }
    };

    view! {
        <div
            class="month"
            aria-label="Month calendar"
            on:keydown=move |ev| events.keydown(ev)
            on:dragstart=move |ev| events.dragstart(ev)
            on:focusin=move |ev| events.focusin(ev)
            on:focusout=move |ev| events.focusout(ev)
            on:mouseover=move |ev| events.mouseover(ev)
            on:mouseleave=move |_| events.hide_card()
        >
            <div class="month-head" aria-hidden="true" inner_html=WEEKDAYS></div>
            <div
                class="month-days"
                node_ref=grid
                inner_html=days
                on:click=on_click
                on:dragover=on_dragover
                on:dragleave=move |_| drag_over.set(None)
                on:drop=on_drop
            ></div>
            {events.card()}
        </div>
    }
}

/// The day of a day element (its `data-date`).
fn day_of(element: &web_sys::Element) -> Option<NaiveDate> {
    parse_day(&element.get_attribute("data-date")?)
}

/// The day an event happened over.
fn day_under(ev: &leptos::ev::DragEvent) -> Option<NaiveDate> {
    let day = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(".day")
        .ok()??;
    day_of(&day)
}

/// Marks the day a new release is being planned on, while its panel is open.
fn mark_new_day(grid: &web_sys::HtmlDivElement, panel: Panel) {
    if let Ok(Some(marked)) = grid.query_selector(".day.new-target") {
        let _ = marked.class_list().remove_1("new-target");
    }
    if let Panel::New(day) = panel {
        let selector = format!(".day[data-date=\"{day}\"]");
        if let Ok(Some(element)) = grid.query_selector(&selector) {
            let _ = element.class_list().add_1("new-target");
        }
    }
}

fn mark_day(grid: &web_sys::HtmlDivElement, day: NaiveDate, on: bool) {
    let selector = format!(".day[data-date=\"{day}\"]");
    if let Ok(Some(element)) = grid.query_selector(&selector) {
        let _ = element.class_list().toggle_with_force(DROP_TARGET, on);
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

/// What a day cell shows besides its chips.
struct MonthDay {
    day: NaiveDate,
    /// False for the days of the previous and next months that fill the first and last weeks.
    in_month: bool,
    today: NaiveDate,
    /// The link that opens a new release on this day, for those who may plan one.
    new_href: Option<String>,
}

/// Appends the markup of one day: its number, a link to plan a release on it, and its chips
/// (the first few, the rest folded under "+N more").
fn write_day(out: &mut String, shown: &MonthDay, chips: Option<&DayChips>) {
    let MonthDay {
        day,
        in_month,
        today,
        ref new_href,
    } = *shown;
    let count = chips.map_or(0, |c| c.count);
    out.push_str("<div class=\"day");
    for (class, on) in [
        (" outside", !in_month),
        (" weekend", is_weekend(day)),
        (" today", day == today),
        (" has-releases", count > 0),
    ] {
        if on {
            out.push_str(class);
        }
    }
    out.push_str("\" data-date=\"");
    out.push_str(&day.to_string());
    out.push_str(
        "\"><div class=\"day-top\"><span class=\"day-number\"><span class=\"day-weekday\">",
    );
    out.push_str(&day.show("%a "));
    out.push_str("</span>");
    out.push_str(itoa::Buffer::new().format(day.day()));
    if day == today {
        out.push_str("<span class=\"today-label\">Today</span>");
    }
    out.push_str("</span>");
    if let Some(new_href) = new_href {
        out.push_str("<a class=\"day-add\" href=\"");
        push_escaped(out, new_href);
        out.push_str("\" aria-label=\"New release on ");
        out.push_str(&day.show("%a %-d %B"));
        out.push_str("\" title=\"New release on this day\">+</a>");
    }
    out.push_str("</div><div class=\"day-chips\">");
    if let Some(chips) = chips {
        out.push_str(&chips.shown);
        out.push_str("</div>");
        if chips.count > VISIBLE_PER_DAY {
            out.push_str("<details class=\"more\"><summary>+");
            out.push_str(itoa::Buffer::new().format(chips.count - VISIBLE_PER_DAY));
            out.push_str(" more</summary><div class=\"day-chips\">");
            out.push_str(&chips.folded);
            out.push_str("</div></details>");
        }
    } else {
        out.push_str("</div>");
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_day(s).unwrap()
    }

    #[test]
    fn a_day_shows_its_number_a_new_release_link_and_its_chips() {
        let shown = MonthDay {
            day: day("2026-12-05"),
            in_month: true,
            today: day("2026-12-05"),
            new_href: Some("/?view=month&date=2026-12-01&new=2026-12-05".into()),
        };
        let chips = DayChips {
            count: 1,
            shown: "<a class=\"chip\">A</a>".into(),
            folded: "".into(),
        };
        let mut html = String::new();
        write_day(&mut html, &shown, Some(&chips));
        assert_eq!(
            html,
            "<div class=\"day weekend today has-releases\" data-date=\"2026-12-05\">\
             <div class=\"day-top\"><span class=\"day-number\"><span class=\"day-weekday\">Sat </span>5\
             <span class=\"today-label\">Today</span></span>\
             <a class=\"day-add\" href=\"/?view=month&amp;date=2026-12-01&amp;new=2026-12-05\" \
             aria-label=\"New release on Sat 5 December\" title=\"New release on this day\">+</a></div>\
             <div class=\"day-chips\"><a class=\"chip\">A</a></div></div>"
        );
        let mut read_only = String::new();
        let viewer = MonthDay {
            new_href: None,
            ..shown
        };
        write_day(&mut read_only, &viewer, None);
        assert!(!read_only.contains("day-add"), "{read_only}");
    }

    #[test]
    fn chips_past_the_fourth_fold_under_more_and_days_of_other_months_are_marked() {
        let shown = MonthDay {
            day: day("2026-11-30"),
            in_month: false,
            today: day("2026-12-05"),
            new_href: Some("/".into()),
        };
        let chips = DayChips {
            count: 6,
            shown: "1234".into(),
            folded: "56".into(),
        };
        let mut html = String::new();
        write_day(&mut html, &shown, Some(&chips));
        assert!(
            html.starts_with("<div class=\"day outside has-releases\" data-date=\"2026-11-30\">"),
            "{html}"
        );
        assert!(html.ends_with(
            "<div class=\"day-chips\">1234</div><details class=\"more\"><summary>+2 more</summary>\
             <div class=\"day-chips\">56</div></details></div>"
        ), "{html}");
        let mut empty = String::new();
        write_day(&mut empty, &shown, None);
        assert!(empty.starts_with("<div class=\"day outside\""), "{empty}");
        assert!(
            empty.ends_with("<div class=\"day-chips\"></div></div>"),
            "{empty}"
        );
    }
}
