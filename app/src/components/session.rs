//! The signed-in person, loaded once per page and shared through context.

use crate::api::session::current_user;
use crate::domain::{Action, Principal, TeamId};
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CurrentUser(Resource<Result<Option<Principal>, AppError>>);

impl CurrentUser {
    pub fn provide() -> Self {
        let me = Self(Resource::new(|| (), |_| current_user()));
        provide_context(me);
        me
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The person, once loaded (awaiting it inside Suspense makes server rendering wait).
    pub async fn load(self) -> Option<Principal> {
        self.0.await.ok().flatten()
    }

    /// The person if already loaded, without waiting.
    pub fn now(self) -> Option<Principal> {
        self.0.get().and_then(Result::ok).flatten()
    }
}

/// Whether `person` may do `action` on `team`'s objects; signed out means no.
pub fn may(person: &Option<Principal>, action: Action, team: Option<TeamId>) -> bool {
    person.as_ref().is_some_and(|p| p.may(action, team))
}
