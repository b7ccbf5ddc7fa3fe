//! Matching's event handling is idempotent under at-least-once delivery: a redelivered event
//! changes nothing and raises nothing, and scores follow profile changes.

use e2e::Backend;
use entities::matching::match_result;
use kit::Event;
use kit::events::InProcessBus;
use matching::service::MatchingService;
use migrations::MatchingMigrator;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use std::sync::Arc;

async fn outbox_rows(service: &MatchingService) -> usize {
    use sea_orm::ConnectionTrait;
    let row = service
        .db()
        .query_one_raw(sea_orm::Statement::from_string(
            service.db().get_database_backend(),
            format!(
                "SELECT COUNT(*) AS n FROM {}",
                migrations::matching::OUTBOX_TABLE
            ),
        ))
        .await
        .expect("count outbox")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("count") as usize
}

async fn redelivered_events_are_applied_once(backend: Backend) {
    let storage = backend.fresh_storage().await;
    let db = kit::db::connect_and_migrate::<MatchingMigrator>(&storage.databases.matching)
        .await
        .expect("database");
    let service = MatchingService::new(db, Arc::new(InProcessBus::default()));
    let candidate = uuid::Uuid::now_v7();
    let job = uuid::Uuid::now_v7();
    let profile = Event::new(
        "candidate.profile_updated",
        candidate,
        json!({"userId": candidate, "skills": ["rust", "sql"], "jlptLevel": "N2", "yearsExperience": 3}),
    );
    let published = Event::new(
        "job.published",
        job,
        json!({"jobId": job, "status": "published", "requiredSkills": ["rust", "go"], "jlptRequired": "N3"}),
    );
    service.handle(&profile).await.expect("profile applied");
    service.handle(&published).await.expect("job applied");
    service
        .handle(&published)
        .await
        .expect("redelivery accepted");
    service.handle(&profile).await.expect("redelivery accepted");

    let matches = match_result::Entity::find()
        .all(service.db())
        .await
        .expect("matches");
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].score, 0.6); // half the skills (0.8 × 0.5) + language met (0.2)
    assert_eq!(
        outbox_rows(&service).await,
        1,
        "one match.completed, none for redeliveries"
    );

    // A real profile change moves the score and raises a second event.
    let improved = Event::new(
        "candidate.profile_updated",
        candidate,
        json!({"userId": candidate, "skills": ["rust", "go"], "jlptLevel": "N2"}),
    );
    service.handle(&improved).await.expect("update applied");
    let matches = match_result::Entity::find()
        .all(service.db())
        .await
        .expect("matches");
    assert_eq!(matches[0].score, 1.0);
    assert_eq!(
        match_result::Entity::find()
            .count(service.db())
            .await
            .expect("count"),
        1
    );
    assert_eq!(outbox_rows(&service).await, 2);
}

e2e::on_both_backends!(redelivered_events_are_applied_once);
