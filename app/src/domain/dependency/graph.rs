//! The rules over dependencies: no cycles, when a dependency is in conflict, what a date change
//! affects, and how "move dependents too" shifts the releases downstream. The graph work is
//! petgraph's, over the edges it holds and the dates it is handed.

use super::{DependencyKind, Edge, MAX_LEAD_DAYS};
use crate::domain::{ReleaseId, ReleaseStatus};
use chrono::{Days, NaiveDate};
use petgraph::Direction;
use petgraph::algo::{astar, toposort};
use petgraph::graphmap::DiGraphMap;
use petgraph::visit::{Bfs, Walker};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a release stands, as far as the rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated {
    pub target: NaiveDate,
    pub status: ReleaseStatus,
}

/// Why a dependency is in conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DependencyConflict {
    /// The dependent is dated before the dependency's date plus the lead time.
    TooEarly {
        edge: Edge,
        /// The first day the dependent could ship.
        earliest: NaiveDate,
    },
    /// The dependency was cancelled or rolled back.
    UpstreamGone { edge: Edge, status: ReleaseStatus },
}

impl DependencyConflict {
    pub fn edge(&self) -> Edge {
        match self {
            Self::TooEarly { edge, .. } | Self::UpstreamGone { edge, .. } => *edge,
        }
    }
}

/// The dependencies of an organisation. Edges added with [`add`](Self::add) are checked for
/// cycles; the stored ones a read model loads were checked when they were written.
#[derive(Clone, Debug, Default)]
pub struct DependencyGraph {
    graph: DiGraphMap<ReleaseId, (DependencyKind, u32)>,
}

/// Why an edge was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EdgeError {
    #[error("a release cannot depend on itself")]
    SelfDependency,
    #[error("the lead time must be at most {MAX_LEAD_DAYS} days")]
    LeadTooLong,
    /// The releases around the cycle the edge would close, starting and ending with the
    /// upstream release.
    #[error("it would close a cycle")]
    Cycle(Vec<ReleaseId>),
}

fn edge_of(
    upstream: ReleaseId,
    downstream: ReleaseId,
    &(kind, lead_days): &(DependencyKind, u32),
) -> Edge {
    Edge {
        upstream,
        downstream,
        kind,
        lead_days,
    }
}

impl DependencyGraph {
    /// The graph of `edges`, refusing the first that would close a cycle.
    pub fn new(edges: impl IntoIterator<Item = Edge>) -> Result<Self, EdgeError> {
        let mut graph = Self::default();
        for edge in edges {
            graph.add(edge)?;
        }
        Ok(graph)
    }

    /// Adds (or replaces) `edge`, unless it would close a cycle.
    pub fn add(&mut self, edge: Edge) -> Result<(), EdgeError> {
        self.check(edge)?;
        self.insert(edge);
        Ok(())
    }

    fn insert(&mut self, edge: Edge) {
        self.graph
            .add_edge(edge.upstream, edge.downstream, (edge.kind, edge.lead_days));
    }

    /// Whether `edge` may be added: not to itself, a lead time in range, and no path already
    /// leading from its downstream back to its upstream release.
    pub fn check(&self, edge: Edge) -> Result<(), EdgeError> {
        if edge.upstream == edge.downstream {
            return Err(EdgeError::SelfDependency);
        }
        if edge.lead_days > MAX_LEAD_DAYS {
            return Err(EdgeError::LeadTooLong);
        }
        if !self.graph.contains_node(edge.downstream) || !self.graph.contains_node(edge.upstream) {
            return Ok(());
        }
        let back = astar(
            &self.graph,
            edge.downstream,
            |n| n == edge.upstream,
            |_| 1,
            |_| 0,
        );
        match back {
            Some((_, path)) => {
                let mut cycle = vec![edge.upstream];
                cycle.extend(path);
                Err(EdgeError::Cycle(cycle))
            }
            None => Ok(()),
        }
    }

    /// Replaces what `downstream` depends on with `edges` (as stored: already checked).
    pub fn put_upstream(&mut self, downstream: ReleaseId, edges: impl IntoIterator<Item = Edge>) {
        for up in self
            .upstream_of(downstream)
            .map(|e| e.upstream)
            .collect::<Vec<_>>()
        {
            self.graph.remove_edge(up, downstream);
        }
        edges
            .into_iter()
            .filter(|e| e.downstream == downstream)
            .for_each(|e| self.insert(e));
    }

