//! Applications through the router, as every kind of caller: the candidate applies (answers to
//! the screening questions checked, a second open application refused), reads their own list
//! and history (messages for them, never the company's notes), withdraws and applies again;
//! each member role of a verified company lists a posting's applications with the candidate
//! (users) and the match (matching) in one query, moves them forward, rejects with a reason
//! the candidate reads in their language, and rejects in bulk; another company's employer and
//! anonymous callers see nothing and move nothing. Applying shares the candidate's private
//! fields with the company and withdrawing takes them back; a closed posting keeps its
//! applications readable; a deleted account withdraws its open ones.

use e2e::companies::{HiringCompany, hiring_company};
use e2e::identity::with_admin;
use e2e::records::{error_code, jobs_outbox_events};
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually, on_both_backends};
use serde_json::{Value, json};
use uuid::Uuid;

const APPLY: &str = "mutation($input: ApplyToJobInput!) { applyToJob(input: $input) {
  id status source language isOpen answers { questionId kind prompt answer } } }";
const WITHDRAW: &str =
    "mutation($id: ID!) { withdrawApplication(id: $id, message: \"Found another job\") {
  status isOpen closedAt } }";
const MOVE: &str = "mutation($id: ID!, $input: MoveApplicationInput!) {
  moveApplication(id: $id, input: $input) { status firstResponseAt } }";
const BULK: &str = "mutation($ids: [ID!]!, $input: MoveApplicationInput!) {
  moveApplications(ids: $ids, input: $input) { moved { id status } refused { applicationId code } } }";
const MINE: &str = "{ myApplications(first: 10) { totalCount edges { node {
  id status job { id title status } rejection { reason explanation message }
  history { from to actor actorId message note } } } } }";
const LIST: &str = "query($id: ID!, $statuses: [ApplicationStatus!], $order: ApplicationOrder) {
  jobPosting(id: $id) { applications(first: 50, statuses: $statuses, order: $order) {
    totalCount edges { node { id status coverLetter matchScore
      candidate { id candidateProfile { nationality } }
      history { to note actorId } } } } } }";
const ONE: &str = "query($id: ID!) { application(id: $id) { id status } }";
const PERSON: &str =
    "query($id: ID!) { user(id: $id) { candidateProfile { disclosed nationality } } }";
const CREATE_POSTING: &str = "mutation($input: CreateJobPostingInput!) {
  createJobPosting(input: $input) { id screeningQuestions { id kind required options } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const CLOSE: &str = "mutation($id: ID!) { closeJobPosting(id: $id) { status } }";
const UPDATE_PROFILE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { visibility } }"#;
const DELETE: &str = "mutation($password: String!) { deleteMyAccount(password: $password) }";

fn posting(company: &str) -> Value {
    json!({
        "companyId": company,
        "title": "Backend Engineer", "titleJa": "バックエンドエンジニア",
        "description": "Build and run our payment APIs in Rust on AWS, with PostgreSQL.",
        "jobCategory": "software_engineering",
        "location": "Shibuya, Tokyo", "prefecture": "東京都",
        "employmentType": "FULL_TIME", "remoteOption": "HYBRID",
        "salaryMin": 6000000, "salaryMax": 8000000, "salaryPeriod": "YEARLY",
        "requiredSkills": ["Rust", "PostgreSQL"], "minExperienceYears": 3,
        "jlptRequired": "N3", "visaSponsorship": true, "education": "BACHELOR",
        "supportedVisaTypes": ["engineer_humanities_international"],
        "screeningQuestions": [
            {"kind": "YES_NO", "prompt": "Do you live in Japan now?"},
            {"kind": "CHOICE", "prompt": "Your Japanese level?", "options": ["N1", "N2", "N3"]},
            {"kind": "SHORT_TEXT", "prompt": "Anything else?", "required": false},
        ],
    })
}

/// A candidate with a profile whose private field (`nationality`) companies read only when
/// disclosed.
async fn candidate(test: &TestStack, email: &str) -> (GraphqlClient, String) {
    let account = test.signed_up(email, "CANDIDATE").await;
    let client = test.as_user(&account.access_token);
    client
        .data(
            UPDATE_PROFILE,
            json!({"input": {
                "nationality": "VN", "currentCountry": "JP",
                "visaStatus": "engineer_humanities_international", "workAuthorization": true,
                "yearsExperience": 5, "languages": [{"language": "ja", "level": "N2"}],
                "technicalSkills": ["Rust", "PostgreSQL"],
            }}),
        )
        .await;
    (client, account.id)
}

