//! A realistic organisation at a chosen scale, for benchmarks and load tests: `flotilla generate
//! --teams 50 --releases 10000 --seed 7`. The same seed and start date give the same data.

use crate::db::Database;
use anyhow::Context;
use app::domain::dependency::{DependencyKind, Edge};
use app::domain::{
    Colour, Description, OwnerName, ReleaseDraft, ReleaseId, ReleaseKind, ReleaseStatus, Schedule,
    TeamId, Title,
};
use app::store::Actor;
use chrono::{Datelike, Days, Months, NaiveDate, Utc};

/// How much to generate, and from which seed.
#[derive(Clone, Debug)]
pub struct Scale {
    pub teams: usize,
    pub releases: usize,
    pub seed: u64,
    /// First day of the generated period; releases spread over `months` from here.
    pub start: NaiveDate,
    pub months: u32,
}

impl Scale {
    /// The default period: 18 months starting six months before the current one.
    pub fn default_start() -> NaiveDate {
        let today = Utc::now().date_naive();
        let first = today.with_day(1).expect("day 1 exists");
        first - Months::new(6)
    }
}

/// SplitMix64: small, fast and deterministic; statistical quality is plenty for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const AREAS: [&str; 50] = [
    "Checkout",
    "Mobile",
    "Web",
    "Payments API",
    "Fraud",
    "Data",
    "Billing",
    "Support",
    "Marketing",
    "Partners",
    "Identity",
    "Search",
    "Notifications",
    "Ledger",
    "Risk",
    "Onboarding",
    "Growth",
    "Platform",
    "Infrastructure",
    "Security",
    "Compliance",
    "Reporting",
    "Payouts",
    "Cards",
    "Wallets",
    "Lending",
    "Treasury",
    "Disputes",
    "KYC",
    "Pricing",
    "Design System",
    "Android",
    "iOS",
    "Desktop",
    "Analytics",
    "Machine Learning",
    "Messaging",
    "Integrations",
    "Partner API",
    "Docs",
    "Localization",
    "Accessibility",
    "Performance",
    "SRE",
    "Release Engineering",
    "QA",
    "Data Platform",
    "Merchant Portal",
    "Admin Tools",
    "Internal Tools",
];

const ADJECTIVES: [&str; 16] = [
    "New",
    "Faster",
    "Redesigned",
    "Unified",
    "Self-serve",
    "Bulk",
    "Real-time",
    "Simpler",
    "Multi-currency",
    "Scheduled",
    "Audited",
    "Offline",
    "Batch",
    "Streaming",
    "Smarter",
    "Secure",
];

const SUBJECTS: [&str; 20] = [
    "checkout",
    "refunds",
    "invoices",
    "payouts",
    "onboarding",
    "search",
    "notifications",
    "reports",
    "dashboard",
    "webhooks",
    "exports",
    "disputes",
    "statements",
    "settlements",
    "card controls",
    "permissions",
    "pricing page",
    "SDK",
    "reconciliation",
    "audit log",
];

const OWNERS: [&str; 16] = [
    "Dana Whitfield",
    "Lena Ortiz",
    "Sam Rivera",
    "Jonas Weber",
    "Priya Natarajan",
    "Tom Becker",
    "Marcus Chen",
    "Aisha Karim",
    "Nora Lindqvist",
    "Olivia Grant",
    "Kenji Sato",
    "Fatima Zahra",
    "Lucas Moreau",
    "Ines Duarte",
    "Ravi Menon",
    "Hannah Cole",
];

const KINDS: [ReleaseKind; 10] = [
    ReleaseKind::Feature,
    ReleaseKind::Feature,
    ReleaseKind::Feature,
    ReleaseKind::Feature,
    ReleaseKind::ApiChange,
    ReleaseKind::BreakingChange,
    ReleaseKind::Infrastructure,
    ReleaseKind::Infrastructure,
    ReleaseKind::MobileApp,
    ReleaseKind::Pricing,
];

