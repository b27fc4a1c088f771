//! What sort of change a release is; drives who must hear about it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKind {
    Feature,
    ApiChange,
    BreakingChange,
    Infrastructure,
    MobileApp,
    Pricing,
    PaymentProvider,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind “{0}”")]
pub struct UnknownKind(pub String);

impl ReleaseKind {
    pub const ALL: [ReleaseKind; 8] = [
        Self::Feature,
        Self::ApiChange,
        Self::BreakingChange,
        Self::Infrastructure,
        Self::MobileApp,
        Self::Pricing,
        Self::PaymentProvider,
        Self::Other,
    ];

    /// The stable identifier used in URLs, forms and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Feature => "feature",
            Self::ApiChange => "api_change",
            Self::BreakingChange => "breaking_change",
            Self::Infrastructure => "infrastructure",
            Self::MobileApp => "mobile_app",
            Self::Pricing => "pricing",
            Self::PaymentProvider => "payment_provider",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Feature => "Feature",
            Self::ApiChange => "API change",
            Self::BreakingChange => "Breaking change",
            Self::Infrastructure => "Infrastructure",
            Self::MobileApp => "Mobile app",
            Self::Pricing => "Pricing",
            Self::PaymentProvider => "Payment provider change",
            Self::Other => "Other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, UnknownKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| UnknownKind(raw.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_identifier() {
        for kind in ReleaseKind::ALL {
            assert_eq!(ReleaseKind::parse(kind.as_str()), Ok(kind));
        }
        assert!(ReleaseKind::parse("rumour").is_err());
    }
}
