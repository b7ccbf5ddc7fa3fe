//! The matching engine through the router, on both backends: hard gates (visa, Japanese,
//! location) keep out candidates whatever their skills; a near-match ("sql" for "mysql")
//! earns credit and is explained; every match carries its components, confidence, reasons and
//! risks in English and Japanese, the score version and the model id. The candidate reads the
//! same explanation in `recommendedJobs`; another company's employer and anonymous callers
//! read nothing.

use e2e::companies::create_company;
use e2e::identity::with_admin;
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually};
use serde_json::{Value, json};

const UPDATE_PROFILE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { id }
}"#;
const CREATE: &str =
    "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const EXPLAINED: &str = "query($id: ID!) { jobPosting(id: $id) {
  matchConnection(first: 20) { totalCount edges { node {
    score confidence scoreVersion modelId matchedSkills candidate { id }
    components { skills experience language salary location semantic culturalFit }
    reasons { code kind en ja } riskFactors { code en ja }
  } } }
} }";
const RECOMMENDED: &str = "{ recommendedJobs(first: 10) { totalCount edges { node {
  score job { id } reasons { code en ja } riskFactors { code en ja }
} } } }";

fn options() -> Options {
    Options {
        seed: false,
        redis: false,
    }
}

/// A posting for a Rust backend engineer in Tokyo that sponsors no visa and asks JLPT N2.
fn posting(company: &str) -> Value {
    json!({
        "companyId": company,
        "title": "Backend Engineer", "titleJa": "バックエンドエンジニア",
        "description": "Build and run our payment APIs in Rust on AWS, with MySQL and Kubernetes.",
        "jobCategory": "software_engineering",
        "location": "Shibuya, Tokyo", "prefecture": "東京都", "city": "Shibuya",
        "employmentType": "FULL_TIME", "remoteOption": "HYBRID",
        "salaryMin": 6000000, "salaryMax": 8000000, "salaryPeriod": "YEARLY", "currency": "JPY",
        "weeklyHours": 40.0,
        "requiredSkills": ["Rust", "MySQL", "AWS", "Kubernetes"], "preferredSkills": ["Go"],
        "minExperienceYears": 3, "jlptRequired": "N2", "visaSponsorship": false
    })
}

/// A candidate profile: a backend engineer whose other fields each test one gate.
fn profile(visa: &str, jlpt: &str, skills: &[&str], city: &str, relocate: bool) -> Value {
    json!({
        "currentCountry": "JP", "currentCity": city, "preferredLocations": [city],
        "visaStatus": visa, "workAuthorization": true, "yearsExperience": 5,
        "languages": [{"language": "ja", "level": jlpt}],
        "technicalSkills": skills, "workStyle": "HYBRID",
        "desiredSalary": {"min": 9000000, "max": 10000000},
        "desiredRole": "Backend engineer",
        "experienceSummary": "Five years building payment APIs and data pipelines on AWS.",
        "willingToRelocate": relocate,
    })
}

async fn candidate(test: &TestStack, email: &str, input: Value) -> (GraphqlClient, String) {
    let account = test.signed_up(email, "CANDIDATE").await;
    let client = test.as_user(&account.access_token);
    client.data(UPDATE_PROFILE, json!({"input": input})).await;
    (client, account.id)
}

async fn employer(test: &TestStack, email: &str, company: &str) -> (GraphqlClient, String) {
    let account = test.signed_up(email, "EMPLOYER").await;
    let client = test.as_user(&account.access_token);
    let id = create_company(test.jobs_db(), &client, &account.id, company).await;
    (client, id)
}

fn node_of<'a>(page: &'a Value, candidate: &str) -> &'a Value {
    page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| &edge["node"])
        .find(|node| node["candidate"]["id"] == candidate)
        .unwrap_or_else(|| panic!("no match for {candidate} in {page}"))
}

fn codes(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|item| item["code"].as_str().expect("code"))
        .collect()
}