/// A colour per team, spread around the hue circle.
fn team_colour(index: usize) -> Colour {
    let hue = (index as f64 * 137.508) % 360.0;
    let (s, l) = (0.62, 0.5);
    let c = (1.0 - f64::abs(2.0 * l - 1.0)) * s;
    let x = c * (1.0 - f64::abs((hue / 60.0) % 2.0 - 1.0));
    let m = l - c / 2.0;
    let (r, g, b) = match (hue / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let byte = |v: f64| ((v + m) * 255.0).round() as u8;
    Colour::parse(&format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b)))
        .expect("formatted as #rrggbb")
}

fn team_name(index: usize) -> String {
    match AREAS.get(index) {
        Some(name) => (*name).to_owned(),
        None => format!("{} {}", AREAS[index % AREAS.len()], index / AREAS.len() + 1),
    }
}

/// A status that fits the date: the past has mostly shipped, the near future is getting ready.
fn status_for(rng: &mut Rng, target: NaiveDate, today: NaiveDate) -> ReleaseStatus {
    let days = (target - today).num_days();
    let roll = rng.below(100);
    match days {
        d if d < -2 => match roll {
            0..=84 => ReleaseStatus::Shipped,
            85..=89 => ReleaseStatus::RolledBack,
            90..=94 => ReleaseStatus::Cancelled,
            _ => ReleaseStatus::AtRisk,
        },
        d if d <= 14 => match roll {
            0..=34 => ReleaseStatus::Ready,
            35..=54 => ReleaseStatus::AtRisk,
            55..=59 => ReleaseStatus::Shipping,
            _ => ReleaseStatus::Planned,
        },
        _ => match roll {
            0..=79 => ReleaseStatus::Planned,
            80..=91 => ReleaseStatus::AtRisk,
            92..=96 => ReleaseStatus::Ready,
            _ => ReleaseStatus::Cancelled,
        },
    }
}

/// Fills an empty database. Refuses a database that already has teams, so real data is never
/// mixed with generated data.
pub async fn generate(db: &Database, scale: &Scale) -> anyhow::Result<()> {
    anyhow::ensure!(scale.teams > 0, "--teams must be at least 1");
    let store = db.store();
    anyhow::ensure!(
        store.teams().await?.is_empty(),
        "the database already has teams: generate into an empty database"
    );
    let mut rng = Rng(scale.seed);
    let now = Utc::now();
    let generator = Actor::system("Data generator");
    let mut team_ids: Vec<TeamId> = Vec::with_capacity(scale.teams);
    for i in 0..scale.teams {
        let team = db
            .create_team(&team_name(i), &team_colour(i), i as i32, &generator, now)
            .await
            .with_context(|| format!("could not create team {i}"))?;
        team_ids.push(team.id);
    }
    let end = scale.start + Months::new(scale.months);
    let period = (end - scale.start).num_days().max(1) as usize;
    let today = now.date_naive();
    let mut batch = Vec::with_capacity(1000);
    for n in 0..scale.releases {
        let target = scale.start + Days::new(rng.below(period) as u64);
        let window_end = rng
            .chance(20)
            .then(|| target + Days::new(1 + rng.below(14) as u64));
        let title = format!(
            "{} {} {}",
            rng.pick(&ADJECTIVES),
            rng.pick(&SUBJECTS),
            n % 97 + 1
        );
        let owner = *rng.pick(&OWNERS);
        if n == 0 {
            // The first release of the period, which 300 others will need (see dependencies).
            batch.push(ReleaseDraft {
                team_id: team_ids[0],
                title: Title::parse(HUB_TITLE)?,
                kind: ReleaseKind::Infrastructure,
                description: Description::parse("Generated: 300 releases depend on it.")?,
                schedule: Schedule::new(scale.start, None)?,
                status: ReleaseStatus::Planned,
                public: false,
                owner: OwnerName::parse(owner)?,
            });
            continue;
        }
        batch.push(ReleaseDraft {
            team_id: *rng.pick(&team_ids),
            title: Title::parse(&title)?,
            kind: *rng.pick(&KINDS),
            description: Description::parse("Generated for load testing.")?,
            schedule: Schedule::new(target, window_end)?,
            status: status_for(&mut rng, target, today),
            public: rng.chance(40),
            owner: OwnerName::parse(owner)?,
        });
        if batch.len() == batch.capacity() {
            db.insert_releases(&batch, &generator, now).await?;
            batch.clear();
        }
    }
    db.insert_releases(&batch, &generator, now).await?;
    let releases = store.all_releases().await?;
    for chunk in dependencies(&mut rng, &releases).chunks(2000) {
        db.insert_dependencies(chunk, &generator, now).await?;
    }
    Ok(())
}

