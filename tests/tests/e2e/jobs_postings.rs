//! A posting, whole, through the router: every field a candidate decides on, edits checked
//! whole (all problems at once) and announced as `job.updated`, deletion of drafts only, the
//! compliance check that blocks publishing (`COMPLIANCE_FAILED` with its findings), the
//! candidate-vs-posting visa check, closing at the application deadline — also after a
//! restart — and the audit trail of it all.

use e2e::GraphqlClient;
use e2e::companies::create_company;
use e2e::identity::with_admin;
use e2e::records::{error_code, error_fields, jobs_outbox_events};
use e2e::{Backend, Options, TestStack, eventually, on_both_backends};
use serde_json::{Value, json};

fn options() -> Options {
    Options {
        seed: false,
        redis: false,
    }
}

const CREATE: &str =
    "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id status } }";
const UPDATE: &str = "mutation($id: ID!, $input: UpdateJobPostingInput!) {
  updateJobPosting(id: $id, input: $input) { title salaryMin applicationDeadline benefits city }
}";
const DELETE: &str = "mutation($id: ID!) { deleteJobPosting(id: $id) }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const CLOSE: &str = "mutation($id: ID!) { closeJobPosting(id: $id) { status } }";
const READ_ALL: &str = "query($id: ID!) { jobPosting(id: $id) {
  title titleJa department jobLevel jobCategory location prefecture city employmentType remoteOption
  relocationSupport salaryMin salaryMax salaryPeriod currency weeklyHours headcount requiredSkills
  preferredSkills minExperienceYears education jlptRequired languageRequirements { language level }
  visaSponsorship supportedVisaTypes benefits startDate applicationDeadline status
} }";
const STATUS: &str = "query($id: ID!) { jobPosting(id: $id) { status closedAt } }";
const AUDIT: &str = "query($posting: ID!) {
  jobAuditLogs(filter: {postingId: $posting}) { edges { node { action actorId companyId details } } }
}";
const COMPLIANCE: &str = "query($id: ID!) { jobPosting(id: $id) {
  compliance { publishable findings { code severity field message messageJa } }
} }";

/// The audit actions on `posting`, newest first, as `admin` reads them.
async fn audit_actions(admin: &GraphqlClient, posting: &Value) -> Vec<String> {
    let trail = admin.data(AUDIT, json!({"posting": posting})).await;
    trail["jobAuditLogs"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|edge| edge["node"]["action"].as_str().map(str::to_owned))
        .collect()
}