async fn gates_and_explanations_hold_through_the_router(backend: Backend) {
    let test = TestStack::start_configured(backend, options(), with_admin).await;
    let (sakura, company) = employer(&test, "hr@sakura.example.jp", "Sakura Systems").await;
    let (rival, _) = employer(&test, "hr@kaizen.example.jp", "Kaizen Mobility").await;

    // Fits, with "SQL" for MySQL, lives in Osaka and will move, expects more pay.
    let (linh, linh_id) = candidate(
        &test,
        "linh@example.vn",
        profile(
            "engineer_humanities_international",
            "N2",
            &["Rust", "SQL", "AWS"],
            "Osaka",
            true,
        ),
    )
    .await;
    // One JLPT level short: passes, with the gap explained.
    let (_, bao_id) = candidate(
        &test,
        "bao@example.vn",
        profile(
            "permanent_resident",
            "N3",
            &["Rust", "MySQL"],
            "Tokyo",
            false,
        ),
    )
    .await;
    // Every skill, but each is gated out: a student (no full-time work), two JLPT levels
    // short, and one in Fukuoka who will not move.
    let all = ["Rust", "MySQL", "AWS", "Kubernetes", "Go"];
    let (_, student) = candidate(
        &test,
        "minh@example.vn",
        profile("student", "N1", &all, "Tokyo", true),
    )
    .await;
    let (_, short) = candidate(
        &test,
        "ana@example.ph",
        profile("permanent_resident", "N4", &all, "Tokyo", true),
    )
    .await;
    let (_, far) = candidate(
        &test,
        "rizal@example.id",
        profile("permanent_resident", "N1", &all, "Fukuoka", false),
    )
    .await;

    let created = sakura
        .data(CREATE, json!({"input": posting(&company)}))
        .await;
    let job = created["createJobPosting"]["id"].clone();
    sakura.data(PUBLISH, json!({"id": job})).await;

    let page = eventually(30, || async {
        let data = sakura.data(EXPLAINED, json!({"id": job})).await;
        let page = data["jobPosting"]["matchConnection"].clone();
        (page["totalCount"] == 2).then_some(page)
    })
    .await
    .expect("two matches: the gated candidates are left out");
    let ids: Vec<&str> = page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["candidate"]["id"].as_str().expect("id"))
        .collect();
    for gated in [&student, &short, &far] {
        assert!(!ids.contains(&gated.as_str()), "{gated} gated: {page}");
    }

    let fit = node_of(&page, &linh_id);
    // The example of docs/api/matching.md (`--nocapture` shows it).
    println!("{fit:#}");
    assert_eq!(fit["scoreVersion"], 3);
    assert_eq!(fit["modelId"], "intfloat/multilingual-e5-small", "{fit}");
    for (name, value) in fit["components"].as_object().expect("components") {
        let value = value.as_f64().expect("number");
        assert!((0.0..=1.0).contains(&value), "{name} = {value}");
    }
    assert_eq!(fit["components"]["location"], 0.6, "relocating: {fit}");
    assert!(fit["components"]["salary"].as_f64() < Some(0.8), "{fit}");
    assert!(fit["confidence"].as_f64() > Some(0.9), "{fit}");
    assert_eq!(fit["matchedSkills"], json!(["rust", "aws"]));
    let near = fit["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .find(|reason| reason["code"] == "SKILL_NEAR_MATCH")
        .unwrap_or_else(|| panic!("near-match explained: {fit}"));
    assert_eq!(near["en"], "sql is close to the wanted skill mysql");
    assert_eq!(near["ja"], "sqlは求められるスキルmysqlに近い");
    assert_eq!(near["kind"], "STRENGTH");
    // Those risks tell the candidate's salary expectation and where they live: an unverified
    // company the candidate told nothing reads neither (the candidate does, below).
    assert_eq!(codes(&fit["riskFactors"]), Vec::<&str>::new(), "{fit}");

    let short_of_japanese = node_of(&page, &bao_id);
    let gap = short_of_japanese["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .find(|reason| reason["code"] == "JLPT_SHORT")
        .unwrap_or_else(|| panic!("JLPT gap explained: {short_of_japanese}"));
    assert_eq!(gap["en"], "JLPT N3, the posting asks N2");
    assert_eq!(gap["ja"], "JLPT N3(求人はN2を要求)");
    assert_eq!(gap["kind"], "GAP");

    // The candidate reads the same explanation of their own match.
    let own = linh.data(RECOMMENDED, json!({})).await;
    let mine = &own["recommendedJobs"]["edges"][0]["node"];
    assert_eq!(mine["job"]["id"], job);
    assert_eq!(mine["score"], fit["score"]);
    assert_eq!(
        codes(&mine["riskFactors"]),
        ["SALARY_ABOVE_RANGE", "RELOCATION_NEEDED"],
        "{mine}"
    );
    assert_eq!(mine["riskFactors"][1]["ja"], "東京都への転居が必要");

    // Another company's employer and anonymous callers read none of it.
    let hidden = rival.post(EXPLAINED, json!({"id": job})).await;
    assert_eq!(error_code(&hidden.body), "", "{}", hidden.body);
    assert!(hidden.body["data"]["jobPosting"]["matchConnection"].is_null());
    let refused = test.client.post(EXPLAINED, json!({"id": job})).await;
    assert_eq!(
        error_code(&refused.body),
        "UNAUTHENTICATED",
        "{}",
        refused.body
    );
}

e2e::on_both_backends!(gates_and_explanations_hold_through_the_router);
