//! The calendar's state as it lives in the URL: view, date, filters and the open panel. Every
//! link on the page is built from it, so any screen can be shared or reloaded as it is.

use crate::domain::calendar::CalendarView;
use crate::domain::dates::parse_day;
use crate::domain::{ReleaseFilter, ReleaseId};
use chrono::NaiveDate;
use leptos_router::params::ParamsMap;

/// What the side panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Closed,
    New(NaiveDate),
    Edit(ReleaseId),
    ConfirmDelete(ReleaseId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarQuery {
    pub view: CalendarView,
    pub anchor: NaiveDate,
    pub filter: ReleaseFilter,
    pub panel: Panel,
}

impl CalendarQuery {
    pub fn from_params(params: &ParamsMap, today: NaiveDate) -> Self {
        let get = |key: &str| params.get_str(key);
        let date = |key: &str| get(key).and_then(parse_day);
        let release = get("release")
            .and_then(|id| id.parse::<i64>().ok())
            .map(ReleaseId);
        let panel = match (release, get("confirm"), date("new")) {
            (Some(id), Some("delete"), _) => Panel::ConfirmDelete(id),
            (Some(id), _, _) => Panel::Edit(id),
            (None, _, Some(day)) => Panel::New(day),
            _ => Panel::Closed,
        };
        Self {
            view: CalendarView::parse(get("view").unwrap_or_default()),
            anchor: date("date").unwrap_or(today),
            filter: ReleaseFilter::from_query(get("team"), get("status"), get("kind"), get("q")),
            panel,
        }
    }

    pub fn href(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("view", self.view.as_str().to_owned()),
            ("date", self.anchor.to_string()),
        ];
        pairs.extend(self.filter.to_query());
        match self.panel {
            Panel::Closed => {}
            Panel::New(day) => pairs.push(("new", day.to_string())),
            Panel::Edit(id) => pairs.push(("release", id.to_string())),
            Panel::ConfirmDelete(id) => {
                pairs.push(("release", id.to_string()));
                pairs.push(("confirm", "delete".to_owned()));
            }
        }
        let mut href = String::from("/?");
        for (i, (key, value)) in pairs.iter().enumerate() {
            if i > 0 {
                href.push('&');
            }
            href.push_str(key);
            href.push('=');
            encode_into(&mut href, value);
        }
        href
    }

    pub fn with_panel(&self, panel: Panel) -> Self {
        Self {
            panel,
            ..self.clone()
        }
    }

    pub fn with_view(&self, view: CalendarView, anchor: NaiveDate) -> Self {
        Self {
            view,
            anchor,
            ..self.clone()
        }
    }
}

/// Links that open releases in the side panel, keeping the rest of the view. A calendar page
/// has hundreds of them, so the part they share is built once.
#[derive(Clone, Debug)]
pub struct ReleaseLinks(String);

impl ReleaseLinks {
    pub fn new(query: &CalendarQuery) -> Self {
        Self(query.with_panel(Panel::Closed).href() + "&release=")
    }

    /// The link to a release is this followed by its id.
    pub fn prefix(&self) -> &str {
        &self.0
    }
}

/// Percent-encodes a query value onto `out` (RFC 3986 unreserved characters stay as they are).
pub(crate) fn encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                out.push(b as char);
            }
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0xF)] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &str) -> ParamsMap {
        let mut map = ParamsMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap();
            map.insert(k.to_owned(), v.to_owned());
        }
        map
    }

    fn today() -> NaiveDate {
        "2026-11-27".parse().unwrap()
    }

    #[test]
    fn defaults_to_this_month_with_nothing_open() {
        let q = CalendarQuery::from_params(&params(""), today());
        assert_eq!(q.view, CalendarView::Month);
        assert_eq!(q.anchor, today());
        assert_eq!(q.panel, Panel::Closed);
    }

    #[test]
    fn href_round_trips_view_filter_and_panel() {
        let q = CalendarQuery::from_params(
            &params("view=quarter&date=2026-03-01&team=2&q=a b&release=7&confirm=delete"),
            today(),
        );
        assert_eq!(q.panel, Panel::ConfirmDelete(ReleaseId(7)));
        assert_eq!(
            q.href(),
            "/?view=quarter&date=2026-03-01&team=2&q=a%20b&release=7&confirm=delete"
        );
    }

    #[test]
    fn release_links_match_the_panel_href() {
        let q = CalendarQuery::from_params(
            &params("view=month&date=2026-03-01&q=ü&kind=feature"),
            today(),
        );
        let id = ReleaseId(42);
        assert_eq!(
            format!("{}{}", ReleaseLinks::new(&q).prefix(), id.0),
            q.with_panel(Panel::Edit(id)).href()
        );
        assert!(q.href().contains("q=%C3%BC"), "{}", q.href());
    }

    #[test]
    fn a_garbled_date_falls_back_to_today() {
        let q = CalendarQuery::from_params(&params("date=yesterday&new=2026-13-01"), today());
        assert_eq!(q.anchor, today());
        assert_eq!(q.panel, Panel::Closed);
    }
}
