//! The timeline (a rolling window of weeks, or a quarter): one swimlane per team, one column
//! per day, releases as bars sized by their window, each with room for its label after it.
//! Drop a release on a lane to move it to the day under the pointer.

use super::CalendarContext;
use super::chip::{ChipWriter, push_escaped};
use super::chip_events::ChipEvents;
use super::laid_out::LaidOut;
use super::moves::{Moves, Rescheduler, schedules};
use super::query::Panel;
use crate::domain::calendar::{Lane, Placement, is_weekend, lay_out_lanes};
use crate::domain::dates::Show;
use crate::domain::{CalendarItem, Schedule, Team, TeamId};
use chrono::{Datelike, Days};
use leptos::lazy;
use leptos::prelude::*;
use std::fmt::Write;
use std::sync::Arc;

/// About the length of one chip's and one lane's own markup, to size the buffer once.
const CHIP_BYTES: usize = 480;
const LANE_BYTES: usize = 256;

/// Columns kept for a release's label, so short releases stay readable.
const LABEL_COLUMNS: usize = 12;

/// The timeline's lanes, kept by the page (see [`LaidOut`]).
pub type TimelineLanes = LaidOut<str>;

#[component]
pub fn Timeline(
    context: CalendarContext,
    mover: Rescheduler,
    lanes: TimelineLanes,
    panel: Memo<Panel>,
) -> impl IntoView {
    let span = context.data.span;
    let days = span.day_count();
    // After the last day, room for the labels of the bars that end there.
    let columns = days + LABEL_COLUMNS as i64;
    let today_col = span
        .contains(context.data.today)
        .then(|| (context.data.today - span.from).num_days() + 1);
    let context = StoredValue::new(context);

    // The scale (months, then Mondays) and, drawn once over all lanes rather than per lane, the
    // weekends and the today line: plain markup, like the lanes.
    let (mut months, mut weeks, mut shades) = (String::new(), String::new(), String::new());
    for (column, d) in (1..).zip(span.days()) {
        // Writing into a String cannot fail.
        if d.day() == 1 || d == span.from {
            let month = d.show("%B");
            let _ = write!(
                months,
                "<span class=\"tl-month\" style=\"grid-column: {column} / span 7\">{month}</span>"
            );
        }
        if d.weekday() == chrono::Weekday::Mon {
            let day = d.day();
            let _ = write!(
                weeks,
                "<span class=\"tl-week\" style=\"grid-column: {column} / span 7\">{day}</span>"
            );
        }
        if is_weekend(d) {
            let _ = write!(
                shades,
                "<span class=\"tl-weekend\" style=\"grid-column: {column}\"></span>"
            );
        }
    }
    if let Some(column) = today_col {
        let _ = write!(
            shades,
            "<span class=\"tl-today\" style=\"grid-column: {column}\"></span>"
        );
    }
    let scale = months + &weeks;

    let events = ChipEvents::new(context, mover, panel);
    let markup = move || {
        context.with_value(|ctx| {
            lanes.get_or_build(ctx, mover.moves(), |ctx, moves| {
                lanes_html(ctx, moves, draw_limit())
            })
        })
    };
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::scroll, move |_| {
            let drawn = draw_pending(context.get_value(), mover.moves_untracked());
            leptos::task::spawn_local(drawn);
        });
        on_cleanup(move || handle.remove());
    }
    // Tracks are plain markup too, so drops are handled here for all of them.
    let on_drop = move |ev: leptos::ev::DragEvent| {
        if let Some(column) = track_under(&ev)
            .and_then(|track| column_under_pointer(&ev, &track, columns))
            .filter(|&column| column < days as u64)
        {
            ev.prevent_default();
            events.drop_on(&ev, span.from + Days::new(column));
        }
    };

    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let (Some(el), Some(col)) = (scroller.get(), today_col) {
            scroll_to_column(&el, col, columns);
        }
    });
    // Whenever the lanes are written anew, the focused chip gets the focus back, and the open
    // release's chip is marked again.
    Effect::new(move |_| {
        mover.moves();
        events.refocus();
        if let Some(el) = scroller.get() {
            events.mark_open(&el);
        }
    });

    view! {
        <div class="timeline-scroll" node_ref=scroller>
            <div
                class="timeline"
                style=format!("--days: {days}; --cols: {columns}")
                aria-label="Timeline"
                on:keydown=move |ev| events.keydown(ev)
                on:dragstart=move |ev| events.dragstart(ev)
                on:focusin=move |ev| events.focusin(ev)
                on:focusout=move |ev| events.focusout(ev)
                on:mouseover=move |ev| events.mouseover(ev)
                on:mouseleave=move |_| events.hide_card()
                on:dragover=allow_drop_on_track
                on:drop=on_drop
            >
                <div class="tl-shade" aria-hidden="true" inner_html=shades></div>
                <div class="tl-lane tl-header" aria-hidden="true">
                    <div class="tl-team">"Team"</div>
                    <div class="tl-track tl-scale" inner_html=scale></div>
                </div>
                <div class="tl-lanes" inner_html=markup></div>
            </div>
            {events.card()}
        </div>
    }
}

