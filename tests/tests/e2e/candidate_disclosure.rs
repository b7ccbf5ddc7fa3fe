//! Who reads a candidate, through the router, as every kind of caller: anonymous, another
//! candidate, an unverified company's employer, a verified company's employer (before and after
//! the candidate answers "interested"), another verified company's employer and an
//! administrator, over `user(id)`, the users subgraph's `_entities`, a posting's matches and
//! their explanations, the candidate's own `match(id)` and the data export. Candidates choose
//! `HIDDEN`, `ANONYMOUS` (the default) or `VISIBLE`; private fields reach only a verified
//! company the candidate disclosed them to, and read null (no error) for everyone else.

use e2e::companies::{corporate_number, wait_for_membership};
use e2e::identity::with_admin;
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually, on_both_backends};
use serde_json::{Value, json};

const PERSON: &str = "query($id: ID!) { user(id: $id) { firstName email
  candidateProfile { disclosed nationality visaStatus jlptLevel yearsExperience } } }";
const ENTITIES: &str = "query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on User { firstName email candidateProfile { disclosed nationality } } } }";
const MATCHES: &str = "query($id: ID!) { jobPosting(id: $id) { matches(first: 20) {
  id visaEligible candidate { id firstName candidateProfile { disclosed nationality jlptLevel } }
  riskFactors { code } } } }";
const RECOMMENDED: &str =
    "{ recommendedJobs(first: 10) { edges { node { id job { id } status contactedAt } } } }";
const RESPOND: &str =
    "mutation($id: ID!) { respondToMatch(id: $id, interested: true) { candidateInterest } }";
const ONE_MATCH: &str = "query($id: ID!) { match(id: $id) { id score status candidateInterest } }";
const UPDATE_PROFILE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { visibility } }"#;
const CREATE_COMPANY: &str =
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }";
const REQUEST: &str = "mutation($id: ID!, $number: String!) {
  requestCompanyVerification(companyId: $id, input: {corporateNumber: $number}) { verificationStatus } }";
const APPROVE: &str =
    "mutation($id: ID!) { approveCompanyVerification(companyId: $id) { verificationStatus } }";
const CREATE_POSTING: &str =
    "mutation($input: CreateJobPostingInput!) { createJobPosting(input: $input) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";

/// A Rust backend posting in Tokyo paying 6–8 M yen, which a candidate asking 9 M exceeds.
fn posting(company: &str) -> Value {
    json!({
        "companyId": company,
        "title": "Backend Engineer", "titleJa": "バックエンドエンジニア",
        "description": "Build and run our payment APIs in Rust on AWS, with PostgreSQL.",
        "jobCategory": "software_engineering",
        "location": "Shibuya, Tokyo", "prefecture": "東京都", "city": "Shibuya",
        "employmentType": "FULL_TIME", "remoteOption": "HYBRID",
        "salaryMin": 6000000, "salaryMax": 8000000, "salaryPeriod": "YEARLY", "currency": "JPY",
        "weeklyHours": 40.0,
        "requiredSkills": ["Rust", "PostgreSQL"], "minExperienceYears": 3,
        "jlptRequired": "N3", "visaSponsorship": false
    })
}

fn profile(visibility: &str) -> Value {
    json!({
        "nationality": "VN", "currentCountry": "JP", "currentCity": "Tokyo",
        "preferredLocations": ["Tokyo"], "visaStatus": "engineer_humanities_international",
        "workAuthorization": true, "yearsExperience": 5,
        "languages": [{"language": "ja", "level": "N2"}],
        "technicalSkills": ["Rust", "PostgreSQL"], "workStyle": "HYBRID",
        "desiredSalary": {"min": 9000000, "max": 10000000},
        "desiredRole": "Backend engineer", "visibility": visibility,
    })
}

struct Company {
    client: GraphqlClient,
    token: String,
    posting: String,
}