    /// Forgets a release that is gone, with its dependencies both ways.
    pub fn remove_release(&mut self, id: ReleaseId) {
        self.graph.remove_node(id);
    }

    pub fn edges(&self) -> impl Iterator<Item = Edge> + '_ {
        self.graph
            .all_edges()
            .map(|(upstream, downstream, weight)| edge_of(upstream, downstream, weight))
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// What `id` depends on directly.
    pub fn upstream_of(&self, id: ReleaseId) -> impl Iterator<Item = Edge> + '_ {
        self.neighbours(id, Direction::Incoming)
    }

    /// What depends on `id` directly.
    pub fn downstream_of(&self, id: ReleaseId) -> impl Iterator<Item = Edge> + '_ {
        self.neighbours(id, Direction::Outgoing)
    }

    fn neighbours(&self, id: ReleaseId, direction: Direction) -> impl Iterator<Item = Edge> + '_ {
        self.graph
            .contains_node(id)
            .then(|| self.graph.edges_directed(id, direction))
            .into_iter()
            .flatten()
            .map(|(upstream, downstream, weight)| edge_of(upstream, downstream, weight))
    }

    /// Every release that depends on `id`, directly or through others.
    pub fn dependents(&self, id: ReleaseId) -> BTreeSet<ReleaseId> {
        if !self.graph.contains_node(id) {
            return BTreeSet::new();
        }
        Bfs::new(&self.graph, id)
            .iter(&self.graph)
            .filter(|n| *n != id)
            .collect()
    }

    /// Every release `id` depends on, directly or through others.
    pub fn ancestors(&self, id: ReleaseId) -> BTreeSet<ReleaseId> {
        if !self.graph.contains_node(id) {
            return BTreeSet::new();
        }
        let reversed = petgraph::visit::Reversed(&self.graph);
        Bfs::new(reversed, id)
            .iter(reversed)
            .filter(|n| *n != id)
            .collect()
    }

    /// The longest chain of dependencies that ends at `id` (by number of links), from its
    /// first release to `id` itself; just `[id]` when it depends on nothing.
    pub fn longest_chain_to(&self, id: ReleaseId) -> Vec<ReleaseId> {
        let ancestors = self.ancestors(id);
        // Stored edges form no cycle, so an order always exists.
        let order = toposort(&self.graph, None).unwrap_or_default();
        let mut best: HashMap<ReleaseId, (usize, Option<ReleaseId>)> = HashMap::new();
        for node in order
            .into_iter()
            .filter(|n| *n == id || ancestors.contains(n))
        {
            let from = self
                .upstream_of(node)
                .filter_map(|e| best.get(&e.upstream).map(|(len, _)| (len + 1, e.upstream)))
                .max();
            best.insert(node, from.map_or((0, None), |(len, up)| (len, Some(up))));
        }
        let mut chain = vec![id];
        while let Some(&(_, Some(up))) = chain.last().and_then(|n| best.get(n)) {
            chain.push(up);
        }
        chain.reverse();
        chain
    }

    /// The dependencies in conflict, given where each release stands (edges whose releases are
    /// unknown are skipped).
    pub fn conflicts(&self, dated: impl Fn(ReleaseId) -> Option<Dated>) -> Vec<DependencyConflict> {
        self.edges()
            .filter_map(|edge| edge_conflict(edge, &dated))
            .collect()
    }

    /// Whether `edge` is in conflict, given where its two releases stand.
    pub fn conflict(
        edge: Edge,
        dated: &impl Fn(ReleaseId) -> Option<Dated>,
    ) -> Option<DependencyConflict> {
        edge_conflict(edge, dated)
    }

    /// The conflicts of the dependencies of `id`, both ways.
    pub fn conflicts_of(
        &self,
        id: ReleaseId,
        dated: impl Fn(ReleaseId) -> Option<Dated>,
    ) -> Vec<DependencyConflict> {
        self.upstream_of(id)
            .chain(self.downstream_of(id))
            .filter_map(|edge| edge_conflict(edge, &dated))
            .collect()
    }

    /// What moving `id` to `to` would change: the conflicts that would appear and clear, among
    /// the dependencies of the release and of everything downstream of it.
    pub fn impact(
        &self,
        dated: impl Fn(ReleaseId) -> Option<Dated>,
        id: ReleaseId,
        to: NaiveDate,
    ) -> Impact {
        let after = |r: ReleaseId| {
            dated(r).map(|d| {
                if r == id {
                    Dated { target: to, ..d }
                } else {
                    d
                }
            })
        };
        let mut concerned = self.dependents(id);
        concerned.insert(id);
        let touching: Vec<Edge> = concerned
            .iter()
            .flat_map(|r| self.upstream_of(*r))
            .collect();
        let before: Vec<_> = touching
            .iter()
            .filter_map(|e| edge_conflict(*e, &dated))
            .collect();
        let now: Vec<_> = touching
            .iter()
            .filter_map(|e| edge_conflict(*e, &after))
            .collect();
        let had = |c: &DependencyConflict, list: &[DependencyConflict]| {
            list.iter().any(|o| o.edge() == c.edge())
        };
        Impact {
            appear: now.iter().filter(|c| !had(c, &before)).copied().collect(),
            clear: before.iter().filter(|c| !had(c, &now)).copied().collect(),
            affected: concerned,
        }
    }

    /// "Move dependents too": the new date of each release downstream of `id` (moved to `to`)
    /// that must move to keep its lead times, each moved just enough and never earlier;
    /// releases that can no longer be rescheduled stay.
    pub fn shift_dependents(
        &self,
        dated: impl Fn(ReleaseId) -> Option<Dated>,
        id: ReleaseId,
        to: NaiveDate,
    ) -> BTreeMap<ReleaseId, NaiveDate> {
        let downstream = self.dependents(id);
        let mut dates: HashMap<ReleaseId, NaiveDate> = HashMap::from([(id, to)]);
        let mut moved = BTreeMap::new();
        // Stored edges form no cycle, so an order always exists.
        let order = toposort(&self.graph, None).unwrap_or_default();
        for node in order.into_iter().filter(|n| downstream.contains(n)) {
            // A release that can no longer move (shipped, cancelled …) stays where it is.
            let Some(current) = dated(node)
                .filter(|d| d.status.can_reschedule())
                .map(|d| d.target)
            else {
                continue;
            };
            let earliest = self
                .upstream_of(node)
                .filter_map(|e| {
                    let up = dates
                        .get(&e.upstream)
                        .copied()
                        .or_else(|| dated(e.upstream).map(|d| d.target))?;
                    up.checked_add_days(Days::new(u64::from(e.lead_days)))
                })
                .max();
            let day = match earliest.filter(|e| *e > current) {
                Some(later) => {
                    moved.insert(node, later);
                    later
                }
                None => current,
            };
            dates.insert(node, day);
        }
        moved
    }
}