/// Height of a lane with `rows` rows, as the stylesheet draws it (rows of 30px, 4px apart,
/// 6px padding above and below, a 1px border), so lanes can be placed before they are drawn.
fn lane_height(rows: usize) -> usize {
    rows.max(1) * 34 + 9
}

/// The markup of the shown teams' lanes, with moves in flight at their new dates. Lanes that
/// start `draw_within` pixels below the first lane's top or further get no bars yet: they are
/// marked `data-pending` and drawn by [`draw_pending`] as they near the screen (`None` draws
/// every bar).
fn lanes_html(ctx: &CalendarContext, moves: &Moves, draw_within: Option<usize>) -> Arc<str> {
    let items = &ctx.data.releases;
    let schedules = schedules(items, moves);
    let lanes = shown_lanes(ctx, &schedules, None);
    let mut writer = ChipWriter::new(ctx);
    let chips: usize = lanes
        .iter()
        .map(|(_, l)| l.rows.iter().map(Vec::len).sum::<usize>())
        .sum();
    let mut html = String::with_capacity(chips * CHIP_BYTES + lanes.len() * LANE_BYTES);
    let mut n = itoa::Buffer::new();
    let mut top = 0;
    for (team, lane) in &lanes {
        let draw = draw_within.is_none_or(|limit| top < limit);
        top += lane_height(lane.rows.len());
        // The lane's rows size it even while the browser skips drawing it (off screen).
        html.push_str("<div class=\"tl-lane\" style=\"--rows: ");
        html.push_str(n.format(lane.rows.len().max(1)));
        html.push_str("\"><div class=\"tl-team\"><span class=\"team-dot\" style=\"--team: ");
        push_escaped(&mut html, team.colour.as_str());
        html.push_str("\"></span>");
        push_escaped(&mut html, &team.name);
        html.push_str("</div><div class=\"tl-track\" style=\"--team: ");
        push_escaped(&mut html, team.colour.as_str());
        html.push_str("\" data-team-id=\"");
        html.push_str(n.format(team.id.0));
        if draw {
            html.push_str("\">");
            write_bars(&mut writer, &mut html, items, &schedules, lane);
        } else {
            html.push_str("\" data-pending>");
        }
        html.push_str("</div></div>");
    }
    html.into()
}

/// The shown teams (all, or those the filter names; only `team` if given), each with its
/// releases packed into rows.
fn shown_lanes<'a>(
    ctx: &'a CalendarContext,
    schedules: &[Schedule],
    team: Option<TeamId>,
) -> Vec<(&'a Team, Lane)> {
    let filter = &ctx.query.filter.teams;
    let teams: Vec<&Team> = ctx
        .data
        .teams
        .iter()
        .filter(|t| team.is_none_or(|id| t.id == id))
        .filter(|t| filter.is_empty() || filter.contains(&t.id))
        .collect();
    let team_ids: Vec<TeamId> = teams.iter().map(|t| t.id).collect();
    let lanes = lay_out_lanes(
        &team_ids,
        ctx.data
            .releases
            .iter()
            .zip(schedules)
            .map(|(r, s)| (r.team_id, *s)),
        ctx.data.span,
        LABEL_COLUMNS,
    );
    teams.into_iter().zip(lanes).collect()
}

fn write_bars(
    writer: &mut ChipWriter,
    html: &mut String,
    items: &[CalendarItem],
    schedules: &[Schedule],
    lane: &Lane,
) {
    let mut style = String::with_capacity(64);
    for (row, placed) in lane.rows.iter().enumerate() {
        for p in placed {
            style.clear();
            push_grid_style(&mut style, p, row);
            writer.write(html, &items[p.index], schedules[p.index], &style);
        }
    }
}

