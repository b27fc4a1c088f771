//! What the server tells every open screen when shared data changes.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    /// The kind of object: "release" or "team".
    pub entity: String,
    pub id: i64,
    /// "created", "updated", "deleted" or "imported".
    pub action: String,
}

impl LiveChange {
    pub fn new(entity: &str, id: i64, action: &str) -> Self {
        Self {
            entity: entity.into(),
            id,
            action: action.into(),
        }
    }
}
