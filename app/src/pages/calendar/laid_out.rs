//! Chip markup kept by the page between runs of the calendar's view code. The server runs that
//! code more than once per request (to find the page's resources, then to render them), and
//! laying out and writing hundreds of chips is the costly part of a calendar page.

use super::CalendarContext;
use super::moves::Moves;
use crate::api::CalendarData;
use leptos::prelude::*;
use std::sync::Arc;

type Entry<T> = (Arc<CalendarData>, Moves, Arc<T>);

pub struct LaidOut<T: ?Sized + Send + Sync + 'static>(StoredValue<Option<Entry<T>>>);

impl<T: ?Sized + Send + Sync + 'static> Clone for LaidOut<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized + Send + Sync + 'static> Copy for LaidOut<T> {}

impl<T: ?Sized + Send + Sync + 'static> LaidOut<T> {
    pub fn new() -> Self {
        Self(StoredValue::new(None))
    }

    /// What `build` makes of `ctx` with `moves` in flight: kept from an earlier call for the
    /// same loaded data (the very same, not an equal copy) and the same moves, else built now.
    pub fn get_or_build(
        &self,
        ctx: &CalendarContext,
        moves: Moves,
        build: impl FnOnce(&CalendarContext, &Moves) -> Arc<T>,
    ) -> Arc<T> {
        let kept = self.0.with_value(|kept| {
            kept.as_ref()
                .filter(|(data, m, _)| Arc::ptr_eq(data, &ctx.data) && *m == moves)
                .map(|(_, _, built)| built.clone())
        });
        kept.unwrap_or_else(|| {
            let built = build(ctx, &moves);
            self.0
                .set_value(Some((ctx.data.clone(), moves, built.clone())));
            built
        })
    }
}
