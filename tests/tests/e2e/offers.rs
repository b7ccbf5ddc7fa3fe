//! Offers through the router: the company's employer makes one on an application in
//! `INTERVIEW` after the visa check (a candidate who cannot lawfully take the job is refused
//! with the findings in English and Japanese; one who can learns the steps: a change of status
//! for a student); recruiters, other companies, other candidates and anonymous callers cannot
//! make or answer it; the candidate declines, gets a second offer (from the HR manager) and
//! accepts: the application
//! is `HIRED` and the posting, its one opening filled, closes. Both storage backends.

use e2e::companies::{add_member, create_company};
use e2e::records::{error_code, jobs_outbox_events};
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually, on_both_backends};
use entities::jobs::job_candidate_facts;
use sea_orm::{Database, EntityTrait};
use serde_json::{Value, json};

const CREATE_POSTING: &str = "mutation($input: CreateJobPostingInput!) {
  createJobPosting(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const UPDATE_PROFILE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { visibility } }"#;
const APPLY: &str = "mutation($job: ID!) { applyToJob(input: {jobId: $job}) { id } }";
const MOVE: &str = "mutation($id: ID!) {
  moveApplication(id: $id, input: {to: INTERVIEW}) { status } }";
const OFFER: &str = "mutation($id: ID!, $input: MakeOfferInput!) {
  makeOffer(applicationId: $id, input: $input) {
    id status statusOfResidence visaSteps salary findings { code severity } } }";
const ACCEPT: &str = "mutation($id: ID!) { acceptOffer(id: $id, message: \"Happy to join!\") {
  status answeredAt responseMessage } }";
const DECLINE: &str = "mutation($id: ID!) { declineOffer(id: $id) { status } }";
const APPLICATION: &str = "query($id: ID!) { application(id: $id) {
  status closedAt offers { status visaSteps } history { to actor } } }";
const POSTING: &str = "query($id: ID!) { jobPosting(id: $id) { status headcount hiredCount } }";

fn posting(company: &str) -> Value {
    json!({
        "companyId": company,
        "title": "Backend Engineer", "titleJa": "バックエンドエンジニア",
        "description": "Build and run our payment APIs in Rust.",
        "jobCategory": "software_engineering", "education": "BACHELOR",
        "location": "Shibuya, Tokyo", "prefecture": "東京都",
        "salaryMin": 5000000, "salaryMax": 8000000, "salaryPeriod": "YEARLY",
        "requiredSkills": ["Rust"], "visaSponsorship": true, "headcount": 1,
        "supportedVisaTypes": ["engineer_humanities_international"],
    })
}

/// A candidate holding `status`, once the jobs subgraph knows it.
async fn candidate(test: &TestStack, email: &str, status: &str) -> (GraphqlClient, String) {
    let account = test.signed_up(email, "CANDIDATE").await;
    let client = test.as_user(&account.access_token);
    client
        .data(
            UPDATE_PROFILE,
            json!({"input": {"nationality": "VN", "visaStatus": status, "yearsExperience": 4,
                "technicalSkills": ["Rust"]}}),
        )
        .await;
    let db = Database::connect(test.jobs_db())
        .await
        .expect("jobs database");
    let id = uuid::Uuid::parse_str(&account.id).expect("id");
    let known = eventually(20, || async {
        job_candidate_facts::Entity::find_by_id(id)
            .one(&db)
            .await
            .ok()
            .flatten()
            .filter(|facts| facts.visa_status.as_deref() == Some(status))
    })
    .await;
    assert!(known.is_some(), "the candidate's status did not reach jobs");
    let _ = db.close().await;
    (client, account.id)
}

fn terms(status: &str) -> Value {
    json!({"salary": 6500000, "startDate": "2030-04-01", "statusOfResidence": status,
        "message": "We would love you to join."})
}

