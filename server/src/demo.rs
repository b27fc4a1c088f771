//! The Acme Pay demo organisation: ten teams and the release situations Flotilla exists for,
//! dated relative to today so the calendar always looks alive.

use crate::db::Database;
use app::domain::dependency::{DependencyDraft, DependencyKind};
use app::domain::prompt::PromptState;
use app::domain::text::{DependencyNote, DismissReason};
use app::domain::{
    Colour, Description, OwnerName, Principal, ReleaseDraft, ReleaseId, ReleaseKind, ReleaseStatus,
    Role, Schedule, TeamId, Title,
};
use app::store::{Actor, NewUser, StoreError};
use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use std::collections::HashMap;

const TEAMS: [(&str, &str); 10] = [
    ("Checkout", "#6366f1"),
    ("Mobile", "#0ea5e9"),
    ("Web", "#14b8a6"),
    ("Payments API", "#f97316"),
    ("Fraud", "#ef4444"),
    ("Data", "#8b5cf6"),
    ("Billing", "#eab308"),
    ("Support", "#22c55e"),
    ("Marketing", "#ec4899"),
    ("Partners", "#64748b"),
];

/// Every demo account signs in with this password (documented in the README and printed at
/// start in demo mode only).
pub const DEMO_PASSWORD: &str = "acme-pay-demo";

/// A demo account: name, email, and team index with role (None: administrator).
pub type DemoUser = (&'static str, &'static str, Option<(usize, Role)>);

/// One account per role.
pub const USERS: [DemoUser; 6] = [
    ("Alex Morgan", "alex@acme.test", None),
    ("Dana Whitfield", "dana@acme.test", Some((0, Role::Pm))),
    (
        "Jonas Weber",
        "jonas@acme.test",
        Some((3, Role::Engineering)),
    ),
    ("Priya Raman", "priya@acme.test", Some((8, Role::Marketing))),
    ("Sam Okafor", "sam@acme.test", Some((7, Role::Support))),
    ("Lena Fischer", "lena@acme.test", Some((9, Role::Viewer))),
];

/// One demo release: team index, title, kind, days from today, window length, status, public,
/// owner, description, and days it slipped (it is created earlier, then moved).
struct Demo(
    usize,
    &'static str,
    ReleaseKind,
    i64,
    u64,
    ReleaseStatus,
    bool,
    &'static str,
    &'static str,
    i64,
);

use ReleaseKind as K;
use ReleaseStatus as S;

