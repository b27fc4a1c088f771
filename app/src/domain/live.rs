//! What the server tells every open screen when shared data changes.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    /// The kind of object: "release".
    pub entity: String,
    pub id: i64,
    /// "created", "updated" or "deleted".
    pub action: String,
}

impl LiveChange {
    pub fn release(id: i64, action: &str) -> Self {
        Self {
            entity: "release".into(),
            id,
            action: action.into(),
        }
    }
}