/// The answers the posting's questions ask for.
fn answers(questions: &Value) -> Value {
    json!([
        {"questionId": questions[0]["id"], "yes": true},
        {"questionId": questions[1]["id"], "choice": "n2"},
    ])
}

fn nodes(list: &Value) -> Vec<Value> {
    list["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|edge| edge["node"].clone()).collect())
        .unwrap_or_default()
}

/// What `client` reads of the candidate's nationality (null when not disclosed to them).
async fn nationality(client: &GraphqlClient, candidate: &str) -> Value {
    let data = client.data(PERSON, json!({"id": candidate})).await;
    data["user"]["candidateProfile"]["nationality"].clone()
}

async fn applications_move_through_the_pipeline(backend: Backend) {
    let test = TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await;
    let admin = test.admin().await;
    let anonymous = test.client.clone();

    // A verified company with an employer, an HR manager and a recruiter.
    let HiringCompany {
        id: company,
        as_owner,
        as_hr,
        as_recruiter,
        recruiter_id,
    } = hiring_company(&test, &admin).await;
    let rival = test.signed_up("rival@kaizen.example.jp", "EMPLOYER").await;
    let as_rival = test.as_user(&rival.access_token);

    let created = as_owner
        .data(CREATE_POSTING, json!({"input": posting(&company)}))
        .await["createJobPosting"]
        .clone();
    let job = created["id"].as_str().expect("posting id").to_owned();
    let questions = created["screeningQuestions"].clone();
    assert_eq!(questions.as_array().map(Vec::len), Some(3), "{created}");
    assert_eq!(questions[1]["options"], json!(["N1", "N2", "N3"]));
    as_owner.data(PUBLISH, json!({"id": job})).await;

    let (seeker, seeker_id) = candidate(&test, "an@example.vn").await;
    assert_eq!(nationality(&as_owner, &seeker_id).await, Value::Null);

    // Who may apply, and with what.
    let input = |extra: Value| {
        let mut input = json!({"jobId": job, "answers": answers(&questions),
            "coverLetter": "I build payment systems in Rust.", "source": "SEARCH"});
        if let (Some(input), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
            input.extend(extra.clone());
        }
        json!({"input": input})
    };
    let refused = anonymous.post(APPLY, input(json!({}))).await;
    assert_eq!(
        error_code(&refused.body),
        "UNAUTHENTICATED",
        "{}",
        refused.body
    );
    let refused = as_owner.post(APPLY, input(json!({}))).await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN", "{}", refused.body);
    let unanswered = seeker.post(APPLY, input(json!({"answers": []}))).await;
    assert_eq!(
        error_code(&unanswered.body),
        "BAD_USER_INPUT",
        "{}",
        unanswered.body
    );
    assert_eq!(
        unanswered.body["errors"][0]["extensions"]["field"],
        "answers"
    );
    let wrong_choice = seeker
        .post(
            APPLY,
            input(json!({"answers": [
                {"questionId": questions[0]["id"], "yes": true},
                {"questionId": questions[1]["id"], "choice": "N5"}]})),
        )
        .await;
    assert_eq!(error_code(&wrong_choice.body), "BAD_USER_INPUT");
    let too_long = seeker
        .post(APPLY, input(json!({"coverLetter": "x".repeat(5_001)})))
        .await;
    assert_eq!(error_code(&too_long.body), "BAD_USER_INPUT");
    assert_eq!(
        too_long.body["errors"][0]["extensions"]["field"],
        "coverLetter"
    );

    let applied = seeker.data(APPLY, input(json!({}))).await["applyToJob"].clone();
    let application = applied["id"].as_str().expect("application id").to_owned();
    assert_eq!(applied["status"], "SUBMITTED");
    assert_eq!(applied["source"], "SEARCH");
    assert_eq!(applied["answers"][1]["answer"], "N2", "{applied}");
    assert_eq!(applied["answers"][0]["prompt"], "Do you live in Japan now?");
    let twice = seeker.post(APPLY, input(json!({}))).await;
    assert_eq!(error_code(&twice.body), "CONFLICT", "{}", twice.body);

    // Applying shares the private fields with this verified company, not with others.
    let shared = eventually(20, || async {
        (nationality(&as_owner, &seeker_id).await == "VN").then_some(())
    })
    .await;
    assert!(
        shared.is_some(),
        "the application did not disclose the profile"
    );
    assert_eq!(nationality(&as_rival, &seeker_id).await, Value::Null);

    // Every member role lists it with the candidate from users, in one query.
    for member in [&as_owner, &as_hr, &as_recruiter] {
        let list = member.data(LIST, json!({"id": job})).await;
        let list = &list["jobPosting"]["applications"];
        assert_eq!(list["totalCount"], 1, "{list}");
        let node = &nodes(list)[0];
        assert_eq!(node["candidate"]["id"], seeker_id.as_str());
        assert_eq!(node["candidate"]["candidateProfile"]["nationality"], "VN");
        assert_eq!(node["coverLetter"], "I build payment systems in Rust.");
    }
    // Outsiders read null: signed in without an error, signed out told to sign in.
    for (outsider, code) in [
        (&as_rival, ""),
        (&seeker, ""),
        (&anonymous, "UNAUTHENTICATED"),
    ] {
        let reply = outsider.post(LIST, json!({"id": job})).await;
        assert_eq!(error_code(&reply.body), code, "{}", reply.body);
        assert!(reply.body["data"]["jobPosting"]["applications"].is_null());
    }
    for outsider in [&as_rival, &anonymous] {
        let one = outsider.post(ONE, json!({"id": application})).await;
        assert!(one.body["data"]["application"].is_null(), "{}", one.body);
    }
    let own = seeker.data(ONE, json!({"id": application})).await;
    assert_eq!(own["application"]["status"], "SUBMITTED");

    // The recruiter screens it, with a note for the company and a message for the candidate.
    let screening = json!({"id": application, "input": {"to": "SCREENING",
        "note": "Strong Rust background", "message": "Thank you, we are reviewing it."}});
    let moved = as_recruiter.data(MOVE, screening.clone()).await;
    assert_eq!(moved["moveApplication"]["status"], "SCREENING");
    assert!(moved["moveApplication"]["firstResponseAt"].is_string());
    let again = as_hr.post(MOVE, screening).await;
    assert_eq!(error_code(&again.body), "CONFLICT", "{}", again.body);
    let offer_by_hand = as_hr
        .post(MOVE, json!({"id": application, "input": {"to": "OFFER"}}))
        .await;
    assert_eq!(error_code(&offer_by_hand.body), "BAD_USER_INPUT");
    let reason_without_rejection = as_hr
        .post(
            MOVE,
            json!({"id": application, "input": {"to": "INTERVIEW", "reason": "OTHER"}}),
        )
        .await;
    assert_eq!(error_code(&reason_without_rejection.body), "BAD_USER_INPUT");
    let by_rival = as_rival
        .post(
            MOVE,
            json!({"id": application, "input": {"to": "INTERVIEW"}}),
        )
        .await;
    assert_eq!(error_code(&by_rival.body), "NOT_FOUND", "{}", by_rival.body);
    let by_candidate = seeker
        .post(
            MOVE,
            json!({"id": application, "input": {"to": "INTERVIEW"}}),
        )
        .await;
    assert_eq!(error_code(&by_candidate.body), "NOT_FOUND");
    as_owner
        .data(
            MOVE,
            json!({"id": application, "input": {"to": "INTERVIEW"}}),
        )
        .await;
    let backwards = as_owner
        .post(
            MOVE,
            json!({"id": application, "input": {"to": "SCREENING"}}),
        )
        .await;
    assert_eq!(error_code(&backwards.body), "CONFLICT");

    // The company reads its note and who moved it; the candidate reads the message only.
    let list = as_owner.data(LIST, json!({"id": job})).await;
    let history = nodes(&list["jobPosting"]["applications"])[0]["history"].clone();
    assert_eq!(history[1]["note"], "Strong Rust background", "{history}");
    assert_eq!(history[1]["actorId"], recruiter_id.as_str());
    let mine = seeker.data(MINE, json!({})).await;
    let own = &nodes(&mine["myApplications"])[0];
    assert_eq!(own["status"], "INTERVIEW");
    let steps = own["history"].as_array().expect("history");
    assert_eq!(steps.len(), 3, "{own}");
    assert_eq!(steps[1]["message"], "Thank you, we are reviewing it.");
    assert!(steps.iter().all(|step| step["note"].is_null()), "{own}");
    assert!(steps[1]["actorId"].is_null(), "{own}");
    assert_eq!(steps[0]["actor"], "CANDIDATE");
    assert_eq!(steps[0]["actorId"], seeker_id.as_str());

    // Withdrawing takes the fields back; applying again opens a new application.
    let withdrawn = seeker.data(WITHDRAW, json!({"id": application})).await;
    assert_eq!(withdrawn["withdrawApplication"]["status"], "WITHDRAWN");
    assert_eq!(withdrawn["withdrawApplication"]["isOpen"], false);
    let twice = seeker.post(WITHDRAW, json!({"id": application})).await;
    assert_eq!(error_code(&twice.body), "CONFLICT");
    let hidden = eventually(20, || async {
        nationality(&as_owner, &seeker_id)
            .await
            .is_null()
            .then_some(())
    })
    .await;
    assert!(
        hidden.is_some(),
        "withdrawing did not take the profile back"
    );
    let reapplied =
        seeker.data(APPLY, input(json!({"language": "JA"}))).await["applyToJob"].clone();
    assert_eq!(reapplied["status"], "SUBMITTED");
    assert_eq!(reapplied["language"], "JA");
    let second = reapplied["id"].as_str().expect("id").to_owned();

    // Two more candidates; the company rejects all three at once, with one reason.
    let (other, other_id) = candidate(&test, "minh@example.vn").await;
    let third = candidate(&test, "linh@example.vn").await;
    let other_application = other.data(APPLY, input(json!({}))).await["applyToJob"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let third_application = third.0.data(APPLY, input(json!({}))).await["applyToJob"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let submitted = as_hr
        .data(
            LIST,
            json!({"id": job, "statuses": ["SUBMITTED"], "order": "OLDEST"}),
        )
        .await;
    assert_eq!(submitted["jobPosting"]["applications"]["totalCount"], 3);
    let unknown = "0193b4c8-0000-7000-8000-000000000000";
    let bulk = as_hr
        .data(
            BULK,
            json!({"ids": [second, other_application, third_application, application, unknown],
                "input": {"to": "REJECTED", "reason": "POSITION_FILLED",
                    "message": "採用枠が埋まりました。"}}),
        )
        .await;
    let moved = bulk["moveApplications"]["moved"].as_array().expect("moved");
    assert_eq!(moved.len(), 3, "{bulk}");
    assert!(moved.iter().all(|node| node["status"] == "REJECTED"));
    let refused = &bulk["moveApplications"]["refused"];
    assert_eq!(refused[0]["applicationId"], application.as_str());
    assert_eq!(refused[0]["code"], "CONFLICT");
    assert_eq!(refused[1]["code"], "NOT_FOUND");
    let by_rival = as_rival
        .data(BULK, json!({"ids": [second], "input": {"to": "SCREENING"}}))
        .await;
    assert_eq!(
        by_rival["moveApplications"]["refused"][0]["code"],
        "NOT_FOUND"
    );
    let too_many: Vec<String> = (0..101).map(|_| unknown.to_owned()).collect();
    let refused = as_hr
        .post(BULK, json!({"ids": too_many, "input": {"to": "SCREENING"}}))
        .await;
    assert_eq!(error_code(&refused.body), "BAD_USER_INPUT");

    // The candidate reads the reason in the language they applied in.
    let mine = seeker.data(MINE, json!({})).await;
    let latest = &nodes(&mine["myApplications"])[0];
    assert_eq!(latest["rejection"]["reason"], "POSITION_FILLED", "{latest}");
    assert_eq!(
        latest["rejection"]["explanation"],
        "この求人の採用枠は埋まりました。"
    );
    assert_eq!(latest["rejection"]["message"], "採用枠が埋まりました。");
    assert_eq!(mine["myApplications"]["totalCount"], 2);

    // A closed posting takes no more applications and keeps these readable.
    as_owner.data(CLOSE, json!({"id": job})).await;
    let late = other.post(APPLY, input(json!({}))).await;
    assert_eq!(error_code(&late.body), "CONFLICT", "{}", late.body);
    let mine = other.data(MINE, json!({})).await;
    assert_eq!(nodes(&mine["myApplications"])[0]["job"]["status"], "CLOSED");
    let list = as_recruiter
        .data(LIST, json!({"id": job, "statuses": ["REJECTED"]}))
        .await;
    assert_eq!(list["jobPosting"]["applications"]["totalCount"], 3);

    // Every change went through the outbox.
    assert_eq!(
        jobs_outbox_events(&test, "application.submitted")
            .await
            .len(),
        4
    );
    let changes = jobs_outbox_events(&test, "application.status_changed").await;
    assert_eq!(changes.len(), 6, "{changes:?}");
    assert!(other_id != seeker_id);
}

on_both_backends!(applications_move_through_the_pipeline);

/// Deleting an account withdraws its open applications (the platform acts), and the company
/// sees it.
async fn a_deleted_account_withdraws_its_applications(backend: Backend) {
    let test = TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await;
    let owner = test.signed_up("owner@hikari.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let company =
        e2e::companies::create_company(test.jobs_db(), &as_owner, &owner.id, "Hikari").await;
    let created = as_owner
        .data(CREATE_POSTING, json!({"input": posting(&company)}))
        .await["createJobPosting"]
        .clone();
    let job = created["id"].as_str().expect("posting id").to_owned();
    as_owner.data(PUBLISH, json!({"id": job})).await;
    let (seeker, _) = candidate(&test, "an@example.vn").await;
    let applied = seeker
        .data(
            APPLY,
            json!({"input": {"jobId": job, "answers": answers(&created["screeningQuestions"])}}),
        )
        .await;
    assert_eq!(applied["applyToJob"]["status"], "SUBMITTED");
    let deleted = seeker
        .data(DELETE, json!({"password": e2e::identity::PASSWORD}))
        .await;
    assert_eq!(deleted["deleteMyAccount"], true);
    let withdrawn = eventually(20, || async {
        let list = as_owner.data(LIST, json!({"id": job})).await;
        let node = nodes(&list["jobPosting"]["applications"]).first()?.clone();
        (node["status"] == "WITHDRAWN").then_some(node)
    })
    .await
    .expect("the application was withdrawn");
    let steps = withdrawn["history"].as_array().expect("history");
    assert_eq!(steps.len(), 2, "{withdrawn}");
}

on_both_backends!(a_deleted_account_withdraws_its_applications);

const RECOMMENDED: &str =
    "{ recommendedJobs(first: 10) { edges { node { id job { id } candidateInterest } } } }";
const OWN_MATCH: &str = "query($id: ID!) { match(id: $id) { id candidateInterest } }";
const FROM_MATCH: &str = "mutation($job: ID!, $match: ID!, $answers: [ScreeningAnswerInput!]!) {
  applyToJob(input: {jobId: $job, matchId: $match, answers: $answers}) {
    id source match { id } } }";

/// Applying from a recommended match is one step: the application says where it came from
/// and the match records the candidate's "interested".
async fn applying_from_a_match_answers_it(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let owner = test.signed_up("owner@sakura.example.jp", "EMPLOYER").await;
    let as_owner = test.as_user(&owner.access_token);
    let company =
        e2e::companies::create_company(test.jobs_db(), &as_owner, &owner.id, "Sakura").await;
    let created = as_owner
        .data(CREATE_POSTING, json!({"input": posting(&company)}))
        .await["createJobPosting"]
        .clone();
    let job = created["id"].as_str().expect("posting id").to_owned();
    as_owner.data(PUBLISH, json!({"id": job})).await;
    let (seeker, _) = candidate(&test, "an@example.vn").await;
    let matched = eventually(30, || async {
        let data = seeker.data(RECOMMENDED, json!({})).await;
        data["recommendedJobs"]["edges"]
            .as_array()?
            .iter()
            .find(|edge| edge["node"]["job"]["id"] == job.as_str())
            .and_then(|edge| edge["node"]["id"].as_str().map(str::to_owned))
    })
    .await
    .expect("the candidate's match");
    let applied = seeker
        .data(
            FROM_MATCH,
            json!({"job": job, "match": matched, "answers": answers(&created["screeningQuestions"])}),
        )
        .await;
    assert_eq!(applied["applyToJob"]["source"], "RECOMMENDATION");
    let answered = eventually(20, || async {
        let data = seeker.data(OWN_MATCH, json!({"id": matched})).await;
        (data["match"]["candidateInterest"] == "INTERESTED").then_some(())
    })
    .await;
    assert!(
        answered.is_some(),
        "the match did not record the application as interest"
    );
    let other = Uuid::now_v7().to_string();
    let wrong = seeker
        .post(
            FROM_MATCH,
            json!({"job": job, "match": other, "answers": answers(&created["screeningQuestions"])}),
        )
        .await;
    assert!(
        matches!(error_code(&wrong.body), "BAD_USER_INPUT" | "CONFLICT"),
        "{}",
        wrong.body
    );
}

on_both_backends!(applying_from_a_match_answers_it);