const RELEASES: &[Demo] = &[
    Demo(
        0,
        "New payment provider: Adyen integration",
        K::PaymentProvider,
        21,
        3,
        S::Planned,
        true,
        "Dana Whitfield",
        "Cards and wallets through Adyen. Needs fraud rules, transaction ETL, the mobile SDK update, reconciliation and support macros first.",
        0,
    ),
    Demo(
        4,
        "Fraud rules for Adyen events",
        K::Feature,
        14,
        0,
        S::AtRisk,
        false,
        "Priya Natarajan",
        "Rule set for the new provider's risk signals; model thresholds still under review.",
        0,
    ),
    Demo(
        5,
        "Transaction ETL for provider events",
        K::Infrastructure,
        12,
        0,
        S::Planned,
        false,
        "Tom Becker",
        "Stream Adyen settlement events into the warehouse.",
        0,
    ),
    Demo(
        1,
        "Mobile SDK 5.2 (app-store review)",
        K::MobileApp,
        15,
        5,
        S::AtRisk,
        true,
        "Lena Ortiz",
        "Provider support in the iOS and Android SDK. App-store review takes up to five days.",
        0,
    ),
    Demo(
        6,
        "Provider reconciliation",
        K::Feature,
        19,
        0,
        S::Planned,
        false,
        "Marcus Chen",
        "Daily reconciliation of Adyen payouts against the ledger.",
        0,
    ),
    Demo(
        7,
        "Support macros for provider disputes",
        K::Other,
        18,
        0,
        S::Planned,
        false,
        "Aisha Karim",
        "Macros and a mock escalation for disputes raised through Adyen.",
        0,
    ),
    Demo(
        6,
        "Pricing tier update: Growth becomes Scale",
        K::Pricing,
        28,
        0,
        S::Planned,
        true,
        "Marcus Chen",
        "New tier names and limits. The onboarding demo flow hard-codes the old tiers.",
        0,
    ),
    Demo(
        2,
        "Onboarding demo flow refresh",
        K::Feature,
        35,
        0,
        S::Planned,
        false,
        "Sam Rivera",
        "Interactive demo for new merchants; still shows the old tier names.",
        0,
    ),
    Demo(
        1,
        "Mobile payment flow v3",
        K::MobileApp,
        9,
        3,
        S::Planned,
        true,
        "Lena Ortiz",
        "New in-app payment sheet. Calls Payments API v2 endpoints, which ship later.",
        0,
    ),
    Demo(
        3,
        "Payments API v2",
        K::BreakingChange,
        24,
        0,
        S::Planned,
        true,
        "Jonas Weber",
        "Versioned endpoints, idempotency keys everywhere; v1 enters deprecation. Partners need notice at T-7.",
        0,
    ),
    Demo(
        4,
        "Risk score field becomes required",
        K::ApiChange,
        24,
        0,
        S::Planned,
        false,
        "Priya Natarajan",
        "Merchants must send a risk score; lands the same day as Payments API v2.",
        0,
    ),
    Demo(
        9,
        "Partner deprecation notice: API v1",
        K::Other,
        17,
        0,
        S::Ready,
        false,
        "Olivia Grant",
        "Mail and portal banner to partners and enterprise accounts.",
        0,
    ),
    Demo(
        8,
        "Webinar: Faster checkout with Adyen",
        K::Other,
        23,
        0,
        S::Planned,
        true,
        "Nora Lindqvist",
        "Customer webinar pinned to the Adyen launch.",
        0,
    ),
    Demo(
        8,
        "Webinar: Mobile payments 3.0",
        K::Other,
        11,
        0,
        S::AtRisk,
        true,
        "Nora Lindqvist",
        "Booked for the mobile payment flow, which slipped a week.",
        7,
    ),
    Demo(
        0,
        "3-D Secure 2.2 roll-out",
        K::Feature,
        -10,
        0,
        S::Shipped,
        true,
        "Dana Whitfield",
        "Frictionless authentication for European cards.",
        0,
    ),
    Demo(
        3,
        "Card vault migration",
        K::Infrastructure,
        -4,
        0,
        S::RolledBack,
        false,
        "Jonas Weber",
        "Rolled back after elevated tokenisation latency; retry being planned.",
        0,
    ),
    Demo(
        2,
        "Chargeback dashboard",
        K::Feature,
        0,
        2,
        S::Shipping,
        true,
        "Sam Rivera",
        "Merchants see disputes and deadlines in one place.",
        0,
    ),
    Demo(
        1,
        "Kotlin 2 upgrade",
        K::Infrastructure,
        6,
        0,
        S::Ready,
        false,
        "Lena Ortiz",
        "Build tooling upgrade for the Android app.",
        0,
    ),
    Demo(
        6,
        "Invoice PDF redesign",
        K::Feature,
        -20,
        0,
        S::Shipped,
        true,
        "Marcus Chen",
        "Clearer invoices with tax breakdown.",
        0,
    ),
    Demo(
        5,
        "Legacy reports sunset",
        K::BreakingChange,
        40,
        0,
        S::Cancelled,
        false,
        "Tom Becker",
        "Cancelled: two enterprise customers still depend on the CSV exports.",
        0,
    ),
    Demo(
        3,
        "Refund API pagination",
        K::ApiChange,
        -3,
        0,
        S::AtRisk,
        false,
        "Jonas Weber",
        "Cursor pagination for refunds; blocked on a partner's client library.",
        0,
    ),
    Demo(
        7,
        "Status page refresh",
        K::Feature,
        45,
        0,
        S::Planned,
        true,
        "Aisha Karim",
        "Component-level status and incident subscriptions.",
        0,
    ),
    Demo(
        9,
        "Partner portal single sign-on",
        K::Feature,
        50,
        0,
        S::Planned,
        true,
        "Olivia Grant",
        "SAML sign-in for partner staff.",
        0,
    ),
    Demo(
        8,
        "Pricing page for the new tiers",
        K::Pricing,
        29,
        0,
        S::Planned,
        true,
        "Nora Lindqvist",
        "Follows the pricing tier update.",
        0,
    ),
    Demo(
        4,
        "Fraud model retrain",
        K::Infrastructure,
        33,
        0,
        S::Ready,
        false,
        "Priya Natarajan",
        "Quarterly retrain with chargeback labels.",
        0,
    ),
    Demo(
        0,
        "Apple Pay express checkout",
        K::Feature,
        70,
        0,
        S::Planned,
        true,
        "Dana Whitfield",
        "One-tap checkout on Safari and iOS.",
        0,
    ),
    Demo(
        2,
        "Accessibility fixes for checkout forms",
        K::Feature,
        4,
        0,
        S::Ready,
        true,
        "Sam Rivera",
        "Labels, focus order and error messages.",
        0,
    ),
    Demo(
        5,
        "Warehouse cost reduction",
        K::Infrastructure,
        55,
        14,
        S::Planned,
        false,
        "Tom Becker",
        "Move cold partitions to cheaper storage.",
        0,
    ),
];

