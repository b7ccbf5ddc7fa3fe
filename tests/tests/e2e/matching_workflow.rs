//! A match's workflow through the router: the posting's company moves it along viewed →
//! shortlisted → contacted or rejects it (never back down, never another company's), the
//! candidate answers whether they are interested (only their own); each side's first look and
//! the last change are stamped, both sides' subscriptions hear of it, and a rescoring keeps it
//! (flagged when the candidate no longer passes a gate).

use e2e::identity::login_as;
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, WsClient, eventually, settled};
use serde_json::{Value, json};
use std::time::Duration;

const EMPLOYER_VIEW: &str = "query($id: ID!) { jobPosting(id: $id) { matches(first: 10) {
  id score status candidateInterest viewedByCompanyAt viewedByCandidateAt candidate { id } } } }";
const SET_STATUS: &str = "mutation($id: ID!, $status: MatchStatus!) {
  setMatchStatus(id: $id, status: $status) { status viewedByCompanyAt statusChangedAt } }";
const RESPOND: &str = "mutation($id: ID!, $interested: Boolean!) {
  respondToMatch(id: $id, interested: $interested) { status candidateInterest viewedByCandidateAt } }";
const EMPLOYER_UPDATES: &str =
    "subscription($jobId: ID!) { matchUpdated(jobId: $jobId) { id status candidateInterest } }";
const CANDIDATE_UPDATES: &str = "subscription { myMatchUpdated {
  id status candidateInterest contactedAt statusChangedAt viewedByCompanyAt } }";
const PAGE: &str = "query($id: ID!, $first: Int, $minScore: Float, $statuses: [MatchStatus!], $sort: MatchSort) {
  jobPosting(id: $id) { matchConnection(first: $first, minScore: $minScore, statuses: $statuses, sort: $sort) {
    totalCount edges { node { id score status } } pageInfo { hasNextPage } } } }";
const RISKS: &str = "query($id: ID!) { jobPosting(id: $id) { matches(first: 10) {
  status candidate { id } riskFactors { code en ja } } } }";
const POSTING: &str = "Backend Engineer (Rust / GraphQL)";
const WAIT: Duration = Duration::from_secs(20);

async fn signed_in(test: &TestStack, email: &str) -> (GraphqlClient, e2e::identity::Account) {
    let account = login_as(&test.client, email, users::seed::DEMO_PASSWORD).await;
    (test.as_user(&account.access_token), account)
}

fn subscribe_params(account: &e2e::identity::Account) -> Value {
    json!({"Authorization": format!("Bearer {}", account.access_token)})
}

