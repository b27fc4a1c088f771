//! Reading the calendar and the marketing view.

use super::wire::Json;
use crate::domain::calendar::{CalendarView, DateSpan};
use crate::domain::dates;
use crate::domain::{CalendarItem, Release, ReleaseFilter, Team};
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// Everything one calendar page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarData {
    pub span: DateSpan,
    #[serde(deserialize_with = "dates::de::day")]
    pub today: NaiveDate,
    pub teams: Vec<Team>,
    /// Releases in the span that match the filter, by target date, each with the rules it
    /// breaks (judged against every release in the span, filtered out or not).
    #[serde(with = "crate::domain::item::columns")]
    pub releases: Vec<CalendarItem>,
}

/// What `load_calendar` returns: the data, shared. On the server it also carries the data's
/// JSON, written once and sent as is to every request for the same listing until the data
/// changes (see `listing_cache`), and that JSON kept compressed in each coding it is asked for
/// in (see [`KeptCoding`]).
#[derive(Clone, Debug)]
pub struct CalendarListing {
    pub data: Arc<CalendarData>,
    #[cfg(feature = "ssr")]
    json: Arc<serde_json::value::RawValue>,
    #[cfg(feature = "ssr")]
    compressed: Arc<[KeptCoding; 2]>,
}

/// A listing's JSON in one coding, kept with the listing: compressed quickly by the first
/// caller, who waits for it, then, once the listing is asked for again and again, replaced by a
/// denser compression made off the request path (see `server/src/listings.rs`).
#[cfg(feature = "ssr")]
#[derive(Debug, Default)]
pub struct KeptCoding {
    bytes: std::sync::RwLock<Option<Arc<[u8]>>>,
    asked: std::sync::atomic::AtomicU32,
    densifying: std::sync::atomic::AtomicBool,
}

#[cfg(feature = "ssr")]
impl KeptCoding {
    /// The kept bytes; the first caller makes them from `json` with `quick`.
    pub fn get_or_compress(&self, json: &[u8], quick: impl FnOnce(&[u8]) -> Vec<u8>) -> Arc<[u8]> {
        self.asked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Only plain bytes are behind the lock, so a panic elsewhere cannot leave them torn.
        if let Some(bytes) = &*self.bytes.read().unwrap_or_else(|e| e.into_inner()) {
            return bytes.clone();
        }
        let mut slot = self.bytes.write().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert_with(|| quick(json).into()).clone()
    }

    /// Asked for at least `times` and not yet being made dense.
    pub fn wants_densifying(&self, times: u32) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        self.asked.load(Relaxed) >= times && !self.densifying.load(Relaxed)
    }

    /// True for exactly one caller: the one that is to make the dense compression.
    pub fn claim_densifying(&self) -> bool {
        !self
            .densifying
            .swap(true, std::sync::atomic::Ordering::Relaxed)
    }

    pub fn replace(&self, dense: Vec<u8>) {
        *self.bytes.write().unwrap_or_else(|e| e.into_inner()) = Some(dense.into());
    }
}

/// The content codings a listing is kept compressed in.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Brotli = 0,
    Gzip = 1,
}

impl CalendarListing {
    #[cfg(feature = "ssr")]
    pub fn new(data: CalendarData) -> Result<Self, serde_json::Error> {
        let json = serde_json::value::to_raw_value(&data)?.into();
        Ok(Self {
            data: Arc::new(data),
            json,
            compressed: Arc::default(),
        })
    }

    /// The data's JSON, exactly as the server function sends it.
    #[cfg(feature = "ssr")]
    pub fn json(&self) -> &Arc<serde_json::value::RawValue> {
        &self.json
    }

    /// The JSON kept in `coding`.
    #[cfg(feature = "ssr")]
    pub fn kept(&self, coding: Coding) -> &KeptCoding {
        &self.compressed[coding as usize]
    }

