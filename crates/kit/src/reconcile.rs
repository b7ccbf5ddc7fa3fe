//! Reconciliation: the outboxes against what each consumer group applied.
//!
//! Every event a producer's outbox holds (within its retention) and a consumer group follows
//! must be in that group's processed-events table (applied, or found stale) or among its dead
//! letters. What is in neither, and older than a grace period (so events in flight are not
//! counted), was lost on the way: a broker that dropped it, a group trimmed past it. With
//! `republish`, those rows are marked unsent in their outbox and the relays publish them again;
//! groups that had applied them skip them by id.
//!
//! It reads every subgraph's database, so it runs where an operator has all three (the
//! `reconcile` command of the `stack` crate, the fault suite); the subgraphs never read each
//! other's tables.

use contracts::EventName;
use migrations::{ConsumerTables, ProducerTables};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::collections::HashSet;
use std::time::Duration;
use uuid::Uuid;

/// Ids looked up per query.
const CHUNK: usize = 500;

/// A subgraph that raises events.
pub struct Producer<'a> {
    pub name: &'a str,
    pub db: &'a DatabaseConnection,
    pub tables: ProducerTables,
}

/// A consumer group and what it follows.
pub struct Follower<'a> {
    pub group: &'a str,
    pub db: &'a DatabaseConnection,
    pub tables: ConsumerTables,
    pub follows: &'a [EventName],
}

/// One producer → group pair.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pair {
    pub producer: String,
    pub group: String,
    /// Followed events in the producer's outbox, older than the grace period.
    pub expected: u64,
    /// Recorded as processed by the group.
    pub applied: u64,
    pub dead_lettered: u64,
    /// In neither: lost on the way.
    pub missing: Vec<Uuid>,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub pairs: Vec<Pair>,
    /// Rows marked unsent to be published again.
    pub republished: u64,
}

impl Report {
    pub fn missing(&self) -> u64 {
        self.pairs
            .iter()
            .map(|pair| pair.missing.len() as u64)
            .sum()
    }

    /// One line per pair, for logs and the command's output.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .pairs
            .iter()
            .map(|pair| {
                format!(
                    "{:>8} -> {:<9} expected {:>6}  applied {:>6}  dead letters {:>4}  missing {:>4}",
                    pair.producer,
                    pair.group,
                    pair.expected,
                    pair.applied,
                    pair.dead_lettered,
                    pair.missing.len()
                )
            })
            .collect();
        lines.push(format!("republished {}", self.republished));
        lines
    }
}

/// Compares every producer with every follower; with `republish`, marks what is missing to be
/// published again.
pub async fn reconcile(
    producers: &[Producer<'_>],
    followers: &[Follower<'_>],
    grace: Duration,
    republish: bool,
) -> Result<Report, DbErr> {
    let cutoff = chrono::Utc::now()
        - chrono::Duration::from_std(grace).unwrap_or_else(|_| chrono::Duration::seconds(60));
    let mut report = Report::default();
    for producer in producers {
        let rows = outbox_rows(producer, cutoff).await?;
        let mut lost: HashSet<Uuid> = HashSet::new();
        for follower in followers {
            // A subgraph never consumes its own events.
            if follower.group == producer.name {
                continue;
            }
            let followed: Vec<Uuid> = rows
                .iter()
                .filter(|(_, event_type)| {
                    follower
                        .follows
                        .iter()
                        .any(|name| name.as_str() == event_type)
                })
                .map(|(id, _)| *id)
                .collect();
            let applied = present(
                follower.db,
                follower.tables.processed,
                "event_id",
                &followed,
                None,
            )
            .await?;
            let dead = present(
                follower.db,
                follower.tables.failures,
                "event_id",
                &followed,
                Some("dead_at"),
            )
            .await?;
            let missing: Vec<Uuid> = followed
                .iter()
                .filter(|id| !applied.contains(id) && !dead.contains(id))
                .copied()
                .collect();
            lost.extend(&missing);
            report.pairs.push(Pair {
                producer: producer.name.to_owned(),
                group: follower.group.to_owned(),
                expected: followed.len() as u64,
                applied: followed.iter().filter(|id| applied.contains(id)).count() as u64,
                dead_lettered: followed.iter().filter(|id| dead.contains(id)).count() as u64,
                missing,
            });
        }
        if republish && !lost.is_empty() {
            report.republished +=
                mark_unsent(producer, &lost.into_iter().collect::<Vec<_>>()).await?;
        }
    }
    Ok(report)
}

async fn outbox_rows(
    producer: &Producer<'_>,
    cutoff: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<(Uuid, String)>, DbErr> {
    let select = Query::select()
        .columns(["id", "event_type"])
        .from(Alias::new(producer.tables.outbox))
        .and_where(Expr::col("created_at").lt(cutoff))
        .to_owned();
    producer
        .db
        .query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("", "id")?, row.try_get("", "event_type")?)))
        .collect()
}

