//! What the subgraphs stored, read straight from their databases: the events waiting in the
//! users and jobs outboxes and the users audit rows. Tests assert on them where no API shows them.

use crate::TestStack;
use entities::users::{audit_log, user};
use kit::config::ExposeSecret;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Statement,
};
use serde_json::Value;

/// Payloads of the users outbox events of `event_type`, oldest first.
pub async fn outbox_events(test: &TestStack, event_type: &str) -> Vec<Value> {
    payloads(
        test.storage.databases.users.expose_secret(),
        "users_outbox",
        event_type,
    )
    .await
}

/// Payloads of the jobs outbox events of `event_type`, oldest first.
pub async fn jobs_outbox_events(test: &TestStack, event_type: &str) -> Vec<Value> {
    payloads(test.jobs_db(), "jobs_outbox", event_type).await
}

async fn payloads(database: &str, table: &str, event_type: &str) -> Vec<Value> {
    let rows = query_on(
        database,
        &format!(
            "SELECT payload FROM {table} WHERE event_type = '{}' ORDER BY created_at",
            literal(event_type)
        ),
    )
    .await;
    rows.iter()
        .map(|row| {
            let raw: String = row.try_get("", "payload").expect("payload column");
            let event: Value = serde_json::from_str(&raw).expect("event JSON");
            event["payload"].clone()
        })
        .collect()
}

/// The types of the users outbox events about `user_id` (their aggregate), oldest first.
pub async fn outbox_event_types(test: &TestStack, user_id: &str) -> Vec<String> {
    let rows = query(
        test,
        "SELECT payload FROM users_outbox ORDER BY created_at, id",
    )
    .await;
    rows.iter()
        .filter_map(|row| {
            let raw: String = row.try_get("", "payload").expect("payload column");
            let event: Value = serde_json::from_str(&raw).expect("event JSON");
            (event["aggregateId"] == user_id)
                .then(|| event["eventType"].as_str().expect("event type").to_owned())
        })
        .collect()
}

/// The actions of the audit rows about `user_id` (as actor or target), oldest first.
pub async fn audit_actions(test: &TestStack, user_id: &str) -> Vec<String> {
    let id = uuid::Uuid::parse_str(user_id).expect("user id");
    let db = connect(test).await;
    let rows = audit_log::Entity::find()
        .filter(
            Condition::any()
                .add(audit_log::Column::ActorId.eq(id))
                .add(audit_log::Column::TargetId.eq(id)),
        )
        .order_by_asc(audit_log::Column::CreatedAt)
        .all(&db)
        .await
        .expect("audit rows");
    let _ = db.close().await;
    rows.into_iter().map(|row| row.action).collect()
}

/// The stored `users` row of `user_id`.
pub async fn stored_user(test: &TestStack, user_id: &str) -> Option<user::Model> {
    let id = uuid::Uuid::parse_str(user_id).expect("user id");
    let db = connect(test).await;
    let row = user::Entity::find_by_id(id)
        .one(&db)
        .await
        .expect("user row");
    let _ = db.close().await;
    row
}

async fn connect(test: &TestStack) -> DatabaseConnection {
    Database::connect(test.storage.databases.users.expose_secret())
        .await
        .expect("users database")
}

async fn query(test: &TestStack, sql: &str) -> Vec<sea_orm::QueryResult> {
    query_on(test.storage.databases.users.expose_secret(), sql).await
}

async fn query_on(database: &str, sql: &str) -> Vec<sea_orm::QueryResult> {
    let db = Database::connect(database).await.expect("database");
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("query");
    let _ = db.close().await;
    rows
}

/// A value for a quoted SQL literal (tests pass event names, never user input).
fn literal(value: &str) -> String {
    value.replace('\'', "''")
}

/// The fields named by a `BAD_USER_INPUT` error: every one when several are reported together.
pub fn error_fields(body: &Value) -> Vec<String> {
    let extensions = &body["errors"][0]["extensions"];
    match extensions["fields"].as_array() {
        Some(fields) => fields
            .iter()
            .filter_map(|field| field["field"].as_str().map(str::to_owned))
            .collect(),
        None => extensions["field"]
            .as_str()
            .map(str::to_owned)
            .into_iter()
            .collect(),
    }
}

/// The first error's `extensions.code`.
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}
