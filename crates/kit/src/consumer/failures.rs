//! Events a consumer failed to apply: one row per event with its attempts and last error. After
//! the allowed attempts the row becomes a dead letter (`dead_at`): the consumer acknowledges the
//! event and moves on, and an administrator lists, inspects, retries or discards it. A retried
//! dead letter that applies, or a discarded one, is resolved; its row stays as the record.

use crate::{ApiError, ApiResult, Event};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, QueryResult};
use uuid::Uuid;

/// Longest error text kept per failure.
const MAX_ERROR_CHARS: usize = 2_000;

#[derive(Clone, Copy, Debug)]
pub struct FailureStore {
    table: &'static str,
    group: &'static str,
}

/// How an administrator closed a dead letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Applied on retry.
    Retried,
    /// Given up on: recorded as processed, never applied.
    Discarded,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Retried => "retried",
            Self::Discarded => "discarded",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "retried" => Some(Self::Retried),
            "discarded" => Some(Self::Discarded),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct DeadLetter {
    pub event_id: Uuid,
    pub consumer_group: String,
    pub event_type: String,
    pub aggregate_id: String,
    /// The event as it was delivered (JSON).
    pub event: String,
    pub error: String,
    pub attempts: i32,
    pub first_failed_at: DateTime<Utc>,
    pub last_failed_at: DateTime<Utc>,
    pub dead_at: Option<DateTime<Utc>>,
    pub resolution: Option<Resolution>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<Uuid>,
}

impl DeadLetter {
    fn from_row(row: &QueryResult) -> Result<Self, DbErr> {
        let resolution: Option<String> = row.try_get("", "resolution")?;
        Ok(Self {
            event_id: row.try_get("", "event_id")?,
            consumer_group: row.try_get("", "consumer_group")?,
            event_type: row.try_get("", "event_type")?,
            aggregate_id: row.try_get("", "aggregate_id")?,
            event: row.try_get("", "event")?,
            error: row.try_get("", "error")?,
            attempts: row.try_get("", "attempts")?,
            first_failed_at: row.try_get("", "first_failed_at")?,
            last_failed_at: row.try_get("", "last_failed_at")?,
            dead_at: row.try_get("", "dead_at")?,
            resolution: resolution.as_deref().and_then(Resolution::parse),
            resolved_at: row.try_get("", "resolved_at")?,
            resolved_by: row.try_get("", "resolved_by")?,
        })
    }

    /// The stored event, decoded.
    pub fn decoded(&self) -> ApiResult<Event> {
        serde_json::from_str(&self.event)
            .map_err(|err| ApiError::internal("a dead letter's event does not decode", err))
    }

    pub fn is_open(&self) -> bool {
        self.dead_at.is_some() && self.resolution.is_none()
    }
}

/// One page of dead letters, newest first.
pub struct DeadLetterPage {
    pub items: Vec<DeadLetter>,
    pub total: u64,
}

const COLUMNS: [&str; 13] = [
    "event_id",
    "consumer_group",
    "event_type",
    "aggregate_id",
    "event",
    "error",
    "attempts",
    "first_failed_at",
    "last_failed_at",
    "dead_at",
    "resolution",
    "resolved_at",
    "resolved_by",
];

impl FailureStore {
    pub const fn new(table: &'static str, group: &'static str) -> Self {
        Self { table, group }
    }

    fn table(&self) -> Alias {
        Alias::new(self.table)
    }

    /// Counts a failed attempt at `event`; returns the attempts so far.
    pub async fn record_failure<C: ConnectionTrait>(
        &self,
        conn: &C,
        event: &Event,
        error: &str,
    ) -> Result<i32, DbErr> {
        let now = Utc::now();
        let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
        let raw = serde_json::to_string(event).map_err(|err| DbErr::Json(err.to_string()))?;
        let table = self.table();
        let upsert = Query::insert()
            .into_table(table.clone())
            .columns([
                "event_id",
                "consumer_group",
                "event_type",
                "aggregate_id",
                "event",
                "error",
                "attempts",
                "first_failed_at",
                "last_failed_at",
            ])
            .values([
                event.id.into(),
                self.group.into(),
                event.event_type.clone().into(),
                event.aggregate_id.clone().into(),
                raw.into(),
                error.into(),
                1i32.into(),
                now.into(),
                now.into(),
            ])
            .map_err(|err| DbErr::Custom(err.to_string()))?
            .on_conflict(
                OnConflict::column("event_id")
                    .value(
                        "attempts",
                        Expr::col((table, Alias::new("attempts"))).add(1),
                    )
                    .update_columns(["error", "last_failed_at"])
                    .to_owned(),
            )
            .returning_col("attempts")
            .to_owned();
        let row = conn
            .query_one(&upsert)
            .await?
            .ok_or_else(|| DbErr::Custom("the failure upsert returned no row".into()))?;
        row.try_get("", "attempts")
    }

