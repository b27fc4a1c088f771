//! The life of a release: planned → at risk → ready → shipping → shipped, or rolled back /
//! cancelled, and which moves between them make sense.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseStatus {
    Planned,
    AtRisk,
    Ready,
    Shipping,
    Shipped,
    RolledBack,
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("unknown status “{0}”")]
    Unknown(String),
    #[error("a release that is {from} cannot become {to}: {reason}")]
    IllegalMove {
        from: &'static str,
        to: &'static str,
        reason: &'static str,
    },
}

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 7] = [
        Self::Planned,
        Self::AtRisk,
        Self::Ready,
        Self::Shipping,
        Self::Shipped,
        Self::RolledBack,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::AtRisk => "at_risk",
            Self::Ready => "ready",
            Self::Shipping => "shipping",
            Self::Shipped => "shipped",
            Self::RolledBack => "rolled_back",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::AtRisk => "at risk",
            Self::Ready => "ready",
            Self::Shipping => "shipping",
            Self::Shipped => "shipped",
            Self::RolledBack => "rolled back",
            Self::Cancelled => "cancelled",
        }
    }

    /// A small glyph shown with the colour so that status never depends on colour alone.
    pub fn icon(self) -> &'static str {
        match self {
            Self::Planned => "○",
            Self::AtRisk => "▲",
            Self::Ready => "✓",
            Self::Shipping => "➜",
            Self::Shipped => "●",
            Self::RolledBack => "↺",
            Self::Cancelled => "✕",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, StatusError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or_else(|| StatusError::Unknown(raw.to_owned()))
    }

    /// Whether the release still has to happen (its date still matters for planning).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Self::Planned | Self::AtRisk | Self::Ready | Self::Shipping
        )
    }

    /// Whether a release in this status may still move to another day: once it is shipping or
    /// shipped, its date is history.
    pub fn can_reschedule(self) -> bool {
        !matches!(self, Self::Shipping | Self::Shipped)
    }

    /// Statuses a release in this status may move to, itself included.
    pub fn next_allowed(self) -> Vec<ReleaseStatus> {
        Self::ALL
            .into_iter()
            .filter(|to| self.check_move(*to).is_ok())
            .collect()
    }

    /// Accepts a legal move (or staying put) and explains why an illegal one is refused.
    pub fn check_move(self, to: ReleaseStatus) -> Result<(), StatusError> {
        use ReleaseStatus::*;
        let refuse = |reason| {
            Err(StatusError::IllegalMove {
                from: self.label(),
                to: to.label(),
                reason,
            })
        };
        match (self, to) {
            (a, b) if a == b => Ok(()),
            (Planned | AtRisk | Ready, Planned | AtRisk | Ready) => Ok(()),
            (Planned | AtRisk, Shipping) => refuse("mark it ready first"),
            (Ready, Shipping) | (Shipping, Shipped | RolledBack | AtRisk) => Ok(()),
            (Shipping, Planned | Ready) => {
                refuse("a release being shipped either ships, rolls back or is at risk")
            }
            (Planned | AtRisk | Ready | Shipping, Cancelled) => Ok(()),
            (Planned | AtRisk | Ready, Shipped | RolledBack) => {
                refuse("it has not started shipping")
            }
            (Shipped, RolledBack) => Ok(()),
            (Shipped, _) => refuse("it has shipped; only a rollback can follow"),
            (RolledBack | Cancelled, Planned) => Ok(()),
            (RolledBack | Cancelled, _) => refuse("plan it again first"),
            _ => refuse("that move is not part of the release life cycle"),
        }
    }

    pub fn confidence(self) -> Option<Confidence> {
        match self {
            Self::Planned => Some(Confidence::Planned),
            Self::AtRisk | Self::RolledBack => Some(Confidence::AtRisk),
            Self::Ready | Self::Shipping => Some(Confidence::Ready),
            Self::Shipped => Some(Confidence::Shipped),
            Self::Cancelled => None,
        }
    }
}

/// What marketing may rely on: a simplified status for the "What ships when" view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    Planned,
    AtRisk,
    Ready,
    Shipped,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::AtRisk => "at risk",
            Self::Ready => "ready",
            Self::Shipped => "shipped",
        }
    }

    /// What marketing may take it to mean.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Planned => "dated, not yet confirmed: the date may still move",
            Self::AtRisk => "the team expects the date may slip: do not book around it yet",
            Self::Ready => "ready to ship on this date: safe to announce",
            Self::Shipped => "live",
        }
    }

    pub const ALL: [Self; 4] = [Self::Ready, Self::Planned, Self::AtRisk, Self::Shipped];

    /// CSS modifier shared with the status of the same name.
    pub fn css(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::AtRisk => "at_risk",
            Self::Ready => "ready",
            Self::Shipped => "shipped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ReleaseStatus::*;
    use super::*;

    #[test]
    fn the_happy_path_is_allowed() {
        for (a, b) in [
            (Planned, AtRisk),
            (AtRisk, Ready),
            (Ready, Shipping),
            (Shipping, Shipped),
        ] {
            assert_eq!(a.check_move(b), Ok(()), "{a:?} -> {b:?}");
        }
    }

    #[test]
    fn staying_put_is_always_allowed() {
        for s in ReleaseStatus::ALL {
            assert_eq!(s.check_move(s), Ok(()));
        }
    }

    #[test]
    fn skipping_ready_is_refused_with_a_reason() {
        let err = Planned.check_move(Shipping).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a release that is planned cannot become shipping: mark it ready first"
        );
    }

    #[test]
    fn shipped_can_only_roll_back() {
        assert_eq!(Shipped.next_allowed(), vec![Shipped, RolledBack]);
    }

    #[test]
    fn cancelled_and_rolled_back_can_be_planned_again_only() {
        assert_eq!(Cancelled.next_allowed(), vec![Planned, Cancelled]);
        assert_eq!(RolledBack.next_allowed(), vec![Planned, RolledBack]);
    }

    #[test]
    fn nothing_ships_without_shipping_first() {
        for s in [Planned, AtRisk, Ready] {
            assert!(s.check_move(Shipped).is_err());
        }
    }

    #[test]
    fn cancelled_releases_are_hidden_from_marketing() {
        assert_eq!(Cancelled.confidence(), None);
        assert_eq!(Shipping.confidence(), Some(Confidence::Ready));
    }

    #[test]
    fn identifiers_round_trip() {
        for s in ReleaseStatus::ALL {
            assert_eq!(ReleaseStatus::parse(s.as_str()), Ok(s));
        }
    }
}
