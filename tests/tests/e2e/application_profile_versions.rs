//! Which profile an application sends, through the router: every change of a candidate's
//! profile saves a version the candidate lists (`myProfileVersions`); applying sends the one
//! chosen (or the latest), and every member role of the company reads that version as it was
//! sent (`Application.sentProfile`, resolved by the users subgraph), however the candidate edits
//! the profile afterwards. Another company, other candidates and anonymous callers read
//! nothing of it; an unknown version is refused with `BAD_USER_INPUT`; withdrawing takes the
//! sent version's private fields back; the candidate's export lists every version. Both
//! storage backends.

use e2e::companies::{HiringCompany, hiring_company};
use e2e::identity::with_admin;
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually, on_both_backends};
use serde_json::{Value, json};

const UPDATE_PROFILE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { version desiredSalary { min } } }"#;
const VERSIONS: &str = "query($first: Int, $after: String) {
  myProfileVersions(first: $first, after: $after) { totalCount
    pageInfo { hasNextPage hasPreviousPage }
    edges { cursor node { version savedAt changedFields
      profile { version nationality desiredSalary { min } technicalSkills } } } } }";
const CREATE_POSTING: &str = "mutation($input: CreateJobPostingInput!) {
  createJobPosting(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const APPLY: &str = "mutation($input: ApplyToJobInput!) { applyToJob(input: $input) {
  id profileVersion } }";
const WITHDRAW: &str = "mutation($id: ID!) { withdrawApplication(id: $id) { status } }";
const SENT: &str = "query($id: ID!) { application(id: $id) { profileVersion
  sentProfile { version changedFields
    profile { version nationality desiredSalary { min } technicalSkills } }
  candidate { candidateProfile { version desiredSalary { min } } } } }";
const LIST: &str = "query($job: ID!) { jobPosting(id: $job) { applications(first: 50) {
  edges { node { id profileVersion sentProfile { version profile { desiredSalary { min } } } } } } } }";
const MINE: &str = "{ myApplications(first: 10) { edges { node { id profileVersion
  sentProfile { version profile { nationality desiredSalary { min } } } } } } }";

fn posting(company: &str, title: &str) -> Value {
    json!({
        "companyId": company, "title": title,
        "description": "Build and run our payment APIs in Rust on AWS, with PostgreSQL.",
        "jobCategory": "software_engineering", "education": "BACHELOR",
        "location": "Shibuya, Tokyo", "prefecture": "東京都",
        "salaryMin": 5000000, "salaryMax": 9000000, "salaryPeriod": "YEARLY",
        "requiredSkills": ["Rust"], "visaSponsorship": true,
        "supportedVisaTypes": ["engineer_humanities_international"],
    })
}

/// The candidate changes their wanted salary, saving a new version; its number.
async fn save_salary(candidate: &GraphqlClient, min: i64) -> i64 {
    let saved = candidate
        .data(
            UPDATE_PROFILE,
            json!({"input": {"desiredSalary": {"min": min}}}),
        )
        .await;
    saved["updateCandidateProfile"]["version"]
        .as_i64()
        .expect("a saved version")
}

/// Applies to `job` with `extra` input, retrying while the jobs subgraph has not yet seen the
/// version chosen (it refuses a version it does not know).
async fn apply(candidate: &GraphqlClient, job: &str, extra: Value) -> Value {
    let mut input = json!({"jobId": job});
    if let (Some(input), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
        input.extend(extra.clone());
    }
    let applied = eventually(20, || async {
        let reply = candidate.post(APPLY, json!({"input": input})).await;
        reply.body["data"]["applyToJob"]
            .is_object()
            .then(|| reply.body["data"]["applyToJob"].clone())
    })
    .await;
    applied.expect("the application was refused")
}