    /// Makes `event_id`'s failure a dead letter.
    pub async fn mark_dead<C: ConnectionTrait>(
        &self,
        conn: &C,
        event_id: Uuid,
    ) -> Result<(), DbErr> {
        let update = Query::update()
            .table(self.table())
            .value("dead_at", Utc::now())
            .and_where(Expr::col("event_id").eq(event_id))
            .to_owned();
        conn.execute(&update).await?;
        Ok(())
    }

    /// Forgets the failures of an event that applied in the end (before becoming a dead letter).
    pub async fn forget<C: ConnectionTrait>(&self, conn: &C, event_id: Uuid) -> Result<(), DbErr> {
        let delete = Query::delete()
            .from_table(self.table())
            .and_where(Expr::col("event_id").eq(event_id))
            .and_where(Expr::col("dead_at").is_null())
            .to_owned();
        conn.execute(&delete).await?;
        Ok(())
    }

    pub async fn resolve<C: ConnectionTrait>(
        &self,
        conn: &C,
        event_id: Uuid,
        resolution: Resolution,
        by: Option<Uuid>,
    ) -> Result<(), DbErr> {
        let update = Query::update()
            .table(self.table())
            .value("resolution", resolution.as_str())
            .value("resolved_at", Utc::now())
            .value("resolved_by", by)
            .and_where(Expr::col("event_id").eq(event_id))
            .to_owned();
        conn.execute(&update).await?;
        Ok(())
    }

    pub async fn get<C: ConnectionTrait>(
        &self,
        conn: &C,
        event_id: Uuid,
    ) -> Result<Option<DeadLetter>, DbErr> {
        let select = Query::select()
            .columns(COLUMNS)
            .from(self.table())
            .and_where(Expr::col("event_id").eq(event_id))
            .and_where(Expr::col("dead_at").is_not_null())
            .to_owned();
        conn.query_one(&select)
            .await?
            .map(|row| DeadLetter::from_row(&row))
            .transpose()
    }

    /// Dead letters, newest first: only open ones unless `include_resolved`. The page and the
    /// total are read from one snapshot, so a letter dying meanwhile is in both or in neither.
    pub async fn list(
        &self,
        db: &DatabaseConnection,
        include_resolved: bool,
        offset: u64,
        limit: u64,
    ) -> Result<DeadLetterPage, DbErr> {
        let mut select = Query::select()
            .columns(COLUMNS)
            .from(self.table())
            .and_where(Expr::col("dead_at").is_not_null())
            .order_by("dead_at", Order::Desc)
            .order_by("event_id", Order::Desc)
            .offset(offset)
            .limit(limit)
            .to_owned();
        let mut count = Query::select()
            .expr_as(Expr::col("event_id").count(), Alias::new("n"))
            .from(self.table())
            .and_where(Expr::col("dead_at").is_not_null())
            .to_owned();
        if !include_resolved {
            select.and_where(Expr::col("resolution").is_null());
            count.and_where(Expr::col("resolution").is_null());
        }
        let snapshot = crate::db::begin_snapshot(db).await?;
        let items = snapshot
            .query_all(&select)
            .await?
            .iter()
            .map(DeadLetter::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let total: i64 = match snapshot.query_one(&count).await? {
            Some(row) => row.try_get("", "n")?,
            None => 0,
        };
        snapshot.commit().await?;
        Ok(DeadLetterPage {
            items,
            total: Ord::max(total, 0) as u64,
        })
    }

    /// Open dead letters (the gauge).
    pub async fn open_count(&self, db: &DatabaseConnection) -> Result<u64, DbErr> {
        Ok(self.list(db, false, 0, 0).await?.total)
    }
}
