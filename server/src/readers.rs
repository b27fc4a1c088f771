//! The read models behind app's reader traits: built from the stores and kept in memory until
//! a write changes the data version (see `db::commit`). What a reader keeps is keyed by the
//! query value itself.

use crate::db::{Touched, Versions};
use app::domain::calendar::DateSpan;
use app::domain::dependency::{Dated, DependencyConflict, DependencyGraph};
use app::domain::schedule::MAX_WINDOW_DAYS;
use app::domain::{Conflict, Principal, Release, ReleaseId};
use app::read::{
    CalendarData, CalendarReader, DependencyReader, Link, LinkedRelease, ListingQuery, MapData,
    MapFocus, MapLink, MapQuery, MovePreview, ReleaseLinks,
};
use app::store::{SharedDependencies, SharedStore, StoreError};
use chrono::{Days, NaiveDate};
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

/// Distinct listings kept at most; past it the cache starts over. Most requests ask for the
/// few months and quarters around today, unfiltered or with a handful of filters.
const MAX_LISTINGS: usize = 128;

/// The most dependencies the map draws at once; more would be unreadable (and slow to send).
const MAX_MAP_LINKS: usize = 400;

/// More chosen teams, statuses and kinds than any real filter has.
const MAX_FILTER_VALUES: usize = 64;

/// Results kept under the data version they were read at.
struct Kept<Q, V> {
    entries: Mutex<HashMap<Q, (u64, V)>>,
    limit: usize,
}

impl<Q: Hash + Eq, V: Clone> Kept<Q, V> {
    fn new(limit: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            limit,
        }
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<Q, (u64, V)>> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, query: &Q, version: u64) -> Option<V> {
        self.entries()
            .get(query)
            .filter(|(v, _)| *v == version)
            .map(|(_, value)| value.clone())
    }

    fn keep(&self, query: Q, version: u64, value: V) {
        let mut entries = self.entries();
        if entries.len() >= self.limit && !entries.contains_key(&query) {
            entries.clear();
        }
        entries.insert(query, (version, value));
    }
}

/// Every release and dependency, in memory, so a listing is built without reading its
/// thousands of rows again after each write: before each build it re-reads only the releases
/// written since it was last brought up to date ([`Versions::touched_since`]), with what they
/// depend on, or everything when that is not known.
#[derive(Default)]
struct ReleaseModel {
    /// The data version it is up to date with.
    at: Option<u64>,
    by_id: HashMap<ReleaseId, Release>,
    by_day: BTreeSet<(NaiveDate, ReleaseId)>,
    dependencies: DependencyGraph,
    /// The stored dependencies, by the release that depends (for their ids, versions, notes).
    upstream: HashMap<ReleaseId, Vec<app::domain::dependency::Dependency>>,
}

impl ReleaseModel {
    fn dated(&self, id: ReleaseId) -> Option<Dated> {
        self.by_id.get(&id).map(|r| Dated {
            target: r.schedule.target(),
            status: r.status,
        })
    }

    fn put_upstream(&mut self, id: ReleaseId, stored: Vec<app::domain::dependency::Dependency>) {
        self.dependencies
            .put_upstream(id, stored.iter().map(|d| d.edge));
        if stored.is_empty() {
            self.upstream.remove(&id);
        } else {
            self.upstream.insert(id, stored);
        }
    }

    /// `conflict` as release `me` sees it.
    fn conflict(&self, conflict: &DependencyConflict, me: ReleaseId) -> Option<Conflict> {
        let edge = conflict.edge();
        let other = if edge.downstream == me {
            edge.upstream
        } else {
            edge.downstream
        };
        Some(Conflict::of_dependency(
            conflict,
            me,
            self.by_id.get(&other)?,
        ))
    }

    /// The unmet dependencies of `id`, both ways, as the calendar shows them.
    fn dependency_conflicts(&self, id: ReleaseId) -> Vec<Conflict> {
        self.dependencies
            .conflicts_of(id, |r| self.dated(r))
            .iter()
            .filter_map(|c| self.conflict(c, id))
            .collect()
    }

    fn put(&mut self, release: Release) {
        self.by_day.insert((release.schedule.target(), release.id));
        if let Some(old) = self.by_id.insert(release.id, release) {
            let now = self.by_id[&old.id].schedule.target();
            if old.schedule.target() != now {
                self.by_day.remove(&(old.schedule.target(), old.id));
            }
        }
    }

    /// Forgets a deleted release; its dependencies went with it, both ways.
    fn remove(&mut self, id: ReleaseId) {
        if let Some(old) = self.by_id.remove(&id) {
            self.by_day.remove(&(old.schedule.target(), id));
        }
        for edge in self.dependencies.downstream_of(id).collect::<Vec<_>>() {
            if let Some(list) = self.upstream.get_mut(&edge.downstream) {
                list.retain(|d| d.edge.upstream != id);
            }
        }
        self.upstream.remove(&id);
        self.dependencies.remove_release(id);
    }