async fn an_offer_is_checked_answered_and_fills_the_posting(backend: Backend) {
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
    let company = create_company(test.jobs_db(), &as_owner, &owner.id, "Sakura").await;
    let recruiter = test
        .signed_up("recruiter@sakura.example.jp", "RECRUITER")
        .await;
    add_member(&test, &as_owner, &company, &recruiter.id, "RECRUITER").await;
    let as_recruiter = test.as_user(&recruiter.access_token);
    let hr = test.signed_up("hr@sakura.example.jp", "EMPLOYER").await;
    add_member(&test, &as_owner, &company, &hr.id, "HR_MANAGER").await;
    let as_hr = test.as_user(&hr.access_token);
    let rival = test.signed_up("rival@kaizen.example.jp", "EMPLOYER").await;
    let as_rival = test.as_user(&rival.access_token);
    let job = as_owner
        .data(CREATE_POSTING, json!({"input": posting(&company)}))
        .await["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    as_owner.data(PUBLISH, json!({"id": job})).await;

    let (student, _) = candidate(&test, "an@example.vn", "student").await;
    let (intern, _) = candidate(&test, "minh@example.vn", "technical_intern_training").await;
    let apply = |client: &GraphqlClient| {
        let client = client.clone();
        let job = job.clone();
        async move {
            client.data(APPLY, json!({"job": job})).await["applyToJob"]["id"]
                .as_str()
                .expect("application id")
                .to_owned()
        }
    };
    let hired = apply(&student).await;
    let refused_one = apply(&intern).await;

    // Not before the interview, not by a recruiter, not by another company.
    let early = as_owner
        .post(
            OFFER,
            json!({"id": hired, "input": terms("engineer_humanities_international")}),
        )
        .await;
    assert_eq!(error_code(&early.body), "CONFLICT", "{}", early.body);
    for id in [&hired, &refused_one] {
        as_recruiter.data(MOVE, json!({"id": id})).await;
    }
    let by_recruiter = as_recruiter
        .post(
            OFFER,
            json!({"id": hired, "input": terms("engineer_humanities_international")}),
        )
        .await;
    assert_eq!(
        error_code(&by_recruiter.body),
        "FORBIDDEN",
        "{}",
        by_recruiter.body
    );
    let by_rival = as_rival
        .post(
            OFFER,
            json!({"id": hired, "input": terms("engineer_humanities_international")}),
        )
        .await;
    assert_eq!(error_code(&by_rival.body), "NOT_FOUND", "{}", by_rival.body);
    let unknown_status = as_owner
        .post(OFFER, json!({"id": hired, "input": terms("astronaut")}))
        .await;
    assert_eq!(error_code(&unknown_status.body), "BAD_USER_INPUT");

    // A technical intern cannot be hired through a posting: refused, in both languages.
    let unlawful = as_owner
        .post(
            OFFER,
            json!({"id": refused_one, "input": terms("engineer_humanities_international")}),
        )
        .await;
    assert_eq!(
        error_code(&unlawful.body),
        "COMPLIANCE_FAILED",
        "{}",
        unlawful.body
    );
    let findings = &unlawful.body["errors"][0]["extensions"]["findings"];
    let intern_finding = findings
        .as_array()
        .into_iter()
        .flatten()
        .find(|finding| finding["code"] == "TECHNICAL_INTERN_NOT_HIREABLE")
        .expect("the intern finding");
    assert!(
        intern_finding["messageJa"]
            .as_str()
            .is_some_and(|text| !text.is_ascii())
    );
    // Below the minimum wage, for anyone.
    let mut low = terms("engineer_humanities_international");
    low["salary"] = json!(900000);
    let underpaid = as_owner
        .post(OFFER, json!({"id": hired, "input": low}))
        .await;
    assert_eq!(
        error_code(&underpaid.body),
        "COMPLIANCE_FAILED",
        "{}",
        underpaid.body
    );

    // The student can take it with a change of status.
    let first = as_owner
        .data(
            OFFER,
            json!({"id": hired, "input": terms("engineer_humanities_international")}),
        )
        .await["makeOffer"]
        .clone();
    assert_eq!(first["status"], "PENDING");
    assert_eq!(first["visaSteps"], json!(["CHANGE_OF_STATUS"]));
    let first_id = first["id"].as_str().expect("offer id").to_owned();
    let twice = as_owner
        .post(
            OFFER,
            json!({"id": hired, "input": terms("engineer_humanities_international")}),
        )
        .await;
    assert_eq!(error_code(&twice.body), "CONFLICT", "{}", twice.body);

    // Only the candidate answers it.
    for outsider in [&intern, &as_owner, &as_rival] {
        let reply = outsider.post(ACCEPT, json!({"id": first_id})).await;
        assert_eq!(error_code(&reply.body), "NOT_FOUND", "{}", reply.body);
    }
    let reply = test.client.post(ACCEPT, json!({"id": first_id})).await;
    assert_eq!(error_code(&reply.body), "UNAUTHENTICATED");
    let declined = student.data(DECLINE, json!({"id": first_id})).await;
    assert_eq!(declined["declineOffer"]["status"], "DECLINED");
    let again = student.post(ACCEPT, json!({"id": first_id})).await;
    assert_eq!(error_code(&again.body), "CONFLICT");

    // A better offer, from the HR manager, accepted: hired, and the one opening is filled.
    let mut better = terms("engineer_humanities_international");
    better["salary"] = json!(7000000);
    let second = as_hr
        .data(OFFER, json!({"id": hired, "input": better}))
        .await;
    assert_eq!(second["makeOffer"]["status"], "PENDING", "{second}");
    let second_id = second["makeOffer"]["id"].as_str().expect("id").to_owned();
    let accepted = student.data(ACCEPT, json!({"id": second_id})).await;
    assert_eq!(accepted["acceptOffer"]["status"], "ACCEPTED");
    assert_eq!(accepted["acceptOffer"]["responseMessage"], "Happy to join!");
    let application = student.data(APPLICATION, json!({"id": hired})).await;
    let application = &application["application"];
    assert_eq!(application["status"], "HIRED");
    assert!(application["closedAt"].is_string());
    assert_eq!(application["offers"].as_array().map(Vec::len), Some(2));
    let steps: Vec<&str> = application["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|step| step["to"].as_str())
        .collect();
    assert_eq!(steps, ["SUBMITTED", "INTERVIEW", "OFFER", "HIRED"]);
    let posting = as_owner.data(POSTING, json!({"id": job})).await;
    assert_eq!(
        posting["jobPosting"],
        json!({"status": "CLOSED", "headcount": 1, "hiredCount": 1})
    );
    let outside = as_rival.data(POSTING, json!({"id": job})).await;
    assert!(outside["jobPosting"]["hiredCount"].is_null());

    assert_eq!(jobs_outbox_events(&test, "offer.made").await.len(), 2);
    assert_eq!(jobs_outbox_events(&test, "offer.answered").await.len(), 2);
    assert_eq!(jobs_outbox_events(&test, "job.closed").await.len(), 1);
}

on_both_backends!(an_offer_is_checked_answered_and_fills_the_posting);

const VIEW: &str = "mutation($id: ID!, $source: ApplicationSource) {
  recordJobPostingView(jobId: $id, source: $source) }";
const APPLY_FROM: &str = "mutation($job: ID!, $source: ApplicationSource!) {
  applyToJob(input: {jobId: $job, source: $source}) { id } }";
