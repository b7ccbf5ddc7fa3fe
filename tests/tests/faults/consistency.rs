//! Whether the platform agrees with itself after a fault, read straight from the databases and
//! the stream:
//! - **lost**: `stack::reconcile` (every followed event in an outbox is applied or a dead letter
//!   in each consumer group);
//! - **applied twice**: each event id is recorded once per group (the processed table's key),
//!   and the stream carries each event id once unless a fault made a relay publish it again
//!   (counted, and harmless: consumers and subscribers skip ids they saw);
//! - **copies at their source's version**: every read-copy's ledger version equals the newest
//!   version its source raised (users' copy of matches included), and the values clients see
//!   agree (a candidate's years of experience, visibility and status of residence, company
//!   memberships, posting statuses, whether a candidate told a company "interested", which
//!   applications share the candidate's profile).

use crate::deployment::Deployment;
use redis::AsyncCommands;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct Consistency {
    pub report: kit::reconcile::Report,
    /// Copies behind (or ahead of) their source, described.
    pub stale: Vec<String>,
    pub stream_entries: u64,
    /// Stream entries beyond the first for an event id.
    pub stream_duplicates: u64,
    /// Ids recorded as processed more than once in a group (must be 0).
    pub applied_twice: u64,
    /// What each lost event is and where its outbox says it went.
    pub missing: Vec<String>,
}

impl Consistency {
    pub fn ok(&self) -> bool {
        self.report.missing() == 0 && self.stale.is_empty() && self.applied_twice == 0
    }

    pub fn line(&self) -> String {
        let expected: u64 = self.report.pairs.iter().map(|pair| pair.expected).sum();
        let applied: u64 = self.report.pairs.iter().map(|pair| pair.applied).sum();
        let dead: u64 = self
            .report
            .pairs
            .iter()
            .map(|pair| pair.dead_lettered)
            .sum();
        format!(
            "reconciliation: expected {expected}, applied {applied}, dead letters {dead}, lost {}, applied twice {}, stale copies {}, stream entries {} ({} duplicate)",
            self.report.missing(),
            self.applied_twice,
            self.stale.len(),
            self.stream_entries,
            self.stream_duplicates
        )
    }
}

async fn rows(deployment: &Deployment, sql: &str) -> Vec<sea_orm::QueryResult> {
    deployment
        .db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()))
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"))
}

