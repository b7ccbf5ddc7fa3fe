//! Matching's event handling is idempotent under at-least-once delivery: a redelivered event
//! changes nothing and raises nothing, and scores follow profile changes.

use contracts::events::{CandidateProfileUpdated, JobStatusChanged};
use e2e::Backend;
use entities::matching::match_result;
use kit::Event;
use kit::config::ExposeSecret;
use kit::events::InProcessBus;
use matching::service::MatchingService;
use migrations::MatchingMigrator;
use sea_orm::{EntityTrait, PaginatorTrait};
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
    let db = kit::db::connect_and_migrate::<MatchingMigrator>(
        storage.databases.matching.expose_secret(),
    )
    .await
    .expect("database");
    let service = MatchingService::new(db, Arc::new(InProcessBus::default()));
    let candidate = uuid::Uuid::now_v7();
    let job = uuid::Uuid::now_v7();
    let profile = profile_updated(candidate, &["rust", "sql"], 3);
    let published = Event::of(
        job,
        &JobStatusChanged {
            job_id: job,
            company_id: uuid::Uuid::now_v7(),
            status: contracts::JobStatus::Published,
            title: "Backend Engineer".into(),
            required_skills: vec!["rust".into(), "go".into()],
            min_experience_years: 0,
            jlpt_required: Some(contracts::JlptLevel::N3),
            visa_sponsorship: true,
            details: Default::default(),
            changed_fields: Vec::new(),
        },
    )
    .expect("job event");
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
    let first_score = matches[0].score;
    // Half the required skills, Japanese met, nothing else stated.
    assert!((0.35..0.8).contains(&first_score), "{first_score}");
    assert_eq!(
        outbox_rows(&service).await,
        1,
        "one match.completed, none for redeliveries"
    );

    // A real profile change moves the score and raises a second event.
    let improved = profile_updated(candidate, &["rust", "go"], 0);
    service.handle(&improved).await.expect("update applied");
    let matches = match_result::Entity::find()
        .all(service.db())
        .await
        .expect("matches");
    assert!(matches[0].score > first_score, "{}", matches[0].score);
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

/// The `candidate.profile_updated` event users sends for a candidate with these skills, JLPT N2.
fn profile_updated(candidate: uuid::Uuid, skills: &[&str], years_experience: i32) -> Event {
    let profile = CandidateProfileUpdated {
        user_id: candidate,
        skills: skills.iter().map(|skill| skill.to_string()).collect(),
        jlpt_level: Some(contracts::JlptLevel::N2),
        visa_status: Some("permanent_resident".into()),
        years_experience,
        soft_skills: Vec::new(),
        languages: Vec::new(),
        work_authorization: false,
        work_style: None,
        desired_salary_min: None,
        desired_salary_max: None,
        preferred_locations: Vec::new(),
        preferred_industries: Vec::new(),
        current_city: None,
        desired_role: None,
        experience_summary: None,
        willing_to_relocate: false,
        visibility: None,
        changed_fields: vec!["technicalSkills".into()],
        profile_version: None,
    };
    Event::of(candidate, &profile).expect("profile event")
}
