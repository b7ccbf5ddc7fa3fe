//! Who may change jobs, through the router: companies and postings are created by signed-in
//! users granted `jobs:create` (the posting's author is the caller, never an input), and only
//! the author — or someone granted `jobs:manage`, such as an administrator — publishes or
//! closes a posting. Refusals change nothing.

use e2e::identity::with_admin;
use e2e::records::error_code;
use e2e::{Backend, Options, TestStack, on_both_backends};
use serde_json::json;

const CREATE_COMPANY: &str =
    r#"mutation { createCompany(input: {name: "Sakura Logistics"}) { id } }"#;
const CREATE_POSTING: &str = r#"mutation($companyId: ID!) {
  createJobPosting(input: {companyId: $companyId, title: "Warehouse Lead", description: "Lead a shift.",
    location: "Osaka", requiredSkills: ["logistics"]}) { id status postedBy { id } }
}"#;
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const CLOSE: &str = "mutation($id: ID!) { closeJobPosting(id: $id) { status } }";
const STATUS: &str = "query($id: ID!) { jobPosting(id: $id) { status } }";

async fn only_authors_and_managers_change_postings(backend: Backend) {
    let test = TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await;
    let author = test.signed_up("author@sakura.example.jp", "EMPLOYER").await;
    let rival = test.signed_up("rival@other.example.jp", "EMPLOYER").await;
    let candidate = test.signed_up("seeker@example.jp", "CANDIDATE").await;
    let author_client = test.as_user(&author.access_token);

    // Anonymous callers and candidates create nothing.
    let anonymous = test.client.post(CREATE_COMPANY, json!({})).await;
    assert_eq!(
        error_code(&anonymous.body),
        "UNAUTHENTICATED",
        "{}",
        anonymous.body
    );
    let as_candidate = test
        .as_user(&candidate.access_token)
        .post(CREATE_COMPANY, json!({}))
        .await;
    assert_eq!(
        error_code(&as_candidate.body),
        "FORBIDDEN",
        "{}",
        as_candidate.body
    );

    let company = author_client.data(CREATE_COMPANY, json!({})).await;
    let company_id = &company["createCompany"]["id"];
    let anonymous_posting = test
        .client
        .post(CREATE_POSTING, json!({"companyId": company_id}))
        .await;
    assert_eq!(error_code(&anonymous_posting.body), "UNAUTHENTICATED");
    let created = author_client
        .data(CREATE_POSTING, json!({"companyId": company_id}))
        .await;
    let posting = &created["createJobPosting"];
    assert_eq!(
        posting["postedBy"]["id"],
        author.id.as_str(),
        "the caller is the author"
    );
    let id = posting["id"].clone();

    // Another employer may neither publish nor close it; nothing changes.
    let status = || async {
        test.client.data(STATUS, json!({"id": id})).await["jobPosting"]["status"].clone()
    };
    let rival_client = test.as_user(&rival.access_token);
    let refused = rival_client.post(PUBLISH, json!({"id": id})).await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN", "{}", refused.body);
    let as_candidate = test
        .as_user(&candidate.access_token)
        .post(PUBLISH, json!({"id": id}))
        .await;
    assert_eq!(error_code(&as_candidate.body), "FORBIDDEN");
    assert_eq!(status().await, "DRAFT");

    let published = author_client.data(PUBLISH, json!({"id": id})).await;
    assert_eq!(published["publishJobPosting"]["status"], "PUBLISHED");
    let refused = rival_client.post(CLOSE, json!({"id": id})).await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN");
    assert_eq!(status().await, "PUBLISHED");

    // An administrator (`jobs:manage` through `*`) closes any posting.
    let closed = test.admin().await.data(CLOSE, json!({"id": id})).await;
    assert_eq!(closed["closeJobPosting"]["status"], "CLOSED");
}
on_both_backends!(only_authors_and_managers_change_postings);