/// The title of the release the generator makes 300 others depend on, so benchmarks find it.
pub const HUB_TITLE: &str = "Core platform cut-over";

/// Dependencies among `releases` (by target date): small clusters of about ten releases, each
/// depending on up to five earlier ones of its cluster (about three per release in all); one
/// chain of 50 across clusters; and the first release, retitled [`HUB_TITLE`] by
/// the generator, needed by 300 releases that nothing else depends on. Always from an earlier
/// release to a later one, so there is never a cycle.
fn dependencies(rng: &mut Rng, releases: &[app::domain::Release]) -> Vec<Edge> {
    const CLUSTER: usize = 10;
    let mut order: Vec<&app::domain::Release> = releases.iter().collect();
    order.sort_by_key(|r| (r.schedule.target(), r.id));
    let Some((hub, rest)) = order.split_first() else {
        return Vec::new();
    };
    let mut edges = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut link = |rng: &mut Rng, up: ReleaseId, down: ReleaseId, edges: &mut Vec<Edge>| {
        if seen.insert((up, down)) {
            edges.push(Edge {
                upstream: up,
                downstream: down,
                kind: *rng.pick(&DependencyKind::ALL),
                lead_days: rng.below(4) as u32,
            });
        }
    };
    // A cluster's releases lie about a week apart, as work that waits on other work does: in
    // each block of CLUSTER × STRIDE releases (by date), cluster j takes every STRIDE-th one
    // from the j-th on.
    let stride = (rest.len() / 80).clamp(1, 126);
    let clusters: Vec<Vec<&app::domain::Release>> = rest
        .chunks(CLUSTER * stride)
        .flat_map(|block| {
            (0..stride.min(block.len()))
                .map(|j| block.iter().skip(j).step_by(stride).copied().collect())
                .collect::<Vec<Vec<_>>>()
        })
        .collect();
    for cluster in &clusters {
        for (j, down) in cluster.iter().enumerate().skip(1) {
            // Distinct earlier releases of the cluster, drawn without putting back.
            let mut earlier: Vec<usize> = (0..j).collect();
            for n in 0..j.min(3 + rng.below(3)) {
                let pick = n + rng.below(j - n);
                earlier.swap(n, pick);
                link(rng, cluster[earlier[n]].id, down.id, &mut edges);
            }
        }
    }
    // One long chain: the first release of 50 clusters spread over the period.
    let step = (clusters.len() / 50).max(1);
    let heads: Vec<ReleaseId> = clusters
        .iter()
        .step_by(step)
        .take(50)
        .map(|c| c[0].id)
        .collect();
    for pair in heads.windows(2) {
        link(rng, pair[0], pair[1], &mut edges);
    }
    // The hub: needed by the last release of 300 clusters, which nothing depends on, from
    // today on (what is past has shipped and no longer moves).
    let today = Utc::now().date_naive();
    let ahead = clusters
        .iter()
        .filter(|c| c.len() > 1 && c[c.len() - 1].schedule.target() >= today);
    for cluster in ahead.take(300) {
        link(rng, hub.id, cluster[cluster.len() - 1].id, &mut edges);
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, (0..5).map(|_| Rng(8).next()).collect::<Vec<_>>());
    }

    #[test]
    fn team_names_stay_unique_past_the_list() {
        let names: std::collections::HashSet<String> = (0..120).map(team_name).collect();
        assert_eq!(names.len(), 120);
    }

    #[test]
    fn colours_are_valid_hex() {
        for i in 0..60 {
            assert!(team_colour(i).as_str().starts_with('#'));
        }
    }
}
