//! Reconciliation of the whole platform: the users, jobs and matching outboxes against what the
//! users, jobs and matching consumer groups applied (see `kit::reconcile`), over the databases the
//! configuration names. The `reconcile` command runs it; the fault suite calls it directly.

use kit::reconcile::{Follower, Producer, Report, reconcile};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// The three subgraphs' databases (the same connection three times when they share one).
pub struct Databases {
    pub users: DatabaseConnection,
    pub jobs: DatabaseConnection,
    pub matching: DatabaseConnection,
}

impl Databases {
    pub async fn connect(databases: &crate::SubgraphDatabases) -> anyhow::Result<Self> {
        use settings::ExposeSecret;
        Ok(Self {
            users: kit::db::connect(databases.users.expose_secret()).await?,
            jobs: kit::db::connect(databases.jobs.expose_secret()).await?,
            matching: kit::db::connect(databases.matching.expose_secret()).await?,
        })
    }
}

/// Every producer against every consumer group; with `republish`, what was lost is marked to
/// be published again.
pub async fn platform(
    databases: &Databases,
    grace: Duration,
    republish: bool,
) -> anyhow::Result<Report> {
    let producers = [
        Producer {
            name: "users",
            db: &databases.users,
            tables: migrations::users::EVENTS,
        },
        Producer {
            name: "jobs",
            db: &databases.jobs,
            tables: migrations::jobs::EVENTS,
        },
        Producer {
            name: "matching",
            db: &databases.matching,
            tables: migrations::matching::EVENTS,
        },
    ];
    let followers = [
        Follower {
            group: users::service::CONSUMER_GROUP,
            db: &databases.users,
            tables: migrations::users::CONSUMER,
            follows: &users::service::FOLLOWED_EVENTS,
        },
        Follower {
            group: jobs::service::CONSUMER_GROUP,
            db: &databases.jobs,
            tables: migrations::jobs::CONSUMER,
            follows: &jobs::service::FOLLOWED_EVENTS,
        },
        Follower {
            group: matching::service::CONSUMER_GROUP,
            db: &databases.matching,
            tables: migrations::matching::CONSUMER,
            follows: &matching::service::FOLLOWED_EVENTS,
        },
    ];
    Ok(reconcile(&producers, &followers, grace, republish).await?)
}
