//! Where the map draws each lane and release: x by date, one lane per team, releases packed
//! into rows so that none covers another (the timeline's packing), each wide enough for its
//! title. Releases outside the period sit at its edge.

use crate::domain::calendar::lay_out_lanes;
use crate::domain::{ReleaseId, Schedule, TeamId};
use crate::read::MapData;
use chrono::NaiveDate;
use std::collections::HashMap;

pub const NODE_HEIGHT: f64 = 26.0;
pub const SCALE_HEIGHT: f64 = 28.0;
const ROW_HEIGHT: f64 = 34.0;
const LANE_PADDING: f64 = 10.0;
/// Room at the left for the lanes' names.
const NAMES_WIDTH: f64 = 132.0;
/// A release's box is at least this wide, so its title can be read.
const NODE_MIN_WIDTH: f64 = 180.0;

pub struct LaneBox {
    pub team: TeamId,
    pub top: f64,
    pub height: f64,
}

pub struct NodeBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
}

pub struct Layout {
    from: NaiveDate,
    day_width: f64,
    pub lanes: Vec<LaneBox>,
    pub nodes: HashMap<ReleaseId, NodeBox>,
    pub width: f64,
    pub height: f64,
}

impl Layout {
    pub fn new(data: &MapData, day_width: f64) -> Self {
        let span = data.query.span;
        let with_releases: Vec<TeamId> = data
            .teams
            .iter()
            .map(|t| t.id)
            .filter(|t| data.releases.iter().any(|r| r.team == *t))
            .collect();
        let min_columns = (NODE_MIN_WIDTH / day_width).ceil() as usize;
        let placed = data.releases.iter().map(|r| {
            let day = r.target.clamp(span.from, span.to);
            let schedule = Schedule::new(day, None).expect("a one-day schedule is valid");
            (r.team, schedule)
        });
        let mut lanes = Vec::new();
        let mut nodes = HashMap::new();
        let mut top = 0.0;
        for lane in lay_out_lanes(&with_releases, placed, span, min_columns) {
            let rows = lane.rows.len().max(1) as f64;
            let height = rows * ROW_HEIGHT + 2.0 * LANE_PADDING - (ROW_HEIGHT - NODE_HEIGHT);
            for (row, placements) in lane.rows.iter().enumerate() {
                for p in placements {
                    let release = &data.releases[p.index];
                    nodes.insert(
                        release.id,
                        NodeBox {
                            x: NAMES_WIDTH + p.start as f64 * day_width,
                            y: top + LANE_PADDING + row as f64 * ROW_HEIGHT,
                            width: p.reserve as f64 * day_width - 4.0,
                        },
                    );
                }
            }
            lanes.push(LaneBox {
                team: lane.team_id,
                top,
                height,
            });
            top += height;
        }
        let columns = span.day_count() as f64 + min_columns as f64;
        Self {
            from: span.from,
            day_width,
            lanes,
            nodes,
            width: NAMES_WIDTH + columns * day_width,
            height: top,
        }
    }

    /// The left edge of `day`.
    pub fn x(&self, day: NaiveDate) -> f64 {
        NAMES_WIDTH + (day - self.from).num_days() as f64 * self.day_width
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::DateSpan;
    use crate::domain::{Colour, OwnerName, ReleaseStatus, Team, Title};
    use crate::read::{LinkedRelease, MapQuery};

    fn release(id: i64, team: i64, day: &str) -> LinkedRelease {
        LinkedRelease {
            id: ReleaseId(id),
            title: Title::parse(&format!("R{id}")).unwrap(),
            team: TeamId(team),
            target: day.parse().unwrap(),
            status: ReleaseStatus::Planned,
            owner: OwnerName::parse("").unwrap(),
            version: crate::domain::Version(1),
        }
    }

    #[test]
    fn releases_never_cover_each_other_and_outsiders_sit_at_the_edge() {
        let team = |id: i64| Team {
            id: TeamId(id),
            name: format!("T{id}"),
            colour: Colour::parse("#336699").unwrap(),
        };
        let data = MapData {
            query: MapQuery {
                span: DateSpan {
                    from: "2027-03-01".parse().unwrap(),
                    to: "2027-03-31".parse().unwrap(),
                },
                teams: vec![],
                kinds: vec![],
                only_conflicts: false,
                focus: None,
            },
            teams: vec![team(1), team(2), team(3)],
            releases: vec![
                release(1, 1, "2027-03-02"),
                release(2, 1, "2027-03-03"),
                release(3, 2, "2027-02-01"),
                release(4, 1, "2027-03-30"),
            ],
            links: vec![],
            matching: 0,
            focus: None,
        };
        let layout = Layout::new(&data, 10.0);
        assert_eq!(
            layout.lanes.len(),
            2,
            "a team with nothing shown has no lane"
        );
        let (a, b) = (&layout.nodes[&ReleaseId(1)], &layout.nodes[&ReleaseId(2)]);
        assert!(
            a.y != b.y || a.x + a.width <= b.x,
            "the second is on its own row"
        );
        assert_eq!(
            layout.nodes[&ReleaseId(3)].x,
            NAMES_WIDTH,
            "before the period: at its start"
        );
        let last = &layout.nodes[&ReleaseId(4)];
        assert!(
            last.x + last.width <= layout.width,
            "the canvas keeps room for the last title"
        );
    }
}
