//! Funnel analytics at 100,000 applications: `cargo bench -p jobs --bench analytics` (SQLite in
//! a temporary file; with `DATABASE_URL=postgres://…` also PostgreSQL). See docs/benchmarks.md.
//!
//! Writes one company's 200 postings' 100,000 applications spread over a year, each counted
//! through the same rollup calls the service makes (`analytics::Bump`, `count_move`) in
//! transactions of 1,000: about 40 % screened, half of those interviewed, a fifth of those
//! offered and most offers accepted, a quarter rejected. Then times the reports the API serves
//! (`JobsService::analytics`: a company over 365 days, a posting over 30 days), 50 runs each
//! after one warm-up, against a scan of the applications table for the same company and year
//! (what a report without rollups would read).

use chrono::{Duration as Days, Utc};
use contracts::{ApplicationSource, ApplicationStatus};
use entities::jobs::job_application;
use jobs::service::JobsService;
use jobs::service::analytics::{self, Bump, Scope};
use kit::scratch_db::BenchDatabase;
use migrations::JobsMigrator;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::{Duration, Instant};
use uuid::Uuid;

const APPLICATIONS: usize = 100_000;
const POSTINGS: usize = 200;
const BATCH: usize = 1_000;
const RUNS: usize = 50;

/// xorshift64*, so every run writes the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The statuses an application goes through, as the generator decides.
fn path(rng: &mut Rng) -> Vec<ApplicationStatus> {
    use ApplicationStatus::*;
    let mut steps = Vec::new();
    if rng.below(100) < 40 {
        steps.push(Screening);
        if rng.below(100) < 50 {
            steps.push(Interview);
            if rng.below(100) < 20 {
                steps.push(Offer);
                if rng.below(100) < 80 {
                    steps.push(Hired);
                    return steps;
                }
            }
        }
    }
    if rng.below(100) < 25 {
        steps.push(Rejected);
    }
    steps
}

async fn load(db: &DatabaseConnection, company: Uuid, postings: &[Uuid]) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let now = Utc::now();
    let sources = [
        ApplicationSource::Search,
        ApplicationSource::Recommendation,
        ApplicationSource::DirectLink,
    ];
    let started = Instant::now();
    for batch in 0..APPLICATIONS / BATCH {
        let txn = db.begin().await.expect("transaction");
        for _ in 0..BATCH {
            let job = postings[rng.below(POSTINGS as u64) as usize];
            let created = now - Days::minutes(rng.below(365 * 24 * 60) as i64);
            let source = sources[rng.below(3) as usize];
            let steps = path(&mut rng);
            let last = steps
                .last()
                .copied()
                .unwrap_or(ApplicationStatus::Submitted);
            let application = job_application::Model {
                id: Uuid::now_v7(),
                job_id: job,
                company_id: company,
                candidate_id: Uuid::now_v7(),
                status: last.as_str().to_owned(),
                source: source.as_str().to_owned(),
                match_id: None,
                match_score: None,
                cover_letter: None,
                language: "en".into(),
                answers: serde_json::json!([]),
                rejection_reason: None,
                rejection_message: None,
                created_at: created,
                updated_at: created,
                first_response_at: None,
                closed_at: None,
                profile_version: None,
            };
            job_application::Entity::insert(job_application::ActiveModel {
                id: Set(application.id),
                job_id: Set(job),
                company_id: Set(company),
                candidate_id: Set(application.candidate_id),
                status: Set(application.status.clone()),
                source: Set(application.source.clone()),
                match_id: Set(None),
                match_score: Set(None),
                cover_letter: Set(None),
                language: Set("en".into()),
                answers: Set(serde_json::json!([])),
                rejection_reason: Set(None),
                rejection_message: Set(None),
                created_at: Set(created),
                updated_at: Set(created),
                first_response_at: Set(None),
                closed_at: Set(None),
                profile_version: Set(None),
            })
            .exec_without_returning(&txn)
            .await
            .expect("application");
            Bump::new(job, company, created)
                .add("applications", 1)
                .add(analytics::source_counter("applications", source), 1)
                .write(&txn)
                .await
                .expect("counted");
            let mut from = ApplicationStatus::Submitted;
            let mut at = created;
            for (index, to) in steps.into_iter().enumerate() {
                at += Days::hours(1 + rng.below(72) as i64);
                analytics::count_move(&txn, &application, from, to, at.min(now), index == 0)
                    .await
                    .expect("counted move");
                from = to;
            }
        }
        txn.commit().await.expect("commit");
        if batch % 20 == 19 {
            println!("  {} applications written", (batch + 1) * BATCH);
        }
    }
    println!(
        "wrote {APPLICATIONS} applications and their rollups in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

async fn time<F, Fut>(label: &str, mut run: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    run().await;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        run().await;
        times.push(started.elapsed());
    }
    times.sort();
    let p50 = percentile(&times, 0.5);
    println!(
        "{label}: p50 {p50:.2} ms, p95 {:.2} ms",
        percentile(&times, 0.95)
    );
    p50
}