/// (copy, key) → newest version raised for it, from the outboxes.
async fn source_versions(deployment: &Deployment) -> BTreeMap<(String, String), i64> {
    let mut newest: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut raise = |copy: &str, key: String, version: i64| {
        let entry = newest.entry((copy.to_owned(), key)).or_insert(version);
        *entry = (*entry).max(version);
    };
    for row in rows(
        deployment,
        "SELECT event_type, aggregate_id, aggregate_version, payload FROM users_outbox",
    )
    .await
    {
        let event_type: String = row.try_get("", "event_type").expect("type");
        let aggregate: String = row.try_get("", "aggregate_id").expect("aggregate");
        let version: i64 = row.try_get("", "aggregate_version").expect("version");
        let payload: String = row.try_get("", "payload").expect("payload");
        let event: serde_json::Value = serde_json::from_str(&payload).expect("event");
        let field = |name: &str| {
            event["payload"][name]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        match event_type.as_str() {
            "candidate.profile_updated" => raise("candidate", aggregate, version),
            "user.activated" | "user.deactivated" => raise("account", aggregate, version),
            "user.deleted" => {
                raise("candidate", aggregate.clone(), version);
                raise("account", aggregate, version);
            }
            "company.profile_updated" => raise("company", aggregate, version),
            "company.profile_created" => {
                raise("company", aggregate.clone(), version);
                raise(
                    "company_member",
                    format!("{aggregate}:{}", field("createdBy")),
                    version,
                );
            }
            "company.member_added" | "company.member_removed" => raise(
                "company_member",
                format!("{aggregate}:{}", field("userId")),
                version,
            ),
            "company.verification_changed" => raise("company_verification", aggregate, version),
            _ => {}
        }
    }
    // The users subgraph copies each match of a posting with a company.
    for row in rows(
        deployment,
        "SELECT aggregate_id, aggregate_version, payload FROM matching_outbox WHERE event_type IN ('match.completed', 'match.status_changed')",
    )
    .await
    {
        let aggregate: String = row.try_get("", "aggregate_id").expect("aggregate");
        let version: i64 = row.try_get("", "aggregate_version").expect("version");
        let payload: String = row.try_get("", "payload").expect("payload");
        let event: serde_json::Value = serde_json::from_str(&payload).expect("event");
        if event["payload"]["companyId"].is_string() {
            raise("match", aggregate, version);
        }
    }
    // The users subgraph copies each application.
    for row in rows(
        deployment,
        "SELECT aggregate_id, aggregate_version FROM jobs_outbox WHERE event_type IN ('application.submitted', 'application.status_changed')",
    )
    .await
    {
        let aggregate: String = row.try_get("", "aggregate_id").expect("aggregate");
        let version: i64 = row.try_get("", "aggregate_version").expect("version");
        raise("application", aggregate, version);
    }
    for row in rows(
        deployment,
        "SELECT aggregate_id, aggregate_version FROM jobs_outbox WHERE event_type IN ('job.published', 'job.updated', 'job.closed', 'job.archived')",
    )
    .await
    {
        let aggregate: String = row.try_get("", "aggregate_id").expect("aggregate");
        let version: i64 = row.try_get("", "aggregate_version").expect("version");
        raise("job", aggregate, version);
    }
    newest
}

/// The versions a consumer's ledger holds for the copies it keeps.
async fn ledger(deployment: &Deployment, table: &str) -> HashMap<(String, String), i64> {
    rows(
        deployment,
        &format!("SELECT copy, key, version FROM {table}"),
    )
    .await
    .iter()
    .map(|row| {
        (
            (
                row.try_get("", "copy").expect("copy"),
                row.try_get("", "key").expect("key"),
            ),
            row.try_get("", "version").expect("version"),
        )
    })
    .collect()
}

async fn pairs(deployment: &Deployment, sql: &str) -> BTreeSet<(String, String)> {
    rows(deployment, sql)
        .await
        .iter()
        .map(|row| {
            let a: uuid::Uuid = row.try_get("", "a").expect("a");
            let b: String = row.try_get("", "b").expect("b");
            (a.to_string(), b)
        })
        .collect()
}

pub async fn check(deployment: &Deployment) -> Consistency {
    let databases = stack::reconcile::Databases {
        users: deployment.db.clone(),
        jobs: deployment.db.clone(),
        matching: deployment.db.clone(),
    };
    let report = stack::reconcile::platform(&databases, Duration::from_secs(2), false)
        .await
        .expect("reconciliation runs");
    let mut stale = Vec::new();
    let sources = source_versions(deployment).await;
    for (table, kinds) in [
        (
            "jobs_copy_versions",
            &["company", "company_member", "candidate"][..],
        ),
        (
            "match_copy_versions",
            &[
                "candidate",
                "account",
                "company_member",
                "company_verification",
                "job",
            ][..],
        ),
        ("users_copy_versions", &["match", "application"][..]),
    ] {
        let copies = ledger(deployment, table).await;
        for ((copy, key), version) in sources
            .iter()
            .filter(|((copy, _), _)| kinds.contains(&copy.as_str()))
        {
            let held = copies.get(&(copy.clone(), key.clone())).copied();
            if held != Some(*version) {
                stale.push(format!(
                    "{table} {copy} {key}: at {held:?}, source at {version}"
                ));
            }
        }
    }
    // What clients see through the copies.
    let truth = pairs(
        deployment,
        "SELECT user_id AS a, years_experience::text AS b FROM candidate_profiles",
    )
    .await;
    let copy = pairs(
        deployment,
        "SELECT user_id AS a, years_experience::text AS b FROM match_candidates",
    )
    .await;
    for difference in truth.symmetric_difference(&copy) {
        stale.push(format!(
            "candidate years: {difference:?} differs between users and matching"
        ));
    }
    let truth = pairs(
        deployment,
        "SELECT user_id AS a, visibility AS b FROM candidate_profiles",
    )
    .await;
    let copy = pairs(
        deployment,
        "SELECT user_id AS a, visibility AS b FROM match_candidates",
    )
    .await;
    for difference in truth.symmetric_difference(&copy) {
        stale.push(format!(
            "candidate visibility: {difference:?} differs between users and matching"
        ));
    }
    let truth = pairs(
        deployment,
        "SELECT user_id AS a, COALESCE(visa_status, '') AS b FROM candidate_profiles",
    )
    .await;
    let copy = pairs(
        deployment,
        "SELECT candidate_id AS a, COALESCE(visa_status, '') AS b FROM job_candidate_facts",
    )
    .await;
    for difference in truth.symmetric_difference(&copy) {
        stale.push(format!(
            "candidate status of residence: {difference:?} differs between users and jobs"
        ));
    }
    let applications = pairs(
        deployment,
        "SELECT id AS a, (status <> 'withdrawn')::text AS b FROM job_applications WHERE candidate_id IN (SELECT user_id FROM candidate_profiles)",
    )
    .await;
    let copied = pairs(
        deployment,
        "SELECT application_id AS a, shared::text AS b FROM candidate_applications",
    )
    .await;
    for difference in applications.symmetric_difference(&copied) {
        stale.push(format!(
            "application {difference:?} differs between jobs and users"
        ));
    }
    let answers = pairs(
        deployment,
        "SELECT m.id AS a, (m.candidate_interest = 'interested')::text AS b FROM matches m JOIN match_jobs j ON j.job_id = m.job_id WHERE j.company_id IS NOT NULL AND m.candidate_interest IS NOT NULL",
    )
    .await;
    let copied = pairs(
        deployment,
        "SELECT match_id AS a, interested::text AS b FROM candidate_disclosures WHERE match_id IN (SELECT id FROM matches WHERE candidate_interest IS NOT NULL)",
    )
    .await;
    for difference in answers.symmetric_difference(&copied) {
        stale.push(format!(
            "candidate answer {difference:?} differs between matching and users"
        ));
    }
    let members = pairs(
        deployment,
        "SELECT company_id AS a, user_id::text AS b FROM company_members",
    )
    .await;
    for (table, name) in [
        ("job_company_members", "jobs"),
        ("match_company_members", "matching"),
    ] {
        let copied = pairs(
            deployment,
            &format!("SELECT company_id AS a, user_id::text AS b FROM {table}"),
        )
        .await;
        for difference in members.symmetric_difference(&copied) {
            stale.push(format!(
                "membership {difference:?} differs between users and {name}"
            ));
        }
    }
    let statuses = pairs(
        deployment,
        "SELECT id AS a, status AS b FROM job_postings WHERE status <> 'draft'",
    )
    .await;
    let copied = pairs(
        deployment,
        "SELECT job_id AS a, status AS b FROM match_jobs",
    )
    .await;
    for difference in statuses.symmetric_difference(&copied) {
        stale.push(format!(
            "posting status {difference:?} differs between jobs and matching"
        ));
    }
    let applied_twice = rows(
        deployment,
        "SELECT (SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM jobs_processed_events) + (SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM match_processed_events) + (SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM users_processed_events) AS n",
    )
    .await
    .first()
    .and_then(|row| row.try_get::<i64>("", "n").ok())
    .unwrap_or_default() as u64;
    let (stream_entries, stream_duplicates) = stream_counts(deployment).await;
    let mut missing = Vec::new();
    for pair in &report.pairs {
        for id in &pair.missing {
            let table = format!("{}_outbox", pair.producer);
            let found = rows(deployment, &format!("SELECT event_type, aggregate_version, sent_at::text AS sent, stream_position, confirmed_at::text AS confirmed, attempts FROM {table} WHERE id = '{id}'")).await;
            let describe = found.first().map(|row| {
                format!(
                    "{:?} v{:?} sent {:?} at {:?} confirmed {:?} attempts {:?}",
                    row.try_get::<String>("", "event_type").ok(),
                    row.try_get::<i64>("", "aggregate_version").ok(),
                    row.try_get::<Option<String>>("", "sent").ok().flatten(),
                    row.try_get::<Option<String>>("", "stream_position")
                        .ok()
                        .flatten(),
                    row.try_get::<Option<String>>("", "confirmed")
                        .ok()
                        .flatten(),
                    row.try_get::<i32>("", "attempts").ok(),
                )
            });
            missing.push(format!(
                "{} -> {}: {id} {}",
                pair.producer,
                pair.group,
                describe.unwrap_or_default()
            ));
        }
    }
    Consistency {
        report,
        stale,
        stream_entries,
        stream_duplicates,
        applied_twice,
        missing,
    }
}

/// Entries in the stream, and how many repeat an event id already in it.
async fn stream_counts(deployment: &Deployment) -> (u64, u64) {
    let Ok(client) = redis::Client::open(deployment.redis.url()) else {
        return (0, 0);
    };
    let Ok(mut conn) = client.get_multiplexed_async_connection().await else {
        return (0, 0);
    };
    let reply: redis::streams::StreamRangeReply = match conn.xrange_all(&deployment.stream).await {
        Ok(reply) => reply,
        Err(_) => return (0, 0),
    };
    let mut seen = BTreeSet::new();
    let mut duplicates = 0;
    for entry in &reply.ids {
        let raw: String = entry.get("event").unwrap_or_default();
        let id = serde_json::from_str::<serde_json::Value>(&raw)
            .ok()
            .and_then(|event| event["id"].as_str().map(str::to_owned))
            .unwrap_or_default();
        if !seen.insert(id) {
            duplicates += 1;
        }
    }
    (reply.ids.len() as u64, duplicates)
}

/// Checks until the platform agrees with itself (at most `within`); returns the last check and
/// how long it took from the call.
pub async fn settle(deployment: &Deployment, within: Duration) -> (Consistency, Duration) {
    let started = Instant::now();
    loop {
        let consistency = check(deployment).await;
        if consistency.ok() || started.elapsed() >= within {
            return (consistency, started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