/// The weekday on or after `day`, so demo releases avoid weekends unless meant to.
fn weekday_on_or_after(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Days::new(2),
        Weekday::Sun => day + Days::new(1),
        _ => day,
    }
}

fn offset(today: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        today + Days::new(days as u64)
    } else {
        today - Days::new(days.unsigned_abs())
    }
}

/// Creates the demo organisation when the database has no team. Returns whether it did.
/// Who needs whom in the demo: dependent, what it needs, kind, lead days. The Adyen launch
/// waits on five teams; the mobile payment flow is dated before the API change it needs.
const DEPENDENCIES: &[(&str, &str, DependencyKind, u32)] = &[
    (
        "New payment provider: Adyen integration",
        "Fraud rules for Adyen events",
        DependencyKind::FraudRules,
        3,
    ),
    (
        "New payment provider: Adyen integration",
        "Transaction ETL for provider events",
        DependencyKind::DataEtl,
        2,
    ),
    (
        "New payment provider: Adyen integration",
        "Mobile SDK 5.2 (app-store review)",
        DependencyKind::SdkReview,
        5,
    ),
    (
        "New payment provider: Adyen integration",
        "Provider reconciliation",
        DependencyKind::Accounting,
        1,
    ),
    (
        "New payment provider: Adyen integration",
        "Support macros for provider disputes",
        DependencyKind::SupportDocs,
        1,
    ),
    (
        "Webinar: Faster checkout with Adyen",
        "New payment provider: Adyen integration",
        DependencyKind::OnboardingDemo,
        0,
    ),
    (
        "Mobile payment flow v3",
        "Payments API v2",
        DependencyKind::Api,
        0,
    ),
    (
        "Webinar: Mobile payments 3.0",
        "Mobile payment flow v3",
        DependencyKind::Other,
        0,
    ),
    (
        "Payments API v2",
        "Partner deprecation notice: API v1",
        DependencyKind::SupportDocs,
        7,
    ),
    (
        "Pricing page for the new tiers",
        "Pricing tier update: Growth becomes Scale",
        DependencyKind::Other,
        0,
    ),
];