/// An employer's company, verified by the administrator when `verify` holds the base of a
/// corporate number; its id and the employer.
async fn employer(
    test: &TestStack,
    admin: &GraphqlClient,
    email: &str,
    name: &str,
    verify: Option<u64>,
) -> (GraphqlClient, String, String) {
    let account = test.signed_up(email, "EMPLOYER").await;
    let client = test.as_user(&account.access_token);
    // The work e-mail is on the company's domain, as verification asks.
    let domain = email.split('@').nth(1).expect("an address");
    let created = client
        .data(
            CREATE_COMPANY,
            json!({"input": {"name": name, "website": format!("https://{domain}")}}),
        )
        .await;
    let id = created["createCompany"]["id"]
        .as_str()
        .expect("company id")
        .to_owned();
    wait_for_membership(test.jobs_db(), &id, &account.id, true).await;
    if let Some(base) = verify {
        client
            .data(REQUEST, json!({"id": id, "number": corporate_number(base)}))
            .await;
        let approved = admin.data(APPROVE, json!({"id": id})).await;
        assert_eq!(
            approved["approveCompanyVerification"]["verificationStatus"],
            "VERIFIED"
        );
    }
    (client, account.access_token, id)
}

/// An employer's company with one published posting.
async fn company(
    test: &TestStack,
    admin: &GraphqlClient,
    email: &str,
    name: &str,
    verify: Option<u64>,
) -> Company {
    let (client, token, id) = employer(test, admin, email, name, verify).await;
    let created = client
        .data(CREATE_POSTING, json!({"input": posting(&id)}))
        .await;
    let posting = created["createJobPosting"]["id"]
        .as_str()
        .expect("posting id")
        .to_owned();
    client.data(PUBLISH, json!({"id": posting})).await;
    Company {
        client,
        token,
        posting,
    }
}

async fn candidate(test: &TestStack, email: &str, visibility: &str) -> (GraphqlClient, String) {
    let account = test.signed_up(email, "CANDIDATE").await;
    let client = test.as_user(&account.access_token);
    client
        .data(UPDATE_PROFILE, json!({"input": profile(visibility)}))
        .await;
    (client, account.id)
}

/// What `client` reads of `candidate` by `user(id)`, asserting it came without errors.
async fn person(client: &GraphqlClient, candidate: &str) -> Value {
    let reply = client.post(PERSON, json!({"id": candidate})).await;
    assert!(reply.body.get("errors").is_none(), "{}", reply.body);
    reply.body["data"]["user"].clone()
}

fn full(user: &Value) -> bool {
    user["firstName"] == "Aiko"
        && user["email"].is_string()
        && user["candidateProfile"]["disclosed"] == true
        && user["candidateProfile"]["nationality"] == "VN"
        && user["candidateProfile"]["visaStatus"] == "engineer_humanities_international"
}

/// The anonymous summary: level and experience, nothing that names or places the person.
fn summary(user: &Value) -> bool {
    user["firstName"].is_null()
        && user["email"].is_null()
        && user["candidateProfile"]["disclosed"] == false
        && user["candidateProfile"]["nationality"].is_null()
        && user["candidateProfile"]["visaStatus"].is_null()
        && user["candidateProfile"]["jlptLevel"] == "N2"
        && user["candidateProfile"]["yearsExperience"] == 5
}

/// The match of `candidate` in the posting's list as `client` reads it, once it is there.
async fn listed(client: &GraphqlClient, posting: &str, candidate: &str) -> Option<Value> {
    let data = client.data(MATCHES, json!({"id": posting})).await;
    data["jobPosting"]["matches"]
        .as_array()?
        .iter()
        .find(|found| found["candidate"]["id"] == candidate)
        .cloned()
}

/// The candidate's own match for `posting`, once computed.
async fn own_match(client: &GraphqlClient, posting: &str) -> String {
    eventually(30, || async {
        let data = client.data(RECOMMENDED, json!({})).await;
        data["recommendedJobs"]["edges"]
            .as_array()?
            .iter()
            .find(|edge| edge["node"]["job"]["id"] == posting)
            .and_then(|edge| edge["node"]["id"].as_str().map(str::to_owned))
    })
    .await
    .expect("the candidate's match")
}