async fn an_application_sends_the_profile_version_chosen(backend: Backend) {
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

    // A verified company with each member role, and another company.
    let HiringCompany {
        id: company,
        as_owner,
        as_hr,
        as_recruiter,
        ..
    } = hiring_company(&test, &admin).await;
    let members = [as_owner.clone(), as_hr, as_recruiter];
    let rival = test.signed_up("rival@kaizen.example.jp", "EMPLOYER").await;
    let as_rival = test.as_user(&rival.access_token);
    let job = as_owner
        .data(
            CREATE_POSTING,
            json!({"input": posting(&company, "Backend Engineer")}),
        )
        .await["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    as_owner.data(PUBLISH, json!({"id": job})).await;

    // Three saves, three versions, newest first; each says what it changed.
    let account = test.signed_up("an@example.vn", "CANDIDATE").await;
    let seeker = test.as_user(&account.access_token);
    let first = seeker
        .data(
            UPDATE_PROFILE,
            json!({"input": {"nationality": "VN", "visaStatus": "engineer_humanities_international",
                "workAuthorization": true, "yearsExperience": 5,
                "technicalSkills": ["Rust", "PostgreSQL"], "desiredSalary": {"min": 5000000}}}),
        )
        .await;
    assert_eq!(first["updateCandidateProfile"]["version"], 1, "{first}");
    assert_eq!(save_salary(&seeker, 7_000_000).await, 2);
    assert_eq!(save_salary(&seeker, 8_000_000).await, 3);
    let versions = seeker.data(VERSIONS, json!({"first": 2})).await["myProfileVersions"].clone();
    assert_eq!(versions["totalCount"], 3, "{versions}");
    assert_eq!(versions["pageInfo"]["hasNextPage"], true);
    let edges = versions["edges"].as_array().expect("edges");
    assert_eq!(edges[0]["node"]["version"], 3);
    assert_eq!(edges[1]["node"]["version"], 2);
    assert_eq!(edges[1]["node"]["changedFields"], json!(["desiredSalary"]));
    assert_eq!(
        edges[1]["node"]["profile"]["desiredSalary"]["min"],
        7_000_000
    );
    let rest = seeker
        .data(VERSIONS, json!({"first": 2, "after": edges[1]["cursor"]}))
        .await["myProfileVersions"]
        .clone();
    assert_eq!(rest["edges"][0]["node"]["version"], 1, "{rest}");
    assert_eq!(rest["edges"][0]["node"]["profile"]["nationality"], "VN");
    assert_eq!(rest["pageInfo"]["hasNextPage"], false);
    let refused = anonymous.post(VERSIONS, json!({})).await;
    assert_eq!(
        error_code(&refused.body),
        "UNAUTHENTICATED",
        "{}",
        refused.body
    );

    // An unknown version is refused; version 1 is sent although 3 is the latest.
    for wrong in [0, 9, -1] {
        let reply = seeker
            .post(
                APPLY,
                json!({"input": {"jobId": job, "profileVersion": wrong}}),
            )
            .await;
        assert_eq!(error_code(&reply.body), "BAD_USER_INPUT", "{}", reply.body);
        assert_eq!(
            reply.body["errors"][0]["extensions"]["field"],
            "profileVersion"
        );
    }
    let applied = apply(&seeker, &job, json!({"profileVersion": 1})).await;
    assert_eq!(applied["profileVersion"], 1, "{applied}");
    let application = applied["id"].as_str().expect("application id").to_owned();

    // Edited after applying: the company still reads what was sent, beside the live profile.
    assert_eq!(save_salary(&seeker, 9_500_000).await, 4);
    for member in &members {
        let read = eventually(20, || async {
            let data = member.data(SENT, json!({"id": application})).await;
            let application = &data["application"];
            (application["sentProfile"]["profile"]["nationality"] == "VN"
                && application["candidate"]["candidateProfile"]["version"] == 4)
                .then(|| application.clone())
        })
        .await
        .expect("the company did not read the sent profile");
        assert_eq!(read["profileVersion"], 1);
        assert_eq!(read["sentProfile"]["version"], 1);
        assert_eq!(
            read["sentProfile"]["profile"]["desiredSalary"]["min"],
            5_000_000
        );
        assert_eq!(read["sentProfile"]["profile"]["version"], 1);
        assert_eq!(
            read["candidate"]["candidateProfile"]["desiredSalary"]["min"],
            9_500_000
        );
        let list = member.data(LIST, json!({"job": job})).await;
        let node = &list["jobPosting"]["applications"]["edges"][0]["node"];
        assert_eq!(node["sentProfile"]["version"], 1, "{list}");
    }
    let own = seeker.data(MINE, json!({})).await;
    let mine = &own["myApplications"]["edges"][0]["node"];
    assert_eq!(mine["sentProfile"]["version"], 1, "{own}");
    assert_eq!(mine["sentProfile"]["profile"]["nationality"], "VN");

    // Nobody else reads the application, so nothing of what it sent.
    let other = test.signed_up("minh@example.vn", "CANDIDATE").await;
    for outsider in [&as_rival, &test.as_user(&other.access_token), &anonymous] {
        let reply = outsider.post(SENT, json!({"id": application})).await;
        assert!(
            reply.body["data"]["application"].is_null(),
            "{}",
            reply.body
        );
    }

    // Withdrawing takes the sent version's private fields back; the summary stays.
    seeker.data(WITHDRAW, json!({"id": application})).await;
    let taken_back = eventually(20, || async {
        let data = as_owner.data(SENT, json!({"id": application})).await;
        let profile = &data["application"]["sentProfile"]["profile"];
        (profile["nationality"].is_null() && profile["technicalSkills"].is_array())
            .then(|| profile.clone())
    })
    .await;
    assert!(
        taken_back.is_some(),
        "the withdrawal did not take the sent profile back"
    );

    // Without a choice the latest version goes, once the jobs subgraph has seen it.
    let second_job = as_owner
        .data(
            CREATE_POSTING,
            json!({"input": posting(&company, "Platform Engineer")}),
        )
        .await["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    as_owner.data(PUBLISH, json!({"id": second_job})).await;
    let chosen = apply(&seeker, &second_job, json!({"profileVersion": 4})).await;
    assert_eq!(chosen["profileVersion"], 4, "{chosen}");
    let third_job = as_owner
        .data(
            CREATE_POSTING,
            json!({"input": posting(&company, "Data Engineer")}),
        )
        .await["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    as_owner.data(PUBLISH, json!({"id": third_job})).await;
    let by_default = apply(&seeker, &third_job, json!({})).await;
    assert_eq!(by_default["profileVersion"], 4, "{by_default}");

    // The export lists every version and which one each application sent.
    let export = seeker.data("mutation { exportMyData }", json!({})).await["exportMyData"].clone();
    let saved = export["candidateProfileVersions"]
        .as_array()
        .expect("versions exported");
    assert_eq!(saved.len(), 4, "{export}");
    assert_eq!(saved[0]["profile"]["desiredSalary"]["min"], 5_000_000);
    let shared = export["applicationsShared"]
        .as_array()
        .expect("applications");
    assert!(
        shared
            .iter()
            .any(|row| row["applicationId"] == application.as_str() && row["profileVersion"] == 1),
        "{export}"
    );
}
on_both_backends!(an_application_sends_the_profile_version_chosen);
