//! Live updates in the browser: one EventSource on `/events` for the page's lifetime. Each
//! place watches for the changes it shows ([`Live::watch`]) and reloads only for those.

use super::session::CurrentUser;
use crate::domain::live::LiveChange;
use leptos::prelude::*;
use std::sync::Arc;

type Wants = Arc<dyn Fn(&LiveChange) -> bool + Send + Sync>;

#[derive(Clone, Copy)]
pub struct Live {
    watchers: StoredValue<Vec<(u64, Wants, RwSignal<u32>)>>,
    next_id: StoredValue<u64>,
}

impl Live {
    pub fn get() -> Self {
        expect_context()
    }

    /// Provides the watchers' list and, in the browser, connects once someone is signed in.
    pub fn provide(user: CurrentUser) {
        let live = Self {
            watchers: StoredValue::new(Vec::new()),
            next_id: StoredValue::new(0),
        };
        provide_context(live);
        Effect::new(move |connected: Option<bool>| {
            if connected == Some(true) {
                return true;
            }
            if user.now().is_none() {
                return false;
            }
            #[cfg(feature = "hydrate")]
            connect(live);
            true
        });
    }

    /// A counter bumped by every change that `wants` (and whenever changes may have been
    /// missed), for as long as the calling view lives. `wants` is asked as each change
    /// arrives, so several changes in one moment are each judged.
    pub fn watch(
        self,
        wants: impl Fn(&LiveChange) -> bool + Send + Sync + 'static,
    ) -> ReadSignal<u32> {
        let bumps = RwSignal::new(0);
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.watchers
            .update_value(|w| w.push((id, Arc::new(wants), bumps)));
        on_cleanup(move || {
            self.watchers
                .try_update_value(|w| w.retain(|(watcher, ..)| *watcher != id));
        });
        bumps.read_only()
    }

    /// A change arrived; `None` when changes may have been missed (a reconnect, a screen that
    /// fell behind, a note it cannot read): then every watcher reloads.
    #[cfg_attr(
        not(feature = "hydrate"),
        expect(dead_code, reason = "called by the browser's event source")
    )]
    fn heard(self, change: Option<&LiveChange>) {
        let due: Vec<RwSignal<u32>> = self.watchers.with_value(|w| {
            w.iter()
                .filter(|(_, wants, _)| change.is_none_or(|c| wants(c)))
                .map(|(.., bumps)| *bumps)
                .collect()
        });
        for bumps in due {
            bumps.try_update(|n| *n += 1);
        }
    }
}

#[cfg(feature = "hydrate")]
fn connect(live: Live) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new("/events") else {
        return;
    };
    let on_change =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            live.heard(read_change(&ev.data()).as_ref());
        });
    let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let on_reload = Closure::<dyn Fn()>::new(move || live.heard(None));
    let _ = source.add_event_listener_with_callback("reload", on_reload.as_ref().unchecked_ref());
    // After a dropped connection the browser reconnects by itself; changes made meanwhile were
    // missed, so reload on every reconnect (not on the first open).
    let opened = std::cell::Cell::new(false);
    let on_open = Closure::<dyn Fn()>::new(move || {
        if opened.replace(true) {
            live.heard(None);
        }
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    // The page keeps one connection for as long as it is open.
    on_change.forget();
    on_reload.forget();
    on_open.forget();
    std::mem::forget(source);
}

/// A change as the event carries it (`LiveChange`'s JSON), read with the browser's own JSON
/// parser: a serde reader for it would cost the calendar's first load more than this does.
#[cfg(feature = "hydrate")]
fn read_change(data: &wasm_bindgen::JsValue) -> Option<LiveChange> {
    use crate::domain::calendar::DateSpan;
    use crate::domain::dates::parse_day;
    use crate::domain::live::Reach;
    use wasm_bindgen::JsValue;

    let field = |value: &JsValue, name: &str| js_sys::Reflect::get(value, &name.into()).ok();
    let text = |value: &JsValue, name: &str| field(value, name)?.as_string();
    let value = js_sys::JSON::parse(&data.as_string()?).ok()?;
    let reach = field(&value, "reach")?;
    let reach = match reach.as_string().as_deref() {
        Some("Everywhere") => Reach::Everywhere,
        Some(_) => return None,
        None => Reach::Days(
            js_sys::Array::from(&field(&reach, "Days")?)
                .iter()
                .map(|span| {
                    Some(DateSpan {
                        from: parse_day(&text(&span, "from")?)?,
                        to: parse_day(&text(&span, "to")?)?,
                    })
                })
                .collect::<Option<_>>()?,
        ),
    };
    Some(LiveChange {
        entity: text(&value, "entity")?,
        id: field(&value, "id")?.as_f64()? as i64,
        also: Vec::new(),
        action: text(&value, "action")?,
        reach,
    })
}