/// Which of `ids` are in `table` (with `not_null` set, when given).
async fn present(
    db: &DatabaseConnection,
    table: &str,
    column: &str,
    ids: &[Uuid],
    not_null: Option<&str>,
) -> Result<HashSet<Uuid>, DbErr> {
    let mut found = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        let mut select = Query::select()
            .column(Alias::new(column))
            .from(Alias::new(table))
            .and_where(Expr::col(Alias::new(column)).is_in(chunk.iter().copied()))
            .to_owned();
        if let Some(required) = not_null {
            select.and_where(Expr::col(Alias::new(required)).is_not_null());
        }
        for row in db.query_all(&select).await? {
            found.insert(row.try_get::<Uuid>("", column)?);
        }
    }
    Ok(found)
}

async fn mark_unsent(producer: &Producer<'_>, ids: &[Uuid]) -> Result<u64, DbErr> {
    let mut marked = 0;
    for chunk in ids.chunks(CHUNK) {
        let update = Query::update()
            .table(Alias::new(producer.tables.outbox))
            .value(
                "sent_at",
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .value("stream_position", Expr::value(Option::<String>::None))
            .value(
                "confirmed_at",
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .to_owned();
        marked += producer.db.execute(&update).await?.rows_affected();
    }
    Ok(marked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_databases::both;
    use migrations::{JobsMigrator, UsersMigrator};
    use sea_orm::TransactionTrait;

    #[tokio::test]
    async fn events_a_group_never_applied_are_found_and_marked_for_republishing() {
        let users = both::<UsersMigrator>().await;
        let jobs = both::<JobsMigrator>().await;
        for (users, jobs) in users.iter().zip(&jobs) {
            let outbox = crate::outbox::Outbox::new(migrations::users::EVENTS);
            let txn = users.db.begin().await.unwrap();
            let followed = outbox
                .enqueue(
                    &txn,
                    &crate::Event::new(EventName::CompanyMemberAdded, "c", serde_json::json!({})),
                )
                .await
                .unwrap();
            let applied = outbox
                .enqueue(
                    &txn,
                    &crate::Event::new(EventName::CompanyMemberRemoved, "c", serde_json::json!({})),
                )
                .await
                .unwrap();
            outbox
                .enqueue(
                    &txn,
                    &crate::Event::new(EventName::UserLogin, "u", serde_json::json!({})),
                )
                .await
                .unwrap();
            txn.commit().await.unwrap();
            let record = Query::insert()
                .into_table(Alias::new(migrations::jobs::CONSUMER.processed))
                .columns(["event_id", "processed_at"])
                .values_panic([applied.id.into(), chrono::Utc::now().into()])
                .to_owned();
            jobs.db.execute(&record).await.unwrap();
            let producers = [Producer {
                name: "users",
                db: &users.db,
                tables: migrations::users::EVENTS,
            }];
            let followers = [Follower {
                group: "jobs",
                db: &jobs.db,
                tables: migrations::jobs::CONSUMER,
                follows: &[
                    EventName::CompanyMemberAdded,
                    EventName::CompanyMemberRemoved,
                ],
            }];
            let report = reconcile(&producers, &followers, Duration::ZERO, true)
                .await
                .unwrap();
            assert_eq!(report.pairs[0].expected, 2, "{}", users.name);
            assert_eq!(report.pairs[0].applied, 1);
            assert_eq!(report.pairs[0].missing, [followed.id]);
            assert_eq!(report.republished, 1);
        }
    }
}
