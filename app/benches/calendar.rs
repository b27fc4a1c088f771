//! Micro-benchmarks for the pure rules that run on every calendar request, at enterprise scale
//! (10,000 releases, 50 teams).

use app::domain::calendar::{CalendarView, DateSpan, group_by_week, lay_out_lanes, visible_span};
use app::domain::conflict::find_conflicts;
use app::domain::{
    Description, OwnerName, Release, ReleaseId, ReleaseKind, ReleaseStatus, Schedule, TeamId, Title,
};
use chrono::{Days, NaiveDate, Utc};
use criterion::{Criterion, black_box, criterion_group, criterion_main};

fn releases(count: usize, teams: i64, start: NaiveDate) -> Vec<Release> {
    (0..count)
        .map(|i| {
            let target = start + Days::new((i * 7919 % 540) as u64);
            let window = (i % 5 == 0).then(|| target + Days::new((i % 9 + 1) as u64));
            Release {
                id: ReleaseId(i as i64 + 1),
                team_id: TeamId(i as i64 % teams + 1),
                title: Title::parse(&format!("Release {i}")).unwrap(),
                kind: ReleaseKind::ALL[i % ReleaseKind::ALL.len()],
                description: Description::parse("").unwrap(),
                schedule: Schedule::new(target, window).unwrap(),
                status: ReleaseStatus::ALL[i % ReleaseStatus::ALL.len()],
                public: i % 3 == 0,
                owner: OwnerName::parse("Dana").unwrap(),
                version: app::domain::Version(1),
                created_at: Utc::now(),
                updated_at: Utc::now(),
                date_moved_at: None,
                moved_from: None,
            }
        })
        .collect()
}

fn placed(releases: &[Release]) -> impl Iterator<Item = (TeamId, Schedule)> + '_ {
    releases.iter().map(|r| (r.team_id, r.schedule))
}

fn bench(c: &mut Criterion) {
    let start: NaiveDate = "2026-01-01".parse().unwrap();
    let all = releases(10_000, 50, start);
    let teams: Vec<TeamId> = (1..=50).map(TeamId).collect();
    let whole = DateSpan {
        from: start,
        to: start + Days::new(540),
    };
    let quarter = visible_span(CalendarView::Quarter, "2026-05-01".parse().unwrap());
    let in_quarter: Vec<Release> = all
        .iter()
        .filter(|r| r.schedule.overlaps(quarter.from, quarter.to))
        .cloned()
        .collect();

    c.bench_function("lane layout, 10,000 releases over 18 months", |b| {
        b.iter(|| lay_out_lanes(black_box(&teams), placed(black_box(&all)), whole, 12))
    });
    c.bench_function("lane layout, one quarter of 10,000", |b| {
        b.iter(|| {
            lay_out_lanes(
                black_box(&teams),
                placed(black_box(&in_quarter)),
                quarter,
                12,
            )
        })
    });
    c.bench_function("conflicts, 10,000 releases", |b| {
        b.iter(|| find_conflicts(black_box(&all), "2026-06-01".parse().unwrap()))
    });
    c.bench_function("group by week, 10,000 releases", |b| {
        b.iter(|| group_by_week(black_box(&all)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