/// Answers "interested", as a client honouring `SERVICE_UNAVAILABLE` does: on SQLite a
/// rescoring holds the one write lock for a moment, and the answer says to retry.
async fn interested(client: &GraphqlClient, id: &str) {
    for _ in 0..5 {
        let reply = client.post(RESPOND, json!({"id": id})).await;
        if error_code(&reply.body) != "SERVICE_UNAVAILABLE" {
            assert_eq!(
                reply.body["data"]["respondToMatch"]["candidateInterest"], "INTERESTED",
                "{}",
                reply.body
            );
            return;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    panic!("respondToMatch stayed unavailable");
}

fn codes(found: &Value) -> Vec<String> {
    found["riskFactors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|risk| risk["code"].as_str().map(str::to_owned))
        .collect()
}

async fn candidates_decide_who_reads_them(backend: Backend) {
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
    let verified = company(
        &test,
        &admin,
        "hr@sakura.example.jp",
        "Sakura Systems",
        Some(401_100_109_900),
    )
    .await;
    let unverified = company(&test, &admin, "hr@fuji.example.jp", "Fuji Start", None).await;
    // Verified too, with no posting: it matched nobody.
    let (other, _, _) = employer(
        &test,
        &admin,
        "hr@kaizen.example.jp",
        "Kaizen Mobility",
        Some(701_800_109_900),
    )
    .await;
    let (anonymous_one, quiet) = candidate(&test, "quiet@example.vn", "ANONYMOUS").await;
    let (_, open) = candidate(&test, "open@example.vn", "VISIBLE").await;
    let (hidden_one, hidden) = candidate(&test, "hidden@example.vn", "HIDDEN").await;
    let (peer, _) = candidate(&test, "peer@example.vn", "VISIBLE").await;

    // Both companies' lists fill in with the anonymous and the visible candidate; the hidden
    // one is in neither.
    for company in [&verified, &unverified] {
        eventually(30, || async {
            let quiet_found = listed(&company.client, &company.posting, &quiet).await;
            let open_found = listed(&company.client, &company.posting, &open).await;
            (quiet_found.is_some() && open_found.is_some()).then_some(())
        })
        .await
        .expect("both candidates matched");
        assert!(
            listed(&company.client, &company.posting, &hidden)
                .await
                .is_none()
        );
    }

    // Before anyone answers: the visible candidate is whole to the verified company only;
    // everyone else reads summaries; the hidden candidate's profile is nobody's but hers and
    // the administrators'.
    let open_to_verified = eventually(20, || async {
        let user = person(&verified.client, &open).await;
        full(&user).then_some(user)
    })
    .await;
    assert!(
        open_to_verified.is_some(),
        "VISIBLE to a verified, matched company"
    );
    for (who, client) in [
        ("anonymous", &test.client),
        ("another candidate", &peer),
        ("unverified employer", &unverified.client),
        ("verified employer", &verified.client),
        ("unmatched employer", &other),
    ] {
        let read = person(client, &quiet).await;
        assert!(summary(&read), "{who} on ANONYMOUS: {read}");
        let hidden_read = person(client, &hidden).await;
        assert!(
            hidden_read["candidateProfile"].is_null() && hidden_read["firstName"].is_null(),
            "{who} on HIDDEN: {hidden_read}"
        );
        if who != "verified employer" {
            let read = person(client, &open).await;
            assert!(summary(&read), "{who} on VISIBLE: {read}");
        }
    }
    for (who, client, candidate) in [
        ("administrator", &admin, &quiet),
        ("administrator", &admin, &hidden),
        ("herself", &anonymous_one, &quiet),
        ("herself", &hidden_one, &hidden),
    ] {
        let read = person(client, candidate).await;
        assert!(full(&read), "{who}: {read}");
    }

    // Her choice itself is hers and the administrators': others read null, with no error.
    let setting = "query($id: ID!) { user(id: $id) { candidateProfile { visibility } } }";
    for (who, client, expected) in [
        ("herself", &anonymous_one, json!("ANONYMOUS")),
        ("administrator", &admin, json!("ANONYMOUS")),
        ("verified employer", &verified.client, Value::Null),
        ("anonymous", &test.client, Value::Null),
    ] {
        let reply = client.post(setting, json!({"id": quiet})).await;
        assert!(reply.body.get("errors").is_none(), "{who}: {}", reply.body);
        assert_eq!(
            reply.body["data"]["user"]["candidateProfile"]["visibility"], expected,
            "{who}"
        );
    }

    // In the lists: a yes/no for the visa, the private risk (her salary expectation) only
    // where her profile is disclosed.
    let quiet_at_verified = listed(&verified.client, &verified.posting, &quiet)
        .await
        .expect("listed");
    assert_eq!(quiet_at_verified["visaEligible"], true);
    assert_eq!(quiet_at_verified["candidate"]["firstName"], Value::Null);
    assert!(!codes(&quiet_at_verified).contains(&"SALARY_ABOVE_RANGE".to_owned()));
    let open_at_verified = listed(&verified.client, &verified.posting, &open)
        .await
        .expect("listed");
    assert_eq!(open_at_verified["candidate"]["firstName"], "Aiko");
    assert!(codes(&open_at_verified).contains(&"SALARY_ABOVE_RANGE".to_owned()));
    let open_at_unverified = listed(&unverified.client, &unverified.posting, &open)
        .await
        .expect("listed");
    assert_eq!(open_at_unverified["candidate"]["firstName"], Value::Null);
    assert!(!codes(&open_at_unverified).contains(&"SALARY_ABOVE_RANGE".to_owned()));

    // The anonymous candidate answers "interested" to both companies: the verified one reads
    // her whole profile, by query and by entity; the unverified one still the summary.
    let at_verified = own_match(&anonymous_one, &verified.posting).await;
    let at_unverified = own_match(&anonymous_one, &unverified.posting).await;
    for id in [&at_verified, &at_unverified] {
        interested(&anonymous_one, id).await;
    }
    let disclosed = eventually(20, || async {
        let user = person(&verified.client, &quiet).await;
        full(&user).then_some(user)
    })
    .await;
    assert!(disclosed.is_some(), "interested, to a verified company");
    for (who, client) in [
        ("unverified employer", &unverified.client),
        ("unmatched employer", &other),
        ("another candidate", &peer),
        ("anonymous", &test.client),
    ] {
        let read = person(client, &quiet).await;
        assert!(summary(&read), "{who} after interest: {read}");
    }
    let users = GraphqlClient::new(test.stack.subgraphs.urls()["users"].clone());
    let reps = json!({"reps": [{"__typename": "User", "id": quiet}]});
    let entity = users
        .with_token(&verified.token)
        .data(ENTITIES, reps.clone())
        .await;
    assert_eq!(entity["_entities"][0]["firstName"], "Aiko", "{entity}");
    assert_eq!(
        entity["_entities"][0]["candidateProfile"]["nationality"],
        "VN"
    );
    let entity = users
        .with_token(&unverified.token)
        .data(ENTITIES, reps)
        .await;
    assert_eq!(
        entity["_entities"][0],
        json!({"firstName": null, "email": null,
            "candidateProfile": {"disclosed": false, "nationality": null}}),
        "{entity}"
    );

    // The hidden candidate answers the verified company: she enters its list, whole.
    let hidden_match = own_match(&hidden_one, &verified.posting).await;
    interested(&hidden_one, &hidden_match).await;
    let entered = eventually(20, || async {
        let found = listed(&verified.client, &verified.posting, &hidden).await?;
        (found["candidate"]["firstName"] == "Aiko").then_some(found)
    })
    .await;
    assert!(entered.is_some(), "a hidden candidate who answered");
    let read = person(&unverified.client, &hidden).await;
    assert!(read["candidateProfile"].is_null(), "{read}");

    // A candidate reads her own match by id; nobody else's candidate does, and another
    // company does not find it.
    let own = anonymous_one
        .data(ONE_MATCH, json!({"id": at_verified}))
        .await;
    assert_eq!(own["match"]["id"], at_verified.as_str());
    assert_eq!(own["match"]["status"], Value::Null, "the company's own");
    assert_eq!(own["match"]["candidateInterest"], "INTERESTED");
    for (who, client) in [
        ("another candidate", &peer),
        ("another company", &unverified.client),
    ] {
        let read = client.post(ONE_MATCH, json!({"id": at_verified})).await;
        assert_eq!(
            read.body["data"]["match"],
            Value::Null,
            "{who}: {}",
            read.body
        );
    }
    let refused = test
        .client
        .post(ONE_MATCH, json!({"id": at_verified}))
        .await;
    assert_eq!(
        error_code(&refused.body),
        "UNAUTHENTICATED",
        "{}",
        refused.body
    );

    // The export tells her which companies matched her and which read her whole profile.
    let export = anonymous_one
        .data("mutation { exportMyData }", json!({}))
        .await;
    let matched = export["exportMyData"]["companiesMatched"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let reads_whole = |name: &str| {
        matched
            .iter()
            .find(|row| row["companyName"] == name)
            .map(|row| {
                (
                    row["toldInterested"].clone(),
                    row["readsWholeProfile"].clone(),
                )
            })
    };
    assert_eq!(
        reads_whole("Sakura Systems"),
        Some((json!(true), json!(true))),
        "{matched:?}"
    );
    assert_eq!(
        reads_whole("Fuji Start"),
        Some((json!(true), json!(false))),
        "{matched:?}"
    );
}
on_both_backends!(candidates_decide_who_reads_them);
