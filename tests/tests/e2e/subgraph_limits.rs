//! The subgraphs protect themselves when reached directly, without the router in front:
//! documents of too many tokens, operations too deep, too large once fragments are expanded or
//! too laden with directives, entity batches beyond the bound, oversized bodies and oversized
//! inputs are all refused quickly with a stable code, while what the router sends for real
//! queries passes.

use e2e::companies::create_company;
use e2e::identity::demo_employer;
use e2e::{Backend, GraphqlClient, Options, TestStack, on_both_backends};
use entities::matching::match_result;
use kit::config::ExposeSecret;
use kit::operation_limits::{
    MAX_BODY_BYTES, MAX_DEPTH, MAX_DIRECTIVES, MAX_INPUT_LIST_ITEMS, MAX_REPRESENTATIONS,
    MAX_TOKENS,
};
use sea_orm::{ActiveValue::Set, Database, EntityTrait};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Generous for a debug build on a shared machine; the refusals take milliseconds.
const QUICKLY: Duration = Duration::from_secs(2);

fn options(seed: bool) -> Options {
    Options { seed, redis: false }
}

fn subgraph(test: &TestStack, name: &str) -> GraphqlClient {
    let subgraphs = &test.stack.subgraphs;
    GraphqlClient::new(subgraphs.by_name[name].url(&subgraphs.host))
}

/// Posts and returns the status, the first error's code (if any) and how long it took.
async fn timed(client: &GraphqlClient, query: &str, variables: Value) -> (u16, Value, Duration) {
    let started = Instant::now();
    let reply = client.post(query, variables).await;
    let code = reply.body["errors"][0]["extensions"]["code"].clone();
    (reply.status, code, started.elapsed())
}

fn nested(depth: usize) -> String {
    format!(
        "{{ {}__typename{} }}",
        "a { ".repeat(depth - 1),
        " }".repeat(depth - 1)
    )
}

fn doubling_fragments(levels: usize) -> String {
    let mut query = String::from("query { ...F0 }\n");
    for level in 0..levels {
        let next = level + 1;
        query.push_str(&format!(
            "fragment F{level} on Query {{ ...F{next} ...F{next} }}\n"
        ));
    }
    query.push_str(&format!("fragment F{levels} on Query {{ __typename }}\n"));
    query
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_subgraph_refuses_what_crosses_its_limits_at_once() {
    let test = TestStack::start(Backend::Sqlite, options(false)).await;
    let directives = format!(
        "{{ __typename {} }}",
        "@include(if: true) ".repeat(MAX_DIRECTIVES + 1)
    );
    let cases = [
        (nested(MAX_DEPTH + 1), "MAX_DEPTH_EXCEEDED"),
        (doubling_fragments(30), "MAX_COMPLEXITY_EXCEEDED"),
        (directives, "MAX_DIRECTIVES_EXCEEDED"),
        (
            format!("{{ {}}}", "__typename ".repeat(MAX_TOKENS)),
            "MAX_TOKENS_EXCEEDED",
        ),
    ];
    for name in stack::SUBGRAPHS {
        let client = subgraph(&test, name);
        let (_, ok, _) = timed(&client, "{ __typename }", json!({})).await;
        assert_eq!(ok, Value::Null, "{name} answers a small query");
        for (query, expected) in &cases {
            let (status, code, elapsed) = timed(&client, query, json!({})).await;
            assert_eq!(code, *expected, "{name}: {status}");
            assert!(
                elapsed < QUICKLY,
                "{name} took {elapsed:?} to refuse {expected}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_and_entity_batches_are_refused() {
    let test = TestStack::start(Backend::Sqlite, options(false)).await;
    let jobs = subgraph(&test, "jobs");
    let started = Instant::now();
    let (status, body) = declared_too_large(&jobs.url).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "REQUEST_TOO_LARGE");
    assert!(started.elapsed() < QUICKLY);

    let entities =
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on JobPosting { id } } }";
    let batch = |size: usize| {
        let representations: Vec<Value> = (0..size)
            .map(|_| json!({"__typename": "JobPosting", "id": uuid::Uuid::now_v7()}))
            .collect();
        json!({"r": representations})
    };
    // A page of postings, as the router batches them, resolves (to nothing: none exist).
    let page = jobs.post(entities, batch(100)).await;
    assert_eq!(
        page.body["data"]["_entities"].as_array().map(Vec::len),
        Some(100)
    );
    let (_, code, elapsed) = timed(&jobs, entities, batch(MAX_REPRESENTATIONS + 1)).await;
    assert_eq!(code, "MAX_REPRESENTATIONS_EXCEEDED");
    assert!(elapsed < QUICKLY, "{elapsed:?}");
}

/// A request announcing a body over the limit, sent raw: an HTTP client still writing the body
/// would report a broken pipe instead of the answer. Returns the status and the JSON body.
async fn declared_too_large(url: &str) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        MAX_BODY_BYTES + 1
    );
    stream
        .write_all(head.as_bytes())
        .await
        .expect("head written");
    let mut answer = Vec::new();
    tokio::time::timeout(QUICKLY, stream.read_to_end(&mut answer))
        .await
        .expect("answered in time")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok());
    (
        status.expect("a status"),
        serde_json::from_str(body).expect("json"),
    )
}