pub async fn seed_if_empty(db: &Database) -> Result<bool, StoreError> {
    let store = db.store();
    if !store.teams().await?.is_empty() {
        return Ok(false);
    }
    let now = Utc::now();
    let system = Actor::system("Demo data");
    let mut team_ids: Vec<TeamId> = Vec::new();
    for (position, (name, colour)) in TEAMS.iter().enumerate() {
        let colour = Colour::parse(colour).expect("demo colours are valid");
        let team = db.create_team(name, &colour, position as i32, &system, now);
        team_ids.push(team.await?.id);
    }
    let people = create_users(db, &team_ids, now).await?;
    // Changes are recorded against the team's demo member, so the history reads naturally.
    let actor_for = |team: TeamId| {
        people
            .iter()
            .find(|p| p.role_in(team).is_some())
            .map_or_else(
                || Actor::system("Demo data"),
                |p| Actor::person(p, Some(team)),
            )
    };
    let today = now.date_naive();
    let mut ids: HashMap<&str, ReleaseId> = HashMap::new();
    for Demo(team, title, kind, days, window, status, public, owner, description, slipped) in
        RELEASES
    {
        let target = weekday_on_or_after(offset(today, *days));
        let window_end = (*window > 0).then(|| target + Days::new(*window));
        let draft = |target: NaiveDate, window_end: Option<NaiveDate>| ReleaseDraft {
            team_id: team_ids[*team],
            title: Title::parse(title).expect("demo titles are valid"),
            kind: *kind,
            description: Description::parse(description).expect("demo text is valid"),
            schedule: Schedule::new(target, window_end).expect("demo schedules are valid"),
            status: *status,
            public: *public,
            owner: OwnerName::parse(owner).expect("demo owners are valid"),
        };
        let actor = actor_for(team_ids[*team]);
        let created = if *slipped > 0 {
            let before = offset(target, -slipped);
            let created = store
                .create_release(&draft(before, None), &actor, now)
                .await?;
            store
                .update_release(
                    created.id,
                    created.version,
                    &draft(target, window_end),
                    &actor,
                    now,
                )
                .await?
        } else {
            store
                .create_release(&draft(target, window_end), &actor, now)
                .await?
        };
        ids.insert(title, created.id);
    }
    let dependencies = db.dependencies();
    let prompts = db.prompts();
    for (dependent, needed, kind, lead_days) in DEPENDENCIES {
        let draft = DependencyDraft {
            upstream: ids[needed],
            kind: *kind,
            lead_days: *lead_days,
            note: DependencyNote::parse("").expect("an empty note is valid"),
        };
        let team = RELEASES
            .iter()
            .find(|d| d.1 == *dependent)
            .map(|d| team_ids[d.0])
            .expect("demo dependents are demo releases");
        dependencies
            .add_dependency(ids[dependent], &draft, &actor_for(team), now)
            .await?;
    }
    // The Adyen launch's checklist is answered: five teams linked above, partners not concerned.
    // The pricing update's is not: nobody wrote down its onboarding demo flow dependency.
    let adyen = ids["New payment provider: Adyen integration"];
    for prompt in prompts.prompts(adyen).await? {
        if prompt.state == PromptState::Open {
            let reason = DismissReason::parse(
                "Partners use the hosted checkout; nothing changes for their integrations",
            )
            .expect("a valid reason");
            let actor = actor_for(team_ids[0]);
            prompts
                .dismiss_prompt(prompt.id, prompt.version, &reason, &actor, now)
                .await?;
        }
    }
    // A weekend deploy, to show the rule it breaks.
    let saturday = (1..=7)
        .map(|d| today + Days::new(d))
        .find(|d| d.weekday() == Weekday::Sat)
        .expect("a week has a Saturday");
    store
        .create_release(
            &ReleaseDraft {
                team_id: team_ids[3],
                title: Title::parse("Database failover drill").expect("valid"),
                kind: K::Infrastructure,
                description: Description::parse(
                    "Planned primary failover on the payments cluster.",
                )
                .expect("valid"),
                schedule: Schedule::new(saturday, None).expect("valid"),
                status: S::Planned,
                public: false,
                owner: OwnerName::parse("Jonas Weber").expect("valid"),
            },
            &actor_for(team_ids[3]),
            now,
        )
        .await?;
    Ok(true)
}

/// Creates one account per role and returns them as signed-in people.
async fn create_users(
    db: &Database,
    team_ids: &[TeamId],
    now: chrono::DateTime<Utc>,
) -> Result<Vec<Principal>, StoreError> {
    let accounts = db.accounts();
    let system = Actor::system("Demo data");
    let hash = tokio::task::spawn_blocking(|| app::auth::hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| StoreError::Database(e.to_string()))?
        .map_err(StoreError::Database)?;
    let mut people = Vec::new();
    for (name, email, membership) in USERS {
        let user = NewUser {
            email: email.into(),
            name: name.into(),
            password_hash: Some(hash.clone()),
            admin: membership.is_none(),
            service: false,
        };
        let id = accounts.create_user(&user, &system, now).await?;
        if let Some((team, role)) = membership {
            accounts
                .set_membership(id, team_ids[team], Some(role), &system, now)
                .await?;
        }
        people.push(accounts.principal(id).await?);
    }
    Ok(people)
}