    #[cfg(not(feature = "ssr"))]
    pub fn new(data: CalendarData) -> Result<Self, std::convert::Infallible> {
        Ok(Self {
            data: Arc::new(data),
        })
    }
}

impl Serialize for CalendarListing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "ssr")]
        return self.json.serialize(serializer);
        #[cfg(not(feature = "ssr"))]
        return self.data.serialize(serializer);
    }
}

impl<'de> Deserialize<'de> for CalendarListing {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(CalendarData::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// The releases a view shows around `anchor`, filtered.
#[server(endpoint = "load_calendar", output = Json)]
pub async fn load_calendar(
    view: CalendarView,
    anchor: NaiveDate,
    // An empty filter posts no fields at all, so it must be allowed to be missing.
    #[server(default)] filter: ReleaseFilter,
) -> Result<CalendarListing, AppError> {
    use super::listing_cache::{ListingCache, ListingKey};
    use super::support::{fail, from_store, principal, store};
    use crate::domain::conflict::find_conflicts;

    principal()?;
    let anchor = dates::in_range(anchor)
        .ok_or_else(|| fail(AppError::field("anchor", dates::DAY_FORMAT_HINT)))?;
    let store = store()?;
    let key = ListingKey::today(view, anchor, filter);
    // Read before the store, so a write landing meanwhile leaves this listing stale at once.
    let version = store.data_version();
    let cache = use_context::<ListingCache>();
    if let Some(listing) = cache.as_ref().and_then(|c| c.get(&key, version)) {
        return Ok(listing);
    }
    let teams = store.teams().await.map_err(|e| from_store(e, "Teams"))?;
    let all = store
        .releases_between(key.span)
        .await
        .map_err(|e| from_store(e, "Releases"))?;
    let mut conflicts = find_conflicts(&all, key.today);
    let releases = all
        .iter()
        .filter(|r| key.filter.matches(r))
        .map(|r| CalendarItem::of(r, conflicts.remove(&r.id).unwrap_or_default()))
        .collect();
    let data = CalendarData {
        span: key.span,
        today: key.today,
        teams,
        releases,
    };
    let listing = CalendarListing::new(data).map_err(|e| {
        tracing::error!("could not write a calendar listing: {e}");
        fail(AppError::Internal("listing-json".into()))
    })?;
    if let Some(cache) = cache {
        cache.keep(key, version, listing.clone());
    }
    Ok(listing)
}

/// Every team, in display order.
#[server(endpoint = "load_teams", output = Json)]
pub async fn load_teams() -> Result<Vec<Team>, AppError> {
    use super::support::{from_store, principal, store};
    principal()?;
    store()?.teams().await.map_err(|e| from_store(e, "Teams"))
}

/// The marketing view: public releases from this week on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShipsData {
    #[serde(deserialize_with = "dates::de::day")]
    pub today: NaiveDate,
    pub teams: Vec<Team>,
    pub releases: Vec<Release>,
}

/// How far ahead "What ships when" looks.
pub const SHIPS_HORIZON_WEEKS: u64 = 26;

#[server(endpoint = "load_ships", output = Json)]
pub async fn load_ships() -> Result<ShipsData, AppError> {
    use super::support::{from_store, principal, store};
    use crate::domain::calendar::{in_ship_order, monday_of};

    principal()?;
    let store = store()?;
    let today = chrono::Utc::now().date_naive();
    let from = monday_of(today);
    let span = DateSpan {
        from,
        to: from + chrono::Days::new(SHIPS_HORIZON_WEEKS * 7 - 1),
    };
    let teams = store.teams().await.map_err(|e| from_store(e, "Teams"))?;
    let mut releases: Vec<Release> = store
        .releases_between(span)
        .await
        .map_err(|e| from_store(e, "Releases"))?
        .iter()
        .filter(|r| {
            r.public && r.status.confidence().is_some() && span.contains(r.schedule.target())
        })
        .cloned()
        .collect();
    in_ship_order(&mut releases);
    Ok(ShipsData {
        today,
        teams,
        releases,
    })
}