const UPDATE_SKILLS: &str = "mutation($skills: [String!]) {
  updateCandidateProfile(input: {technicalSkills: $skills}) { technicalSkills }
}";
const CREATE_POSTING: &str = "mutation($companyId: ID!, $skills: [String!]!) {
  createJobPosting(input: {companyId: $companyId, title: \"Backend Engineer\",
    description: \"Build APIs.\", location: \"Tokyo\", requiredSkills: $skills}) { id }
}";

fn skills(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("Skill {n}")).collect()
}

/// Asserts a refusal of `field` and returns its message.
async fn refused_field(
    client: &GraphqlClient,
    query: &str,
    variables: Value,
    field: &str,
) -> String {
    let started = Instant::now();
    let reply = client.post(query, variables).await;
    let elapsed = started.elapsed();
    let error = &reply.body["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "BAD_USER_INPUT",
        "{}",
        reply.body
    );
    assert_eq!(error["extensions"]["field"], field, "{}", reply.body);
    assert!(elapsed < QUICKLY, "{field}: refused after {elapsed:?}");
    error["message"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_skills_are_refused_at_once() {
    let test = TestStack::start(Backend::Sqlite, options(false)).await;
    let candidate = test.signed_up("many.skills@example.jp", "CANDIDATE").await;
    let employer = test
        .signed_up("many.skills@sakura.example.jp", "EMPLOYER")
        .await;
    let users = subgraph(&test, "users").with_token(&candidate.access_token);
    let jobs = subgraph(&test, "jobs").with_token(&employer.access_token);
    let company_id = create_company(
        test.jobs_db(),
        &test.as_user(&employer.access_token),
        &employer.id,
        "Sakura Systems",
    )
    .await;

    let message = refused_field(
        &users,
        UPDATE_SKILLS,
        json!({"skills": skills(100_000)}),
        "technicalSkills",
    )
    .await;
    assert!(
        message.contains(&MAX_INPUT_LIST_ITEMS.to_string()),
        "{message}"
    );
    let message = refused_field(
        &jobs,
        CREATE_POSTING,
        json!({"companyId": company_id, "skills": skills(100_000)}),
        "requiredSkills",
    )
    .await;
    assert!(
        message.contains(&MAX_INPUT_LIST_ITEMS.to_string()),
        "{message}"
    );

    // Just over a field's own limit, the field says so.
    let message = refused_field(
        &users,
        UPDATE_SKILLS,
        json!({"skills": skills(101)}),
        "technicalSkills",
    )
    .await;
    assert_eq!(message, "technicalSkills must have at most 100 entries");
    let message = refused_field(
        &jobs,
        CREATE_POSTING,
        json!({"companyId": company_id, "skills": skills(51)}),
        "requiredSkills",
    )
    .await;
    assert_eq!(message, "requiredSkills must name at most 50 skills");

    // At the limit, duplicates are merged (ignoring case) and the list is kept in order.
    let mut hundred = skills(99);
    hundred.push("SKILL 0".into());
    let updated = users.data(UPDATE_SKILLS, json!({"skills": hundred})).await;
    let stored = updated["updateCandidateProfile"]["technicalSkills"]
        .as_array()
        .expect("skills");
    assert_eq!(stored.len(), 99);
    assert_eq!(stored[0], "skill 0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_secrets_are_refused_before_anything_is_hashed_or_looked_up() {
    let test = TestStack::start(Backend::Sqlite, options(false)).await;
    let users = subgraph(&test, "users");
    let login = "mutation($email: String!, $password: String!) {
      login(email: $email, password: $password) { status } }";
    let message = refused_field(
        &users,
        login,
        json!({"email": "someone@example.jp", "password": "p".repeat(10_000)}),
        "password",
    )
    .await;
    assert_eq!(message, "password must be at most 128 characters");
    let refresh =
        "mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken } }";
    let message = refused_field(
        &users,
        refresh,
        json!({"token": "t".repeat(257)}),
        "refreshToken",
    )
    .await;
    assert_eq!(message, "refreshToken must be at most 256 characters");
}

/// The deepest query the apps send, with as many items as the router's cost limit lets through:
/// every fetch the router plans for it must pass the subgraphs' limits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deepest_application_query_passes_every_subgraph_limit() {
    let test = TestStack::start(Backend::Sqlite, options(true)).await;
    let employer = demo_employer(&test.client).await;
    // The seeded matches are computed from events after start-up.
    e2e::eventually(40, || async {
        // Other companies' postings read null for their matches: read the body whole.
        let reply = employer
            .post(
                "{ jobPostings(first: 10) { edges { node { matches(first: 1) { score } } } } }",
                json!({}),
            )
            .await;
        reply.body.to_string().contains("\"score\"").then_some(())
    })
    .await
    .expect("seeded matches");
    let reply = employer
        .post(
            "{ jobPostings(first: 10) { edges { node { title company { name }
                matches(first: 10) { score candidate { firstName
                  candidateProfile { technicalSkills languages { language level } } } } } } } }",
            json!({}),
        )
        .await;
    // No errors: other companies' matches, not this employer's to read, are null.
    assert!(reply.body.get("errors").is_none(), "{}", reply.body);
    let data = &reply.body["data"];
    let edges = data["jobPostings"]["edges"].as_array().expect("edges");
    assert!(!edges.is_empty());
    let matched = edges
        .iter()
        .filter_map(|edge| edge["node"]["matches"].as_array())
        .flatten()
        .filter(|found| found["candidate"]["firstName"].is_string())
        .count();
    assert!(matched > 0, "{data}");
}