    /// Releases whose target day or window overlaps `span`, by target date (as the store's
    /// `releases_between` answers).
    fn between(&self, span: DateSpan) -> Vec<Release> {
        // No window is longer than MAX_WINDOW_DAYS, so nothing starting earlier reaches in.
        let earliest = span
            .from
            .checked_sub_days(Days::new(MAX_WINDOW_DAYS as u64))
            .unwrap_or(NaiveDate::MIN);
        self.by_day
            .range((earliest, ReleaseId(i64::MIN))..=(span.to, ReleaseId(i64::MAX)))
            .map(|(_, id)| &self.by_id[id])
            .filter(|r| r.schedule.last_day() >= span.from)
            .cloned()
            .collect()
    }
}

pub struct Readers {
    store: SharedStore,
    dependencies: SharedDependencies,
    versions: Versions,
    listings: Kept<ListingQuery, Arc<CalendarData>>,
    maps: Kept<MapQuery, Arc<MapData>>,
    /// Kept listings are built one at a time: after a write, every open calendar asks again at
    /// once, and one build then serves them all instead of each building its own.
    building: tokio::sync::Mutex<()>,
    /// Read by many requests at once (listings, the map, what-ifs); written only to bring it
    /// up to date.
    releases: tokio::sync::RwLock<ReleaseModel>,
}

impl Readers {
    pub fn new(store: SharedStore, dependencies: SharedDependencies, versions: Versions) -> Self {
        Self {
            store,
            dependencies,
            versions,
            listings: Kept::new(MAX_LISTINGS),
            maps: Kept::new(MAX_LISTINGS),
            building: tokio::sync::Mutex::new(()),
            releases: tokio::sync::RwLock::new(ReleaseModel::default()),
        }
    }

    /// Loads the release model now, so the first listing after a start does not wait for it.
    pub async fn warm(&self) -> Result<(), StoreError> {
        self.model().await.map(drop)
    }

    /// The dependency map of `query`, from the release model.
    async fn build_map(&self, query: MapQuery) -> Result<MapData, StoreError> {
        let teams = self.store.teams().await?;
        let model = self.model().await?;
        let dated = |r: ReleaseId| model.dated(r);
        let in_span = |r: &Release| r.schedule.overlaps(query.span.from, query.span.to);
        let chosen_team = |r: &Release| query.teams.is_empty() || query.teams.contains(&r.team_id);
        let mut shown = BTreeSet::new();
        let mut links = Vec::new();
        for edge in model.dependencies.edges() {
            if !query.kinds.is_empty() && !query.kinds.contains(&edge.kind) {
                continue;
            }
            let (Some(up), Some(down)) = (
                model.by_id.get(&edge.upstream),
                model.by_id.get(&edge.downstream),
            ) else {
                continue;
            };
            if !(in_span(up) || in_span(down)) || !(chosen_team(up) || chosen_team(down)) {
                continue;
            }
            let conflict = DependencyGraph::conflict(edge, &dated)
                .and_then(|c| model.conflict(&c, edge.downstream));
            if query.only_conflicts && conflict.is_none() {
                continue;
            }
            let slack = (down.schedule.target() - up.schedule.target()).num_days()
                - i64::from(edge.lead_days);
            links.push((conflict.is_none(), slack, MapLink { edge, conflict }));
        }
        // What a person can read on one screen: conflicts first, then the tightest.
        let matching = links.len();
        links.sort_by_key(|(holds, slack, link)| {
            (*holds, *slack, link.edge.downstream, link.edge.upstream)
        });
        links.truncate(MAX_MAP_LINKS);
        let links: Vec<MapLink> = links.into_iter().map(|(_, _, link)| link).collect();
        for link in &links {
            shown.extend([link.edge.upstream, link.edge.downstream]);
        }
        let focus = query
            .focus
            .filter(|id| model.by_id.contains_key(id))
            .map(|id| MapFocus {
                id,
                upstream: model.dependencies.ancestors(id).into_iter().collect(),
                downstream: model.dependencies.dependents(id).into_iter().collect(),
                longest: model.dependencies.longest_chain_to(id),
            });
        let mut releases: Vec<LinkedRelease> = shown
            .iter()
            .filter_map(|id| model.by_id.get(id).map(LinkedRelease::from))
            .collect();
        releases.sort_by_key(|r| (r.target, r.id));
        Ok(MapData {
            query,
            teams,
            releases,
            links,
            matching,
            focus,
        })
    }

