//! A page of 50 applications with each candidate and the profile it sent (users) and match
//! (matching), through the
//! router, on seeded data: the subgraphs see one fetch each, however long the page. The seeded
//! employer reads the two demo applications; 48 more (earlier applications of the seeded
//! candidates, rejected) are written to the jobs database to make the page 50 long.

use chrono::Utc;
use e2e::identity::demo_employer;
use e2e::{Backend, Options, config_for, proxy, settled};
use entities::jobs::{job_application, job_match_score};
use kit::config::ExposeSecret;
use sea_orm::{ActiveValue::Set, ColumnTrait, Database, EntityTrait, QueryFilter};
use serde_json::json;

const POSTINGS: &str = "{ jobPostings(first: 10) { edges { node { id title } } } }";

const PAGE: &str = "query($id: ID!) { jobPosting(id: $id) {
  applications(first: 50, order: MATCH_SCORE) { totalCount edges { node {
    id status matchScore
    candidate { id firstName candidateProfile { nationality jlptLevel } }
    match { id score visaEligible }
    sentProfile { version }
  } } } } }";

async fn a_page_of_fifty_applications_costs_one_fetch_per_subgraph(backend: Backend) {
    let storage = backend.fresh_storage().await;
    let config = config_for(
        &storage,
        Options {
            seed: true,
            redis: false,
        },
    );
    let (_subgraphs, anonymous, recorded) = proxy::proxied_stack(&config).await;
    let employer = demo_employer(&anonymous).await;
    let postings = employer.data(POSTINGS, json!({})).await;
    let posting = postings["jobPostings"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|edge| edge["node"]["title"] == "Backend Engineer (Rust / GraphQL)")
        .and_then(|edge| edge["node"]["id"].as_str())
        .expect("the seeded backend posting")
        .to_owned();

    // The seeded applications, once matching scored their candidates.
    let seeded = settled(40, || {
        let employer = employer.clone();
        let posting = posting.clone();
        async move {
            let data = employer.data(PAGE, json!({"id": posting})).await;
            let edges = data["jobPosting"]["applications"]["edges"]
                .as_array()?
                .clone();
            (edges.len() == 2
                && edges
                    .iter()
                    .all(|edge| edge["node"]["match"]["score"].is_number()))
            .then_some(edges)
        }
    })
    .await
    .expect("the two seeded applications, scored");
    assert_eq!(
        seeded[0]["node"]["candidate"]["candidateProfile"]["nationality"], "VN",
        "{seeded:?}"
    );

    let db = Database::connect(storage.databases.jobs.expose_secret())
        .await
        .expect("jobs database");
    let job_id = uuid::Uuid::parse_str(&posting).expect("posting id");
    let scores = job_match_score::Entity::find()
        .filter(job_match_score::Column::JobId.eq(job_id))
        .all(&db)
        .await
        .expect("scores");
    let first = job_application::Entity::find()
        .filter(job_application::Column::JobId.eq(job_id))
        .one(&db)
        .await
        .expect("read")
        .expect("a seeded application");
    let now = Utc::now();
    for n in 0..48 {
        let scored = &scores[n % scores.len()];
        job_application::Entity::insert(job_application::ActiveModel {
            id: Set(kit::ids::new_id()),
            job_id: Set(job_id),
            company_id: Set(first.company_id),
            candidate_id: Set(scored.candidate_id),
            status: Set("rejected".into()),
            source: Set("search".into()),
            match_id: Set(Some(scored.match_id)),
            match_score: Set(Some(scored.score)),
            cover_letter: Set(None),
            language: Set("en".into()),
            answers: Set(json!([])),
            rejection_reason: Set(Some("position_filled".into())),
            rejection_message: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            first_response_at: Set(Some(now)),
            closed_at: Set(Some(now)),
            profile_version: Set(None),
        })
        .exec_without_returning(&db)
        .await
        .expect("insert");
    }
    let _ = db.close().await;

    for recording in recorded.values() {
        recording.clear();
    }
    let page = employer.data(PAGE, json!({"id": posting})).await;
    let list = &page["jobPosting"]["applications"];
    assert_eq!(list["totalCount"], 50);
    let edges = list["edges"].as_array().expect("edges");
    assert_eq!(edges.len(), 50);
    // Every row names its candidate and match; only the candidates who applied through the
    // API disclosed their names (the rows written here raised no events).
    assert!(
        edges
            .iter()
            .all(|edge| edge["node"]["candidate"]["id"].is_string()
                && edge["node"]["match"]["score"].is_number()),
        "a row without its candidate or match"
    );
    let named = edges
        .iter()
        .filter(|edge| edge["node"]["candidate"]["firstName"].is_string())
        .count();
    assert!(named >= 2, "{named} named candidates");
    // The demo applications sent their candidates' first saved profile (the rows written here
    // sent none).
    let sent = edges
        .iter()
        .filter(|edge| edge["node"]["sentProfile"]["version"] == 1)
        .count();
    assert_eq!(sent, 2, "{edges:?}");
    let scores: Vec<f64> = edges
        .iter()
        .filter_map(|edge| edge["node"]["matchScore"].as_f64())
        .collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "{scores:?}"
    );
    let fetches: Vec<(&str, usize)> = ["jobs", "users", "matching"]
        .into_iter()
        .map(|name| (name, recorded[name].queries().len()))
        .collect();
    // Printed for the record: `cargo test … -- --nocapture` shows the count.
    println!("subgraph fetches for a page of 50 applications: {fetches:?}");
    assert_eq!(fetches, [("jobs", 1), ("users", 1), ("matching", 1)]);
}

e2e::on_both_backends!(a_page_of_fifty_applications_costs_one_fetch_per_subgraph);