async fn measure(backend: &str, db: DatabaseConnection) {
    println!("== {backend}");
    JobsMigrator::up(&db, None).await.expect("migrations");
    let bus = kit::events::connect(None, "analytics-bench")
        .await
        .expect("bus");
    let service = JobsService::new(db.clone(), bus);
    let company = Uuid::now_v7();
    let postings: Vec<Uuid> = (0..POSTINGS).map(|_| Uuid::now_v7()).collect();
    load(&db, company, &postings).await;
    let rows: u64 = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT (SELECT COUNT(*) FROM job_daily_stats) * 1000000 + (SELECT COUNT(*) FROM job_company_daily_stats) AS n",
        ))
        .await
        .expect("count")
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0) as u64;
    println!(
        "daily rollup rows: {} of postings, {} of the company",
        rows / 1_000_000,
        rows % 1_000_000
    );
    let today = Utc::now().date_naive();
    let year_ago = today - Days::days(364);
    let month_ago = today - Days::days(29);
    let totals = service
        .analytics(Scope::Company(company), year_ago, today)
        .await
        .expect("report");
    println!(
        "company report: {} applications, {} screened, {} interviewed, {} offered, {} hired",
        totals.get("applications"),
        totals.get("screened"),
        totals.get("interviewed"),
        totals.get("offered"),
        totals.get("hired")
    );
    let company_p50 = time("company report, 365 days", || {
        let service = service.clone();
        async move {
            service
                .analytics(Scope::Company(company), year_ago, today)
                .await
                .expect("report");
        }
    })
    .await;
    let posting = postings[0];
    time("posting report, 30 days", || {
        let service = service.clone();
        async move {
            service
                .analytics(Scope::Posting(posting), month_ago, today)
                .await
                .expect("report");
        }
    })
    .await;
    let since = Utc::now() - Days::days(365);
    let scan_p50 = time("scan of the applications instead (count by status)", || {
        let db = db.clone();
        async move {
            for status in ApplicationStatus::ALL {
                job_application::Entity::find()
                    .filter(job_application::Column::CompanyId.eq(company))
                    .filter(job_application::Column::CreatedAt.gte(since))
                    .filter(job_application::Column::Status.eq(status.as_str()))
                    .count(&db)
                    .await
                    .expect("scan");
            }
        }
    })
    .await;
    println!(
        "the company report reads {:.0}x faster than the scan",
        scan_p50 / company_p50.max(f64::EPSILON)
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("iworkz-analytics-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.join("jobs.db").display());
        let db = kit::db::connect(&url).await.expect("sqlite");
        measure("SQLite", db).await;
        let _ = std::fs::remove_dir_all(&dir);
        if let Some(admin_url) = std::env::var("DATABASE_URL")
            .ok()
            .filter(|url| url.starts_with("postgres"))
        {
            let bench = BenchDatabase::open(&admin_url, "iworkz_analytics_bench", None)
                .await
                .expect("bench database");
            measure("PostgreSQL", bench.db.clone()).await;
            bench.finish().await.expect("drop bench database");
        }
    });
}