/// A signed-up employer with a company the jobs subgraph knows: their client and the company.
async fn employer_with_company(test: &TestStack, email: &str) -> (GraphqlClient, String) {
    let account = test.signed_up(email, "EMPLOYER").await;
    let client = test.as_user(&account.access_token);
    let company = create_company(test.jobs_db(), &client, &account.id, "Sakura Systems").await;
    (client, company)
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

fn full_posting(company: &str, deadline: &str) -> Value {
    json!({
        "companyId": company,
        "title": "Backend Engineer", "titleJa": "バックエンドエンジニア",
        "description": "Build our GraphQL APIs in Rust.", "descriptionJa": "RustでGraphQL APIを開発します。",
        "department": "Platform", "jobLevel": "SENIOR", "jobCategory": "software_engineering",
        "location": "Shibuya, Tokyo", "prefecture": "東京都", "city": "Shibuya",
        "employmentType": "FULL_TIME", "remoteOption": "HYBRID", "relocationSupport": true,
        "salaryMin": 6000000, "salaryMax": 9000000, "salaryPeriod": "YEARLY", "currency": "JPY",
        "weeklyHours": 40.0, "headcount": 2,
        "requiredSkills": ["Rust", "PostgreSQL"], "preferredSkills": ["Kubernetes"],
        "minExperienceYears": 3, "education": "BACHELOR", "jlptRequired": "N3",
        "languageRequirements": [{"language": "en", "level": "BUSINESS"}],
        "visaSponsorship": true, "supportedVisaTypes": ["Engineer Humanities International"],
        "benefits": ["Housing allowance", "Japanese lessons"],
        "startDate": "2027-04-01", "applicationDeadline": deadline
    })
}

async fn postings_are_written_whole_edited_and_deleted(backend: Backend) {
    let test = TestStack::start_configured(backend, options(), with_admin).await;
    let (owner, company) = employer_with_company(&test, "owner@sakura.example.jp").await;
    let deadline = in_days(30);
    let created = owner
        .data(CREATE, json!({"input": full_posting(&company, &deadline)}))
        .await;
    let id = created["createJobPosting"]["id"].clone();
    let read = owner.data(READ_ALL, json!({"id": id})).await;
    let posting = &read["jobPosting"];
    assert_eq!(posting["prefecture"], "tokyo");
    assert_eq!(posting["currency"], "JPY");
    assert_eq!(posting["jobLevel"], "SENIOR");
    assert_eq!(posting["requiredSkills"], json!(["rust", "postgresql"]));
    assert_eq!(posting["preferredSkills"], json!(["kubernetes"]));
    assert_eq!(
        posting["languageRequirements"],
        json!([{"language": "en", "level": "BUSINESS"}])
    );
    assert_eq!(
        posting["supportedVisaTypes"],
        json!(["engineer_humanities_international"])
    );
    assert_eq!(posting["startDate"], "2027-04-01");
    assert_eq!(posting["headcount"], 2);
    assert_eq!(posting["education"], "BACHELOR");
    assert_eq!(posting["jlptRequired"], "N3");

    // Typed values: a currency or JLPT level outside its enum never reaches the rules.
    for (field, wrong) in [
        ("currency", "XYZ"),
        ("currency", "jpy"),
        ("jlptRequired", "N9"),
    ] {
        let mut input = full_posting(&company, &deadline);
        input[field] = json!(wrong);
        let refused = owner.post(CREATE, json!({"input": input})).await;
        assert_eq!(
            refused.body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{field}: {}",
            refused.body
        );
        assert_eq!(
            error_fields(&refused.body),
            [format!("input.{field}")],
            "{}",
            refused.body
        );
    }
    assert!(posting["applicationDeadline"].is_string());

    // Every problem of an edit at once; nothing changes.
    let refused = owner
        .post(
            UPDATE,
            json!({"id": id, "input": {"title": " ", "salaryMin": 10000000, "headcount": 0,
                "applicationDeadline": in_days(-1), "prefecture": "Atlantis"}}),
        )
        .await;
    assert_eq!(
        error_fields(&refused.body),
        [
            "prefecture",
            "applicationDeadline",
            "title",
            "salaryMax",
            "headcount"
        ],
        "{}",
        refused.body
    );
    let edited = owner
        .data(
            UPDATE,
            json!({"id": id, "input": {"title": "Senior Backend Engineer", "salaryMin": 7000000,
                "benefits": ["Housing allowance"], "city": null}}),
        )
        .await;
    assert_eq!(
        edited["updateJobPosting"],
        json!({"title": "Senior Backend Engineer", "salaryMin": 7000000,
            "applicationDeadline": posting["applicationDeadline"], "benefits": ["Housing allowance"], "city": null})
    );
    let updates = jobs_outbox_events(&test, "job.updated").await;
    let mut changed: Vec<String> =
        serde_json::from_value(updates[0]["changedFields"].clone()).expect("changed fields");
    changed.sort_unstable();
    assert_eq!(changed, ["benefits", "city", "salaryMin", "title"]);

    // Outsiders: a rival employer is told the draft does not exist, a candidate lacks the
    // permission.
    let (rival, _) = employer_with_company(&test, "rival@kaizen.example.jp").await;
    let refused = rival
        .post(UPDATE, json!({"id": id, "input": {"title": "Ours now"}}))
        .await;
    assert_eq!(error_code(&refused.body), "NOT_FOUND", "{}", refused.body);
    let refused = rival.post(DELETE, json!({"id": id})).await;
    assert_eq!(error_code(&refused.body), "NOT_FOUND");
    let candidate = test.signed_up("seeker@example.vn", "CANDIDATE").await;
    let refused = test
        .as_user(&candidate.access_token)
        .post(DELETE, json!({"id": id}))
        .await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN");

    // Published: edited still, deleted never; closed: history.
    owner.data(PUBLISH, json!({"id": id})).await;
    let refused = owner.post(DELETE, json!({"id": id})).await;
    assert_eq!(error_code(&refused.body), "CONFLICT", "{}", refused.body);
    owner
        .data(UPDATE, json!({"id": id, "input": {"salaryMax": 9500000}}))
        .await;
    owner.data(CLOSE, json!({"id": id})).await;
    let refused = owner
        .post(UPDATE, json!({"id": id, "input": {"title": "Reopened?"}}))
        .await;
    assert_eq!(error_code(&refused.body), "CONFLICT");

    // A draft goes for good.
    let draft = owner
        .data(CREATE, json!({"input": full_posting(&company, &deadline)}))
        .await;
    let draft_id = draft["createJobPosting"]["id"].clone();
    let deleted = owner.data(DELETE, json!({"id": draft_id})).await;
    assert_eq!(deleted["deleteJobPosting"], draft_id);
    let gone = owner.data(STATUS, json!({"id": draft_id})).await;
    assert_eq!(gone["jobPosting"], Value::Null);

    // Every change is in the audit trail, for `audit:read` holders only.
    let refused = owner.post(AUDIT, json!({"posting": id})).await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN");
    let admin = test.admin().await;
    let trail = audit_actions(&admin, &id).await;
    assert_eq!(
        trail,
        [
            "job_posting_closed",
            "job_posting_updated",
            "job_posting_published",
            "job_posting_updated",
            "job_posting_created"
        ]
    );
    assert_eq!(
        audit_actions(&admin, &draft_id).await,
        ["job_posting_deleted", "job_posting_created"]
    );
}
on_both_backends!(postings_are_written_whole_edited_and_deleted);

fn codes(findings: &Value) -> Vec<&str> {
    findings
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["severity"] == "ERROR" || finding["severity"] == "error")
        .filter_map(|finding| finding["code"].as_str())
        .collect()
}