    /// The release model, brought up to date first.
    async fn model(&self) -> Result<tokio::sync::RwLockReadGuard<'_, ReleaseModel>, StoreError> {
        let current = self.releases.read().await;
        if current.at == Some(self.versions.data()) {
            return Ok(current);
        }
        drop(current);
        let mut model = self.releases.write().await;
        let (now, touched) = self.versions.touched_since(model.at);
        match touched {
            Touched::Everything => {
                let all = self.store.all_releases().await?;
                let dependencies = self.dependencies.all_dependencies().await?;
                *model = ReleaseModel::default();
                all.into_iter().for_each(|r| model.put(r));
                let mut by_downstream: HashMap<ReleaseId, Vec<_>> = HashMap::new();
                for d in dependencies {
                    by_downstream.entry(d.edge.downstream).or_default().push(d);
                }
                for (id, stored) in by_downstream {
                    model.put_upstream(id, stored);
                }
            }
            Touched::Releases(ids) => {
                for id in ids {
                    match self.store.release(id).await {
                        Ok(release) => {
                            model.put(release);
                            let stored = self.dependencies.upstream_of(id).await?;
                            model.put_upstream(id, stored);
                        }
                        Err(StoreError::NotFound) => model.remove(id),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        model.at = Some(now);
        Ok(model.downgrade())
    }
}

/// Searches are typed a letter at a time and seldom asked again, and an oversized filter would
/// turn the cache into a way to fill the server's memory: neither is kept.
fn worth_keeping(query: &ListingQuery) -> bool {
    let f = &query.filter;
    f.text.is_empty() && f.teams.len() + f.statuses.len() + f.kinds.len() <= MAX_FILTER_VALUES
}

#[async_trait::async_trait]
impl CalendarReader for Readers {
    /// A listing is the same for everyone who may see the calendar (what each person may do
    /// with a chip is decided beside it), so one serves all.
    async fn calendar(
        &self,
        _viewer: &Principal,
        query: ListingQuery,
    ) -> Result<Arc<CalendarData>, StoreError> {
        if let Some(kept) = self.listings.get(&query, self.versions.data()) {
            return Ok(kept);
        }
        let keep = worth_keeping(&query);
        let _turn = if keep {
            Some(self.building.lock().await)
        } else {
            None
        };
        // Read before the store, so a write landing meanwhile leaves this listing stale at once;
        // and another caller may have built it while this one waited.
        let version = self.versions.data();
        if let Some(kept) = self.listings.get(&query, version) {
            return Ok(kept);
        }
        let teams = self.store.teams().await?;
        let model = self.model().await?;
        let in_span = model.between(query.span);
        let data = Arc::new(CalendarData::build(&query, teams, &in_span, |id| {
            model.dependency_conflicts(id)
        }));
        drop(model);
        if keep {
            self.listings.keep(query, version, data.clone());
        }
        Ok(data)
    }
}

#[async_trait::async_trait]
impl DependencyReader for Readers {
    async fn links(&self, id: ReleaseId) -> Result<ReleaseLinks, StoreError> {
        let model = self.model().await?;
        if !model.by_id.contains_key(&id) {
            return Err(StoreError::NotFound);
        }
        let link = |dependency: &app::domain::dependency::Dependency, other: ReleaseId| {
            let other = model.by_id.get(&other)?;
            let conflict = model
                .dependencies
                .conflicts_of(id, |r| model.dated(r))
                .iter()
                .find(|c| c.edge() == dependency.edge)
                .and_then(|c| model.conflict(c, id));
            Some(Link {
                dependency: dependency.clone(),
                other: other.into(),
                conflict,
            })
        };
        let upstream = model.upstream.get(&id).into_iter().flatten();
        let downstream = model.dependencies.downstream_of(id).filter_map(|e| {
            model
                .upstream
                .get(&e.downstream)?
                .iter()
                .find(|d| d.edge == e)
        });
        Ok(ReleaseLinks {
            upstream: upstream.filter_map(|d| link(d, d.edge.upstream)).collect(),
            downstream: downstream
                .filter_map(|d| link(d, d.edge.downstream))
                .collect(),
        })
    }

    /// Kept per query under the data version it was read at, like listings: a map is the same
    /// for everyone who may see it.
    async fn map(&self, query: MapQuery) -> Result<MapData, StoreError> {
        let version = self.versions.data();
        if let Some(kept) = self.maps.get(&query, version) {
            return Ok(MapData::clone(&kept));
        }
        let data = self.build_map(query.clone()).await?;
        if query.teams.len() + query.kinds.len() <= MAX_FILTER_VALUES {
            self.maps.keep(query, version, Arc::new(data.clone()));
        }
        Ok(data)
    }

    async fn candidates(
        &self,
        text: &str,
        except: ReleaseId,
        near: NaiveDate,
        limit: usize,
    ) -> Result<Vec<LinkedRelease>, StoreError> {
        let model = self.model().await?;
        let text = text.trim().to_lowercase();
        let mut found: Vec<&Release> = model
            .by_id
            .values()
            .filter(|r| r.id != except && r.title.as_str().to_lowercase().contains(&text))
            .collect();
        found.sort_by_key(|r| ((r.schedule.target() - near).num_days().abs(), r.id));
        Ok(found
            .into_iter()
            .take(limit)
            .map(LinkedRelease::from)
            .collect())
    }

    async fn preview_move(&self, id: ReleaseId, to: NaiveDate) -> Result<MovePreview, StoreError> {
        let model = self.model().await?;
        let graph = &model.dependencies;
        let impact = graph.impact(|r| model.dated(r), id, to);
        let release = |r: ReleaseId| model.by_id.get(&r).map(LinkedRelease::from);
        // Each conflict on the release it makes wait: the dependent.
        let on_dependent = |c: &DependencyConflict| {
            let dependent = c.edge().downstream;
            Some((release(dependent)?, model.conflict(c, dependent)?))
        };
        Ok(MovePreview {
            appear: impact.appear.iter().filter_map(on_dependent).collect(),
            clear: impact.clear.iter().filter_map(on_dependent).collect(),
            affected: impact
                .affected
                .iter()
                .filter(|r| **r != id)
                .filter_map(|r| release(*r))
                .collect(),
            shifts: graph
                .shift_dependents(|r| model.dated(r), id, to)
                .into_iter()
                .filter_map(|(r, day)| Some((release(r)?, day)))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_served_only_under_the_version_it_was_read_at() {
        let kept = Kept::new(4);
        kept.keep("q1", 3, 1);
        assert_eq!(kept.get(&"q1", 3), Some(1));
        assert_eq!(kept.get(&"q1", 4), None, "a write happened since");
        assert_eq!(kept.get(&"q2", 3), None, "another query");
    }

    #[test]
    fn kept_results_stay_bounded() {
        let kept = Kept::new(4);
        for n in 0..=4 {
            kept.keep(n, 1, n);
        }
        assert!(kept.entries().len() <= 4);
        assert_eq!(kept.get(&4, 1), Some(4), "the newest is kept");
    }

    fn release(id: i64, target: &str, end: Option<&str>) -> Release {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        Release {
            id: ReleaseId(id),
            team_id: app::domain::TeamId(1),
            title: app::domain::Title::parse(&format!("R{id}")).unwrap(),
            kind: app::domain::ReleaseKind::Feature,
            description: app::domain::Description::parse("").unwrap(),
            schedule: app::domain::Schedule::new(day(target), end.map(day)).unwrap(),
            status: app::domain::ReleaseStatus::Planned,
            public: false,
            owner: app::domain::OwnerName::parse("").unwrap(),
            version: app::domain::Version(1),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
            date_moved_at: None,
            moved_from: None,
        }
    }

    #[test]
    fn the_release_model_answers_a_span_as_the_store_does() {
        let mut model = ReleaseModel::default();
        model.put(release(1, "2026-11-20", Some("2026-12-02")));
        model.put(release(2, "2026-12-10", None));
        model.put(release(3, "2026-11-30", None));
        model.put(release(4, "2027-01-01", None));
        model.put(release(5, "2026-12-01", None));
        let span = DateSpan {
            from: "2026-12-01".parse().unwrap(),
            to: "2026-12-31".parse().unwrap(),
        };
        let ids = |m: &ReleaseModel| m.between(span).iter().map(|r| r.id.0).collect::<Vec<_>>();
        assert_eq!(
            ids(&model),
            [1, 5, 2],
            "by target date; a window reaching in counts"
        );
        model.put(release(2, "2026-12-31", None));
        model.put(release(4, "2026-12-15", None));
        model.remove(ReleaseId(5));
        assert_eq!(ids(&model), [1, 4, 2], "moved in, moved within, removed");
    }

    #[test]
    fn searches_and_oversized_filters_are_not_kept() {
        let query = |text: &str, teams: i64| ListingQuery {
            span: app::domain::calendar::DateSpan {
                from: "2026-10-01".parse().unwrap(),
                to: "2026-12-31".parse().unwrap(),
            },
            today: "2026-11-28".parse().unwrap(),
            filter: app::domain::ReleaseFilter {
                text: text.into(),
                teams: (1..=teams).map(app::domain::TeamId).collect(),
                ..Default::default()
            },
        };
        assert!(worth_keeping(&query("", MAX_FILTER_VALUES as i64)));
        assert!(!worth_keeping(&query("api", 0)));
        assert!(!worth_keeping(&query("", MAX_FILTER_VALUES as i64 + 1)));
    }
}