const REJECT: &str = "mutation($id: ID!) {
  moveApplication(id: $id, input: {to: REJECTED, reason: SKILLS_MISMATCH}) { status } }";
const REPORT: &str = "query($id: ID!, $from: NaiveDate!, $to: NaiveDate!) { jobPosting(id: $id) {
  company { analytics(from: $from, to: $to) { applications funnel { hired } } }
  analytics(from: $from, to: $to) {
    views applications
    funnel { applied screened interviewed offered hired rejected withdrawn }
    conversion { viewToApplication applicationToScreening interviewToOffer offerToHire }
    averageHoursToFirstResponse averageDaysToHire
    sources { source views applications } } } }";

/// The funnel of one posting, as its employer and HR manager read it and nobody else does:
/// views counted once per viewer a day (anonymous ones too), applications by source, each
/// step reached, conversion and times, per posting and per company.
async fn the_funnel_is_counted_for_those_allowed_to_read_it(backend: Backend) {
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
    let company = create_company(test.jobs_db(), &as_owner, &owner.id, "Sakura").await;
    let hr = test.signed_up("hr@sakura.example.jp", "EMPLOYER").await;
    let recruiter = test
        .signed_up("recruiter@sakura.example.jp", "RECRUITER")
        .await;
    add_member(&test, &as_owner, &company, &hr.id, "HR_MANAGER").await;
    add_member(&test, &as_owner, &company, &recruiter.id, "RECRUITER").await;
    let rival = test.signed_up("rival@kaizen.example.jp", "EMPLOYER").await;
    let job = as_owner
        .data(CREATE_POSTING, json!({"input": posting(&company)}))
        .await["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    as_owner.data(PUBLISH, json!({"id": job})).await;
    let (an, _) = candidate(&test, "an@example.vn", "permanent_resident").await;
    let (minh, _) = candidate(&test, "minh@example.vn", "permanent_resident").await;

    // Views: an anonymous visitor twice (counted once), two candidates from search.
    let first = test.client.data(VIEW, json!({"id": job})).await;
    assert_eq!(first["recordJobPostingView"], true);
    let again = test.client.data(VIEW, json!({"id": job})).await;
    assert_eq!(again["recordJobPostingView"], false);
    for viewer in [&an, &minh] {
        viewer
            .data(VIEW, json!({"id": job, "source": "SEARCH"}))
            .await;
    }
    let unknown = test
        .client
        .post(VIEW, json!({"id": "0193b4c8-0000-7000-8000-000000000000"}))
        .await;
    assert_eq!(error_code(&unknown.body), "NOT_FOUND");

    // An applies from search and is hired; Minh, from a recommendation, is turned down.
    let hired = an
        .data(APPLY_FROM, json!({"job": job, "source": "SEARCH"}))
        .await["applyToJob"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let turned_down = minh
        .data(APPLY_FROM, json!({"job": job, "source": "RECOMMENDATION"}))
        .await["applyToJob"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    as_owner.data(MOVE, json!({"id": hired})).await;
    as_owner.data(REJECT, json!({"id": turned_down})).await;
    let offer = as_owner
        .data(
            OFFER,
            json!({"id": hired, "input": terms("permanent_resident")}),
        )
        .await;
    assert_eq!(offer["makeOffer"]["visaSteps"], json!([]));
    an.data(ACCEPT, json!({"id": offer["makeOffer"]["id"]}))
        .await;

    let today = chrono::Utc::now().date_naive();
    let range = json!({"id": job, "from": today.pred_opt().expect("yesterday"), "to": today});
    for reader in [&as_owner, &test.as_user(&hr.access_token)] {
        let report = reader.data(REPORT, range.clone()).await;
        let analytics = &report["jobPosting"]["analytics"];
        assert_eq!(analytics["views"], 3, "{report}");
        assert_eq!(analytics["applications"], 2);
        assert_eq!(
            analytics["funnel"],
            json!({"applied": 2, "screened": 1, "interviewed": 1, "offered": 1, "hired": 1,
                "rejected": 1, "withdrawn": 0})
        );
        let conversion = &analytics["conversion"];
        assert!((conversion["viewToApplication"].as_f64().unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(conversion["applicationToScreening"], 0.5);
        assert_eq!(conversion["offerToHire"], 1.0);
        assert!(analytics["averageHoursToFirstResponse"].is_number());
        assert!(analytics["averageDaysToHire"].is_number());
        assert_eq!(
            analytics["sources"],
            json!([
                {"source": "SEARCH", "views": 2, "applications": 1},
                {"source": "RECOMMENDATION", "views": 0, "applications": 1},
                {"source": "DIRECT_LINK", "views": 1, "applications": 0},
            ])
        );
        assert_eq!(
            report["jobPosting"]["company"]["analytics"],
            json!({"applications": 2, "funnel": {"hired": 1}})
        );
    }
    for outsider in [
        test.as_user(&recruiter.access_token),
        test.as_user(&rival.access_token),
        an.clone(),
    ] {
        // Null without an error: a list of postings keeps the rest.
        let refused = outsider.post(REPORT, range.clone()).await;
        assert_eq!(error_code(&refused.body), "", "{}", refused.body);
        assert!(refused.body["data"]["jobPosting"]["analytics"].is_null());
        assert!(refused.body["data"]["jobPosting"]["company"]["analytics"].is_null());
    }
    let anonymous = test.client.post(REPORT, range).await;
    assert_eq!(error_code(&anonymous.body), "UNAUTHENTICATED");
    let too_long = as_owner
        .post(
            REPORT,
            json!({"id": job, "from": "2025-01-01", "to": today}),
        )
        .await;
    assert_eq!(error_code(&too_long.body), "BAD_USER_INPUT");
}

on_both_backends!(the_funnel_is_counted_for_those_allowed_to_read_it);