async fn publishing_needs_a_compliant_posting(backend: Backend) {
    let test = TestStack::start(backend, options()).await;
    let (owner, company) = employer_with_company(&test, "owner@sakura.example.jp").await;
    // Specified Skilled Worker sponsorship for software work, paid below Tokyo's minimum wage.
    let mut input = full_posting(&company, &in_days(30));
    input["supportedVisaTypes"] = json!(["specified_skilled_worker_i"]);
    input["salaryPeriod"] = json!("HOURLY");
    input["salaryMin"] = json!(900);
    input["salaryMax"] = json!(1000);
    let created = owner.data(CREATE, json!({"input": input})).await;
    let id = created["createJobPosting"]["id"].clone();

    let report = owner.data(COMPLIANCE, json!({"id": id})).await;
    let compliance = &report["jobPosting"]["compliance"];
    assert_eq!(compliance["publishable"], false);
    let blocking = codes(&compliance["findings"]);
    assert!(
        blocking.contains(&"VISA_TYPE_CATEGORY_MISMATCH")
            && blocking.contains(&"BELOW_MINIMUM_WAGE"),
        "{compliance}"
    );
    let wage = compliance["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["code"] == "BELOW_MINIMUM_WAGE")
        .expect("the wage finding");
    assert_eq!(wage["field"], "salaryMin");
    assert!(
        wage["messageJa"]
            .as_str()
            .is_some_and(|text| !text.is_empty())
    );

    let refused = owner.post(PUBLISH, json!({"id": id})).await;
    assert_eq!(
        error_code(&refused.body),
        "COMPLIANCE_FAILED",
        "{}",
        refused.body
    );
    let findings = &refused.body["errors"][0]["extensions"]["findings"];
    assert!(
        codes(findings).contains(&"BELOW_MINIMUM_WAGE"),
        "{}",
        refused.body
    );
    let status = owner.data(STATUS, json!({"id": id})).await;
    assert_eq!(status["jobPosting"]["status"], "DRAFT");

    // Fixed, it publishes; anyone may then ask whether their status fits it, but the
    // compliance report stays the company's.
    owner
        .data(
            UPDATE,
            json!({"id": id, "input": {"supportedVisaTypes": ["engineer_humanities_international"],
                "salaryPeriod": "YEARLY", "salaryMin": 6000000, "salaryMax": 9000000}}),
        )
        .await;
    owner.data(PUBLISH, json!({"id": id})).await;

    // An edit of a published posting is checked like a publication: ¥100,000 a month in
    // Osaka is refused with the findings, and the posting stays as it was, still public.
    let unlawful = owner
        .post(
            UPDATE,
            json!({"id": id, "input": {"prefecture": "大阪府", "salaryPeriod": "MONTHLY",
                "salaryMin": 100000, "salaryMax": 120000}}),
        )
        .await;
    assert_eq!(
        error_code(&unlawful.body),
        "COMPLIANCE_FAILED",
        "{}",
        unlawful.body
    );
    assert!(
        codes(&unlawful.body["errors"][0]["extensions"]["findings"])
            .contains(&"BELOW_MINIMUM_WAGE"),
        "{}",
        unlawful.body
    );
    let kept = test
        .client
        .data(
            "query($id: ID!) { jobPosting(id: $id) { status prefecture salaryMin salaryPeriod } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        kept["jobPosting"],
        json!({"status": "PUBLISHED", "prefecture": "tokyo", "salaryMin": 6000000,
            "salaryPeriod": "YEARLY"})
    );
    // A lawful edit of the same posting goes through.
    let raised = owner
        .data(UPDATE, json!({"id": id, "input": {"salaryMin": 6500000}}))
        .await;
    assert_eq!(raised["updateJobPosting"]["salaryMin"], 6500000, "{raised}");
    let outsider = test.client.post(COMPLIANCE, json!({"id": id})).await;
    assert_eq!(
        error_code(&outsider.body),
        "UNAUTHENTICATED",
        "{}",
        outsider.body
    );
    let eligibility = test
        .client
        .data(
            "query($id: ID!) { jobPosting(id: $id) {
              student: visaEligibility(visaStatus: \"student\") { eligible needsVisaChange }
              engineer: visaEligibility(visaStatus: \"Engineer Humanities International\") { eligible needsVisaChange }
              resident: visaEligibility(visaStatus: \"permanent_resident\") { eligible needsVisaChange }
            } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(
        eligibility["jobPosting"],
        json!({
            "student": {"eligible": true, "needsVisaChange": true},
            "engineer": {"eligible": true, "needsVisaChange": false},
            "resident": {"eligible": true, "needsVisaChange": false},
        })
    );
    let unknown = test
        .client
        .post(
            "query($id: ID!) { jobPosting(id: $id) { visaEligibility(visaStatus: \"tourist\") { eligible } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_fields(&unknown.body), ["visaStatus"]);
}
on_both_backends!(publishing_needs_a_compliant_posting);

async fn closed_at(client: &GraphqlClient, id: &Value, seconds: u64) -> Option<Value> {
    eventually(seconds, || async {
        let read = client.data(STATUS, json!({"id": id})).await;
        (read["jobPosting"]["status"] == "CLOSED").then(|| read["jobPosting"]["closedAt"].clone())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postings_close_at_their_deadline_even_across_a_restart() {
    let test = TestStack::start_configured(Backend::Sqlite, options(), with_admin).await;
    let (owner, company) = employer_with_company(&test, "owner@sakura.example.jp").await;
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let created = owner
        .data(CREATE, json!({"input": full_posting(&company, &soon)}))
        .await;
    let id = created["createJobPosting"]["id"].clone();
    owner.data(PUBLISH, json!({"id": id})).await;
    let closed = closed_at(&test.client, &id, 15).await;
    assert!(
        closed.is_some_and(|at| at.is_string()),
        "closed at the deadline"
    );
    assert_eq!(jobs_outbox_events(&test, "job.closed").await.len(), 1);

    // A deadline that passes while nothing runs is honoured at start-up.
    let later = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let second = owner
        .data(CREATE, json!({"input": full_posting(&company, &later)}))
        .await;
    let second_id = second["createJobPosting"]["id"].clone();
    owner.data(PUBLISH, json!({"id": second_id})).await;
    let stopped = test.stop().await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let test = stopped.start(|_| {}).await;
    assert!(
        closed_at(&test.client, &second_id, 15).await.is_some(),
        "closed after the restart"
    );
    assert_eq!(jobs_outbox_events(&test, "job.closed").await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_close_an_overdue_posting_once() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let test = TestStack::start(backend, options()).await;
    let (owner, company) = employer_with_company(&test, "owner@sakura.example.jp").await;
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let created = owner
        .data(CREATE, json!({"input": full_posting(&company, &soon)}))
        .await;
    let id = created["createJobPosting"]["id"].clone();
    owner.data(PUBLISH, json!({"id": id})).await;
    let stopped = test.stop().await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    // Both start on the same database with the deadline passed, and both look at once.
    let config = stopped.config.clone();
    let (first, second) = tokio::join!(
        stack::Stack::start(config.clone()),
        stack::Stack::start(config)
    );
    let (mut first, mut second) = (first.expect("first"), second.expect("second"));
    let client = GraphqlClient::new(first.router_url());
    assert!(closed_at(&client, &id, 15).await.is_some());
    // Give the other instance time to have tried too.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let closing = {
        use kit::config::ExposeSecret;
        let db = sea_orm::Database::connect(stopped.storage.databases.jobs.expose_secret())
            .await
            .expect("jobs database");
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let count = entities::jobs::job_audit_log::Entity::find()
            .filter(entities::jobs::job_audit_log::Column::Action.eq("job_posting_closed"))
            .count(&db)
            .await
            .expect("audit count");
        let _ = db.close().await;
        count
    };
    assert_eq!(closing, 1, "closed exactly once");
    for name in stack::SUBGRAPHS {
        first.subgraphs.stop(name).await;
        second.subgraphs.stop(name).await;
    }
}
