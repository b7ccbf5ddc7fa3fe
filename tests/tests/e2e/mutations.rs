//! Mutations through the router, each followed by a read-back; invalid input gets
//! `BAD_USER_INPUT` with the field, lifecycle violations `CONFLICT`.

use e2e::identity::{PASSWORD, verify_email};
use e2e::{Backend, Options, TestStack};
use serde_json::{Value, json};

const REGISTER: &str = r#"
mutation Register($input: RegisterInput!) {
  register(input: $input) { id email firstName lastNameKana role status }
}"#;

const CREATE_COMPANY: &str = r#"
mutation { createCompany(input: {name: "Fuji Robotics", nameJa: "富士ロボティクス株式会社", visaSponsorship: true,
  supportedVisaTypes: ["engineer_humanities_international"]}) { id name } }"#;

const CREATE_POSTING: &str = r#"
mutation Create($input: CreateJobPostingInput!) {
  createJobPosting(input: $input) { id status title }
}"#;

const READ_POSTING: &str = r#"
query Read($id: ID!) {
  jobPosting(id: $id) { title titleJa status requiredSkills salaryMin currency company { name } postedBy { lastNameKana } }
}"#;

const PUBLISH: &str =
    "mutation Publish($id: ID!) { publishJobPosting(id: $id) { id status publishedAt } }";

fn registration(email: &str) -> serde_json::Value {
    json!({"input": {
        "email": email,
        "password": PASSWORD,
        "firstName": "Aiko",
        "lastName": "Tanaka",
        "lastNameKana": "タナカ",
        "role": "EMPLOYER",
        "privacyConsent": true
    }})
}

async fn mutations_are_read_back_through_the_router(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let client = &test.client;

    let user = client
        .data(REGISTER, registration("Aiko.Tanaka@Example.jp"))
        .await["register"]
        .clone();
    assert_eq!(user["status"], "PENDING_VERIFICATION");
    assert_eq!(user["role"], "EMPLOYER");
    // Until the address is verified, the account is nobody else's business.
    let read_user = client
        .data(
            "query($id: ID!) { user(id: $id) { firstName lastNameKana } }",
            json!({"id": user["id"]}),
        )
        .await;
    assert_eq!(read_user["user"], Value::Null);

    // Signing up again with the address (unique case-insensitively) answers exactly as a new
    // sign-up does, telling a stranger nothing; the owner is mailed instead.
    let again = client
        .data(REGISTER, registration("aiko.tanaka@example.JP"))
        .await["register"]
        .clone();
    assert_eq!(again["status"], "PENDING_VERIFICATION", "{again}");
    assert_ne!(again["id"], user["id"]);
    let mails = e2e::identity::mails_to(&test.mail_dir, "aiko.tanaka@example.jp");
    assert!(
        mails.iter().any(|mail| mail.contains("tried to create")),
        "{mails:?}"
    );
    let unknown = client
        .data(
            "query($id: ID!) { user(id: $id) { firstName } }",
            json!({"id": again["id"]}),
        )
        .await;
    assert_eq!(unknown["user"], Value::Null, "both ids look alike");

    // Signed in, the employer registers a company and writes a posting.
    verify_email(client, &test.mail_dir, "aiko.tanaka@example.jp").await;
    let employer = test.login("aiko.tanaka@example.jp").await;
    let client = &test.as_user(&employer.access_token);
    let company = client.data(CREATE_COMPANY, json!({})).await["createCompany"].clone();
    let company_id = company["id"].as_str().expect("company id");
    e2e::companies::wait_for_membership(test.jobs_db(), company_id, &employer.id, true).await;
    let input = json!({
        "companyId": company["id"],
        "title": "Robotics Engineer",
        "titleJa": "ロボットエンジニア",
        "description": "Design pick-and-place robots.",
        "location": "Yokohama",
        "salaryMin": 6000000,
        "salaryMax": 9000000,
        "requiredSkills": ["C++", "ROS", "c++"]
    });
    let posting =
        client.data(CREATE_POSTING, json!({"input": input})).await["createJobPosting"].clone();
    assert_eq!(posting["status"], "DRAFT");

    let read = client
        .data(READ_POSTING, json!({"id": posting["id"]}))
        .await;
    assert_eq!(
        read["jobPosting"],
        json!({
            "title": "Robotics Engineer",
            "titleJa": "ロボットエンジニア",
            "status": "DRAFT",
            "requiredSkills": ["c++", "ros"],
            "salaryMin": 6000000,
            "currency": "JPY",
            "company": {"name": "Fuji Robotics"},
            "postedBy": {"lastNameKana": "タナカ"}
        })
    );

    let published = client.data(PUBLISH, json!({"id": posting["id"]})).await;
    assert_eq!(published["publishJobPosting"]["status"], "PUBLISHED");
    assert!(published["publishJobPosting"]["publishedAt"].is_string());
    let again = client.post(PUBLISH, json!({"id": posting["id"]})).await;
    assert_eq!(
        again.body["errors"][0]["extensions"]["code"], "CONFLICT",
        "{}",
        again.body
    );
    let read = client
        .data(READ_POSTING, json!({"id": posting["id"]}))
        .await;
    assert_eq!(read["jobPosting"]["status"], "PUBLISHED");
}

async fn invalid_input_is_reported_per_field_and_nothing_is_stored(backend: Backend) {
    let test = TestStack::start(
        backend,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let client = &test.client;
    let mut bad = registration("not-an-email");
    bad["input"]["password"] = json!("short");
    bad["input"]["lastNameKana"] = json!("田中");
    bad["input"]["privacyConsent"] = json!(false);
    let reply = client.post(REGISTER, bad).await;
    let error = &reply.body["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "BAD_USER_INPUT",
        "{}",
        reply.body
    );
    let fields: Vec<&str> = error["extensions"]["fields"]
        .as_array()
        .expect("all field errors at once")
        .iter()
        .filter_map(|field| field["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["email", "password", "lastNameKana", "privacyConsent"]
    );

    let postings = client
        .data(
            "{ jobPostings(first: 5) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(postings["jobPostings"]["edges"], json!([]));
    let employer = test.signed_up("ken.mori@example.jp", "EMPLOYER").await;
    let client = test.as_user(&employer.access_token);
    let unknown = client.post(PUBLISH, json!({"id": "not-a-uuid"})).await;
    assert_eq!(
        unknown.body["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    assert_eq!(unknown.body["errors"][0]["extensions"]["field"], "id");
}

e2e::on_both_backends!(mutations_are_read_back_through_the_router);
e2e::on_both_backends!(invalid_input_is_reported_per_field_and_nothing_is_stored);