/// A posting that matched far more candidates than a page still answers from one page's rows:
/// the best matches, best first, on both storage backends.
async fn a_posting_with_many_matches_answers_its_best_page(backend: Backend) {
    let test = TestStack::start(backend, options(true)).await;
    let employer = demo_employer(&test.client).await;
    // A posting of the employer's own company: only its members read its matches.
    let postings = employer
        .data(
            "{ jobPostings(first: 50) { edges { node { id company { name } } } } }",
            json!({}),
        )
        .await;
    let job_id = postings["jobPostings"]["edges"]
        .as_array()
        .expect("postings")
        .iter()
        .find(|edge| edge["node"]["company"]["name"] == "Sakura Systems")
        .and_then(|edge| edge["node"]["id"].as_str())
        .expect("a seeded posting of Sakura Systems")
        .parse::<uuid::Uuid>()
        .expect("a uuid");
    let db = Database::connect(test.storage.databases.matching.expose_secret())
        .await
        .expect("matching database");
    // Lists show the scores of one model: these rows are of the model the lists show.
    let model = e2e::eventually(60, || async {
        let data = test
            .client
            .data("{ matchingModel { scoresModelId } }", json!({}))
            .await;
        data["matchingModel"]["scoresModelId"]
            .as_str()
            .map(str::to_owned)
    })
    .await
    .expect("matching names the model of its scores");
    let now = chrono::Utc::now();
    let rows = (0..300).map(|n| match_result::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        job_id: Set(job_id),
        candidate_id: Set(uuid::Uuid::now_v7()),
        // Above any seeded score, so these fill the page.
        score: Set(2.0 + f64::from(n)),
        skill_score: Set(1.0),
        matched_skills: Set(json!([])),
        score_version: Set(1),
        status: Set("generated".into()),
        created_at: Set(now),
        updated_at: Set(now),
        model_id: Set(Some(model.clone())),
        ..Default::default()
    });
    match_result::Entity::insert_many(rows)
        .exec(&db)
        .await
        .expect("matches stored");

    let data = employer
        .data(
            "query($id: ID!) { jobPosting(id: $id) { matches(first: 100) { score } } }",
            json!({"id": job_id}),
        )
        .await;
    let scores: Vec<f64> = data["jobPosting"]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|found| found["score"].as_f64().expect("a score"))
        .collect();
    assert_eq!(scores.len(), 100);
    assert_eq!(scores[0], 301.0);
    assert_eq!(scores[99], 202.0);
    assert!(scores.windows(2).all(|pair| pair[0] > pair[1]));
}
on_both_backends!(a_posting_with_many_matches_answers_its_best_page);