/// The match of `candidate` as the employer reads it.
async fn employer_sees(
    employer: &GraphqlClient,
    posting: &Value,
    candidate: &str,
) -> Option<Value> {
    let view = employer.data(EMPLOYER_VIEW, json!({"id": posting})).await;
    view["jobPosting"]["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .find(|found| found["candidate"]["id"] == candidate)
        .cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_match_moves_through_its_workflow_on_both_sides() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: true,
            redis: false,
        },
    )
    .await;
    let (employer, employer_account) =
        signed_in(&test, "hiroshi.tanaka@sakura-systems.example.jp").await;
    let (rival, _) = signed_in(&test, "yuki.suzuki@kaizen-mobility.example.jp").await;
    let (candidate, an) = signed_in(&test, "an.nguyen@example.vn").await;
    let (other_candidate, _) = signed_in(&test, "mai.tran@example.vn").await;
    let postings = test
        .client
        .data(
            "{ jobPostings(first: 50) { edges { node { id title } } } }",
            json!({}),
        )
        .await;
    let posting = postings["jobPostings"]["edges"]
        .as_array()
        .expect("postings")
        .iter()
        .find(|edge| edge["node"]["title"] == POSTING)
        .map(|edge| edge["node"]["id"].clone())
        .expect("the seeded posting");
    let found = eventually(20, || employer_sees(&employer, &posting, &an.id))
        .await
        .expect("An's match");
    assert_eq!(found["status"], "GENERATED");
    assert_eq!(found["viewedByCompanyAt"], Value::Null);
    let id = found["id"].clone();
    // The seed's other events are still being scored: wait until both sides' lists settle,
    // so the subscriptions below hear this test's changes only.
    let scores = "query($id: ID!) { jobPosting(id: $id) { matches(first: 50) { id score } } }";
    let mine = "{ recommendedJobs(first: 50) { edges { node { id score } } } }";
    let (theirs, _) = settled(40, || async {
        let theirs = employer.data(scores, json!({"id": posting})).await;
        let own = candidate.data(mine, json!({})).await;
        Some((theirs, own))
    })
    .await
    .expect("the seeded matches settle");
    let total = theirs["jobPosting"]["matches"]
        .as_array()
        .expect("matches")
        .len();
    assert!(total > 2, "{theirs}");

    let bus = &test.stack.subgraphs.bus;
    let listening = bus.local_subscribers();
    let mut employer_updates = WsClient::start_with_params(
        &test.client.websocket_url(),
        subscribe_params(&employer_account),
        EMPLOYER_UPDATES,
        json!({"jobId": posting}),
    )
    .await;
    let mut candidate_updates = WsClient::start_with_params(
        &test.client.websocket_url(),
        subscribe_params(&an),
        CANDIDATE_UPDATES,
        json!({}),
    )
    .await;
    e2e::wait_for_subscribers(bus, listening + 2).await;

    // The employer shortlists; a step back is refused; other people cannot touch it.
    let moved = employer
        .data(SET_STATUS, json!({"id": id, "status": "SHORTLISTED"}))
        .await;
    let moved = &moved["setMatchStatus"];
    assert_eq!(moved["status"], "SHORTLISTED");
    assert!(moved["viewedByCompanyAt"].is_string() && moved["statusChangedAt"].is_string());
    let heard = employer_updates.next_payload(WAIT).await;
    assert_eq!(
        heard["data"]["matchUpdated"]["status"], "SHORTLISTED",
        "{heard}"
    );
    // The candidate hears nothing of it: the company's steps are its own business (their next
    // message, below, is their own answer).
    for (who, client, variables, code) in [
        (
            "the company, a step back",
            &employer,
            json!({"id": id, "status": "VIEWED"}),
            "CONFLICT",
        ),
        (
            "another company",
            &rival,
            json!({"id": id, "status": "REJECTED"}),
            "NOT_FOUND",
        ),
        (
            "the candidate",
            &candidate,
            json!({"id": id, "status": "CONTACTED"}),
            "FORBIDDEN",
        ),
        (
            "anonymous",
            &test.client,
            json!({"id": id, "status": "CONTACTED"}),
            "UNAUTHENTICATED",
        ),
    ] {
        let refused = client.post(SET_STATUS, variables).await;
        assert_eq!(error_code(&refused.body), code, "{who}: {}", refused.body);
    }

    // The candidate answers their own match only.
    let refused = other_candidate
        .post(RESPOND, json!({"id": id, "interested": false}))
        .await;
    assert_eq!(error_code(&refused.body), "NOT_FOUND", "{}", refused.body);
    let answered = candidate
        .data(RESPOND, json!({"id": id, "interested": true}))
        .await;
    let answered = &answered["respondToMatch"];
    assert_eq!(answered["candidateInterest"], "INTERESTED");
    assert_eq!(answered["status"], Value::Null);
    assert!(answered["viewedByCandidateAt"].is_string());
    let heard = employer_updates.next_payload(WAIT).await;
    assert_eq!(
        heard["data"]["matchUpdated"]["candidateInterest"], "INTERESTED",
        "{heard}"
    );
    let heard = candidate_updates.next_payload(WAIT).await;
    assert_eq!(
        heard["data"]["myMatchUpdated"],
        json!({"id": id, "status": null, "candidateInterest": "INTERESTED", "contactedAt": null,
            "statusChangedAt": null, "viewedByCompanyAt": null}),
        "{heard}"
    );

    // The company's pages of the posting's matches: by status, by score, paged.
    let page = |variables: Value| {
        let employer = employer.clone();
        async move { employer.data(PAGE, variables).await["jobPosting"]["matchConnection"].clone() }
    };
    let shortlisted = page(json!({"id": posting, "statuses": ["SHORTLISTED"]})).await;
    assert_eq!(shortlisted["totalCount"], 1);
    assert_eq!(shortlisted["edges"][0]["node"]["id"], id);
    let first_two = page(json!({"id": posting, "first": 2})).await;
    assert_eq!(first_two["totalCount"], total, "{first_two}");
    assert_eq!(first_two["pageInfo"]["hasNextPage"], true);
    let good = page(json!({"id": posting, "minScore": 0.7})).await;
    let scores: Vec<f64> = good["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["score"].as_f64().expect("score"))
        .collect();
    assert!(
        !scores.is_empty() && scores.iter().all(|score| *score >= 0.7),
        "{good}"
    );
    let recent = page(json!({"id": posting, "sort": "RECENT", "first": 1})).await;
    assert_eq!(recent["totalCount"], total);
    let hidden = rival.post(PAGE, json!({"id": posting})).await;
    assert_eq!(error_code(&hidden.body), "", "{}", hidden.body);
    assert!(hidden.body["data"]["jobPosting"]["matchConnection"].is_null());
    let refused = employer
        .post(PAGE, json!({"id": posting, "minScore": 2.0}))
        .await;
    assert_eq!(
        error_code(&refused.body),
        "BAD_USER_INPUT",
        "{}",
        refused.body
    );

    // A rescoring that leaves An with no required skill keeps the worked-on match, its state
    // intact, with its new, lower score.
    let before = employer_sees(&employer, &posting, &an.id)
        .await
        .expect("An's match")["score"]
        .as_f64()
        .expect("score");
    employer
        .data(
            "mutation($id: ID!) { updateJobPosting(id: $id, input: {requiredSkills: [\"cobol\"]}) { id } }",
            json!({"id": posting}),
        )
        .await;
    let kept = eventually(20, || async {
        let found = employer_sees(&employer, &posting, &an.id).await?;
        (found["score"].as_f64()? < before).then_some(found)
    })
    .await
    .expect("the worked-on match, rescored");
    assert_eq!(kept["id"], id);
    assert_eq!(kept["status"], "SHORTLISTED");
    assert_eq!(kept["candidateInterest"], "INTERESTED");
    assert!(kept["viewedByCandidateAt"].is_string());

    // An's Japanese falls to N5, two levels below the posting's N3: a match nobody worked on
    // would go, this one stays in the list and says why it no longer qualifies.
    candidate
        .data(
            "mutation { updateCandidateProfile(input: {languages: [{language: \"ja\", level: N5}]}) { jlptLevel } }",
            json!({}),
        )
        .await;
    let flagged = eventually(20, || async {
        let view = employer.data(RISKS, json!({"id": posting})).await;
        let found = view["jobPosting"]["matches"]
            .as_array()?
            .iter()
            .find(|found| found["candidate"]["id"] == an.id)?
            .clone();
        let risks = found["riskFactors"].as_array()?;
        risks
            .iter()
            .any(|risk| risk["code"] == "FAILS_JAPANESE_GATE")
            .then_some(found)
    })
    .await
    .expect("the worked-on match, flagged as failing the Japanese gate");
    assert_eq!(flagged["status"], "SHORTLISTED");
    let risk = flagged["riskFactors"]
        .as_array()
        .expect("risks")
        .iter()
        .find(|risk| risk["code"] == "FAILS_JAPANESE_GATE")
        .expect("the gate risk");
    assert!(
        risk["en"].as_str().expect("en").contains("N5")
            && risk["ja"].as_str().expect("ja").contains("N3"),
        "{risk}"
    );

    // The company contacts An: the one step of theirs she hears, with its time and nothing
    // else of the company's (the rescorings above reached her first, as score changes).
    let contacted = employer
        .data(SET_STATUS, json!({"id": id, "status": "CONTACTED"}))
        .await;
    assert_eq!(contacted["setMatchStatus"]["status"], "CONTACTED");
    let mut heard = Vec::new();
    let told = loop {
        let payload = candidate_updates.next_payload(WAIT).await;
        let update = payload["data"]["myMatchUpdated"].clone();
        for company_only in ["status", "statusChangedAt", "viewedByCompanyAt"] {
            assert_eq!(
                update[company_only],
                Value::Null,
                "{company_only}: {payload}"
            );
        }
        heard.push(update.clone());
        if update["contactedAt"].is_string() {
            break update;
        }
        assert!(heard.len() < 10, "{heard:?}");
    };
    assert_eq!(told["id"], id);
    let own = candidate
        .data(
            "query($id: ID!) { match(id: $id) { id contactedAt status candidateInterest } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(own["match"]["contactedAt"], told["contactedAt"]);
    assert_eq!(own["match"]["status"], Value::Null);
}