/// What a date change would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Impact {
    pub appear: Vec<DependencyConflict>,
    pub clear: Vec<DependencyConflict>,
    /// The moved release and everything downstream of it.
    pub affected: BTreeSet<ReleaseId>,
}

fn edge_conflict(
    edge: Edge,
    dated: &impl Fn(ReleaseId) -> Option<Dated>,
) -> Option<DependencyConflict> {
    let (up, down) = (dated(edge.upstream)?, dated(edge.downstream)?);
    if matches!(
        up.status,
        ReleaseStatus::Cancelled | ReleaseStatus::RolledBack
    ) {
        return Some(DependencyConflict::UpstreamGone {
            edge,
            status: up.status,
        });
    }
    let earliest = up
        .target
        .checked_add_days(Days::new(u64::from(edge.lead_days)))?;
    (down.target < earliest).then_some(DependencyConflict::TooEarly { edge, earliest })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(n: i64) -> ReleaseId {
        ReleaseId(n)
    }

    fn edge(up: i64, down: i64, lead: u32) -> Edge {
        Edge {
            upstream: id(up),
            downstream: id(down),
            kind: DependencyKind::Api,
            lead_days: lead,
        }
    }

    fn at(dated: &HashMap<ReleaseId, Dated>) -> impl Fn(ReleaseId) -> Option<Dated> + '_ {
        |r| dated.get(&r).copied()
    }

    fn day(offset: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + Days::new(offset)
    }

    fn planned(offsets: &[(i64, u64)]) -> HashMap<ReleaseId, Dated> {
        offsets
            .iter()
            .map(|&(r, o)| {
                let dated = Dated {
                    target: day(o),
                    status: ReleaseStatus::Planned,
                };
                (id(r), dated)
            })
            .collect()
    }

    #[test]
    fn an_edge_closing_a_cycle_is_refused_with_the_cycle_named() {
        let graph = DependencyGraph::new([edge(1, 2, 0), edge(2, 3, 0)]).unwrap();
        assert_eq!(
            graph.check(edge(3, 1, 0)),
            Err(EdgeError::Cycle(vec![id(3), id(1), id(2), id(3)]))
        );
        assert_eq!(graph.check(edge(1, 1, 0)), Err(EdgeError::SelfDependency));
        assert_eq!(graph.check(edge(1, 3, 400)), Err(EdgeError::LeadTooLong));
        assert_eq!(graph.check(edge(1, 3, 2)), Ok(()));
    }

    #[test]
    fn a_dependent_dated_before_the_lead_time_or_on_a_gone_release_conflicts() {
        let graph = DependencyGraph::new([edge(1, 2, 3), edge(1, 3, 3), edge(4, 5, 0)]).unwrap();
        let mut dated = planned(&[(1, 10), (2, 12), (3, 13), (4, 1), (5, 30)]);
        dated.get_mut(&id(4)).unwrap().status = ReleaseStatus::Cancelled;
        assert_eq!(
            graph.conflicts(at(&dated)),
            vec![
                DependencyConflict::TooEarly {
                    edge: edge(1, 2, 3),
                    earliest: day(13)
                },
                DependencyConflict::UpstreamGone {
                    edge: edge(4, 5, 0),
                    status: ReleaseStatus::Cancelled
                },
            ]
        );
    }

    #[test]
    fn the_impact_of_a_move_names_conflicts_that_appear_and_clear_downstream() {
        let graph = DependencyGraph::new([edge(1, 2, 0), edge(2, 3, 0), edge(4, 5, 0)]).unwrap();
        let dated = planned(&[(1, 5), (2, 3), (3, 10), (4, 1), (5, 2)]);
        // Moving 2 later clears its conflict with 1 but makes 3 too early.
        let impact = graph.impact(at(&dated), id(2), day(12));
        assert_eq!(
            impact.clear,
            vec![DependencyConflict::TooEarly {
                edge: edge(1, 2, 0),
                earliest: day(5)
            }]
        );
        assert_eq!(
            impact.appear,
            vec![DependencyConflict::TooEarly {
                edge: edge(2, 3, 0),
                earliest: day(12)
            }]
        );
        assert_eq!(impact.affected, BTreeSet::from([id(2), id(3)]));
    }

    #[test]
    fn moving_dependents_too_shifts_each_just_enough() {
        let graph = DependencyGraph::new([edge(1, 2, 2), edge(2, 3, 1), edge(1, 4, 0)]).unwrap();
        let dated = planned(&[(1, 0), (2, 3), (3, 10), (4, 20)]);
        let moved = graph.shift_dependents(at(&dated), id(1), day(5));
        assert_eq!(moved, BTreeMap::from([(id(2), day(7))]));
        let further = graph.shift_dependents(at(&dated), id(1), day(9));
        assert_eq!(
            further,
            BTreeMap::from([(id(2), day(11)), (id(3), day(12))])
        );
    }

    #[test]
    fn the_longest_chain_to_a_release_runs_through_its_deepest_dependency() {
        let graph = DependencyGraph::new([
            edge(1, 2, 0),
            edge(2, 3, 0),
            edge(3, 5, 0),
            edge(4, 5, 0),
            edge(5, 6, 0),
            edge(6, 7, 0),
        ])
        .unwrap();
        assert_eq!(
            graph.longest_chain_to(id(6)),
            vec![id(1), id(2), id(3), id(5), id(6)]
        );
        assert_eq!(
            graph.ancestors(id(5)),
            BTreeSet::from([id(1), id(2), id(3), id(4)])
        );
        assert_eq!(graph.longest_chain_to(id(1)), vec![id(1)]);
        assert_eq!(graph.longest_chain_to(id(99)), vec![id(99)]);
    }

    /// Random edges between releases 0..n, each with a lead time of up to 5 days.
    fn edges(n: i64) -> impl Strategy<Value = Vec<Edge>> {
        prop::collection::vec((0..n, 0..n, 0u32..5), 0..40)
            .prop_map(|raw| raw.into_iter().map(|(a, b, l)| edge(a, b, l)).collect())
    }

    proptest! {
        #[test]
        fn no_cycle_is_ever_stored(candidates in edges(12)) {
            let mut graph = DependencyGraph::default();
            for e in candidates {
                // Refused exactly when it would close a cycle: a self-edge, or a path back.
                let closes = e.upstream == e.downstream
                    || graph.dependents(e.downstream).contains(&e.upstream);
                prop_assert_eq!(graph.add(e).is_err(), closes);
                prop_assert!(toposort(&graph.graph, None).is_ok());
            }
        }

        #[test]
        fn the_longest_chain_is_a_path_no_other_path_outgrows(candidates in edges(9), to in 0i64..9) {
            let mut graph = DependencyGraph::default();
            for e in candidates {
                let _ = graph.add(e);
            }
            let chain = graph.longest_chain_to(id(to));
            prop_assert_eq!(chain.last(), Some(&id(to)));
            for pair in chain.windows(2) {
                prop_assert!(graph.upstream_of(pair[1]).any(|e| e.upstream == pair[0]), "a real link");
            }
            // The longest path ending at `to`, by brute force: one more than the longest ending
            // at any of its direct dependencies.
            fn depth(graph: &DependencyGraph, n: ReleaseId) -> usize {
                graph.upstream_of(n).map(|e| depth(graph, e.upstream) + 1).max().unwrap_or(0)
            }
            prop_assert_eq!(chain.len() - 1, depth(&graph, id(to)));
        }

        #[test]
        fn conflicts_are_exactly_the_edges_dated_too_early(
            candidates in edges(10),
            offsets in prop::collection::vec(0u64..30, 10),
        ) {
            let mut graph = DependencyGraph::default();
            for e in candidates {
                let _ = graph.add(e);
            }
            let dated = planned(&offsets.iter().enumerate().map(|(i, o)| (i as i64, *o)).collect::<Vec<_>>());
            let found: Vec<Edge> = graph.conflicts(at(&dated)).iter().map(DependencyConflict::edge).collect();
            for e in graph.edges() {
                let too_early = offsets[e.downstream.0 as usize] < offsets[e.upstream.0 as usize] + u64::from(e.lead_days);
                prop_assert_eq!(found.contains(&e), too_early);
            }
        }

        #[test]
        fn moving_dependents_too_keeps_every_lead_time_and_moves_nothing_earlier(
            candidates in edges(10),
            offsets in prop::collection::vec(0u64..30, 10),
            moved in 0i64..10,
            to in 0u64..40,
        ) {
            let mut graph = DependencyGraph::default();
            for e in candidates {
                let _ = graph.add(e);
            }
            let dated = planned(&offsets.iter().enumerate().map(|(i, o)| (i as i64, *o)).collect::<Vec<_>>());
            let shifted = graph.shift_dependents(at(&dated), id(moved), day(to));
            let downstream = graph.dependents(id(moved));
            let mut after: HashMap<ReleaseId, NaiveDate> = dated.iter().map(|(r, d)| (*r, d.target)).collect();
            after.insert(id(moved), day(to));
            for (r, d) in &shifted {
                prop_assert!(downstream.contains(r), "only dependents move");
                prop_assert!(*d > dated[r].target, "never earlier, and only when needed");
                after.insert(*r, *d);
            }
            // Every dependency whose dependent is downstream of the moved release holds.
            for e in graph.edges().filter(|e| downstream.contains(&e.downstream)) {
                let earliest = after[&e.upstream] + Days::new(u64::from(e.lead_days));
                prop_assert!(after[&e.downstream] >= earliest, "{:?}", e);
            }
        }
    }
}