/// How far below the first lane lanes are drawn at once: in the browser, the page's visible
/// part and one screen more, counted from the page's top (the lanes start lower, so a little
/// more is drawn); the rest are drawn as they are scrolled to, since a quarter can hold a
/// thousand bars. The server draws every lane, so the page works without JavaScript.
fn draw_limit() -> Option<usize> {
    #[cfg(feature = "hydrate")]
    {
        let w = window();
        let height = w
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(900.0);
        Some((w.scroll_y().unwrap_or(0.0) + 2.0 * height) as usize)
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Draws the bars of lanes left pending by [`lanes_html`] that are now within a screen's
/// height below the visible part of the page (pending lanes are the last ones, in order).
/// Its code is fetched with the first scroll, not with the page.
#[lazy]
fn draw_pending(ctx: CalendarContext, moves: Moves) {
    let near = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(900.0)
        * 2.0;
    let schedules = schedules(&ctx.data.releases, &moves);
    let mut writer = ChipWriter::new(&ctx);
    while let Some(track) = document()
        .query_selector(".tl-track[data-pending]")
        .ok()
        .flatten()
    {
        if track.get_bounding_client_rect().top() > near {
            break;
        }
        let _ = track.remove_attribute("data-pending");
        let team = track
            .get_attribute("data-team-id")
            .and_then(|id| id.parse().ok())
            .map(TeamId);
        let mut html = String::new();
        if let Some((_, lane)) = team.and_then(|t| shown_lanes(&ctx, &schedules, Some(t)).pop()) {
            write_bars(
                &mut writer,
                &mut html,
                &ctx.data.releases,
                &schedules,
                &lane,
            );
        }
        track.set_inner_html(&html);
    }
}

/// A bar's place on its lane's grid: its columns, its row, and how much of it is the
/// release's real length (`--bar`; the rest is room for the label). Written without `format!`:
/// a quarter has hundreds of bars.
fn push_grid_style(style: &mut String, p: &Placement, row: usize) {
    let mut n = itoa::Buffer::new();
    for (label, value) in [
        ("grid-column: ", p.start + 1),
        (" / span ", p.reserve),
        ("; grid-row: ", row + 1),
        ("; --bar: ", p.span * 100 / p.reserve),
    ] {
        style.push_str(label);
        style.push_str(n.format(value));
    }
    style.push('%');
}

/// Scrolls a timeline wider than the screen so that day `column` (1-based, of `columns`) is in
/// view, a third of the way across.
fn scroll_to_column(scroller: &web_sys::HtmlDivElement, column: i64, columns: i64) {
    let team = scroller
        .query_selector(".tl-team")
        .ok()
        .flatten()
        .map(|el| el.get_bounding_client_rect().width())
        .unwrap_or_default();
    let track = f64::from(scroller.scroll_width()) - team;
    let visible = f64::from(scroller.client_width()) - team;
    if track <= visible {
        return;
    }
    let x = (column - 1) as f64 / columns as f64 * track - visible / 3.0;
    scroller.set_scroll_left(x.max(0.0) as i32);
}

fn allow_drop_on_track(ev: leptos::ev::DragEvent) {
    if track_under(&ev).is_some() {
        ev.prevent_default();
    }
}

/// The lane track a drag event happened over.
fn track_under(ev: &leptos::ev::DragEvent) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(".tl-track:not(.tl-scale)")
        .ok()?
}

/// The column (of `columns`) under the pointer of a drop on a lane track.
fn column_under_pointer(
    ev: &leptos::ev::DragEvent,
    track: &web_sys::Element,
    columns: i64,
) -> Option<u64> {
    let rect = track.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let x = f64::from(ev.client_x()) - rect.left();
    let column = (x / rect.width() * columns as f64).floor();
    (column >= 0.0 && column < columns as f64).then_some(column as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_placed_on_its_columns_and_row() {
        let p = Placement {
            index: 0,
            start: 4,
            span: 3,
            reserve: 12,
        };
        let mut style = String::new();
        push_grid_style(&mut style, &p, 1);
        assert_eq!(style, "grid-column: 5 / span 12; grid-row: 2; --bar: 25%");
    }
}
