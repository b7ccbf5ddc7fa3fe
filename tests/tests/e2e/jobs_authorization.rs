//! Who may write and who may see a company's postings, through the router (and, for entity
//! resolution, at the jobs subgraph itself): a company's employers and HR managers write its
//! postings, `jobs:manage` holders (administrators) write any; drafts and archived postings are
//! seen by the company's members and administrators only — by query, list, the company's
//! `jobPostings` and `_entities` alike. Refusals change nothing, and a member who leaves loses
//! access once the change reaches the jobs subgraph.

use e2e::companies::{add_member, create_company, wait_for_membership};
use e2e::identity::with_admin;
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, on_both_backends};
use serde_json::{Value, json};

const CREATE_POSTING: &str = r#"mutation($companyId: ID!) {
  createJobPosting(input: {companyId: $companyId, title: "Warehouse Lead", description: "Lead a shift.",
    location: "Osaka", requiredSkills: ["logistics"]}) { id status postedBy { id } company { id name } }
}"#;
const PUBLISH: &str = "mutation($id: ID!) { publishJobPosting(id: $id) { status } }";
const CLOSE: &str = "mutation($id: ID!) { closeJobPosting(id: $id) { status } }";
const ARCHIVE: &str = "mutation($id: ID!) { archiveJobPosting(id: $id) { status } }";
const READ: &str = "query($id: ID!) { jobPosting(id: $id) { id status } }";
const LIST: &str = "{ jobPostings(first: 50) { edges { node { id } } } }";
const COMPANY_POSTINGS: &str =
    "query($id: ID!) { company(id: $id) { name jobPostings { edges { node { id status } } } } }";
const ENTITIES: &str = "query($reps: [_Any!]!) { _entities(representations: $reps) { ... on JobPosting { id status } } }";

/// The posting's status as `client` reads it, `None` when it is hidden (or absent).
async fn seen_status(client: &GraphqlClient, id: &Value) -> Option<String> {
    let read = client.data(READ, json!({"id": id})).await;
    read["jobPosting"]["status"].as_str().map(str::to_owned)
}

async fn listed(client: &GraphqlClient, id: &Value) -> bool {
    let list = client.data(LIST, json!({})).await;
    let edges = list["jobPostings"]["edges"].as_array().cloned();
    edges
        .unwrap_or_default()
        .iter()
        .any(|edge| &edge["node"]["id"] == id)
}

async fn company_lists(client: &GraphqlClient, company: &str) -> usize {
    let read = client.data(COMPANY_POSTINGS, json!({"id": company})).await;
    read["company"]["jobPostings"]["edges"]
        .as_array()
        .map_or(0, Vec::len)
}

async fn postings_are_their_companys_business(backend: Backend) {
    let test = TestStack::start_configured(
        backend,
        Options {
            seed: false,
            redis: false,
        },
        with_admin,
    )
    .await;
    let owner = test.signed_up("owner@sakura.example.jp", "EMPLOYER").await;
    // Self-registration offers the employer role; the company makes them its HR manager.
    let hr = test.signed_up("hr@sakura.example.jp", "EMPLOYER").await;
    let recruiter = test
        .signed_up("recruiter@sakura.example.jp", "RECRUITER")
        .await;
    let rival = test.signed_up("rival@kaizen.example.jp", "EMPLOYER").await;
    let candidate = test.signed_up("seeker@example.vn", "CANDIDATE").await;
    let as_owner = test.as_user(&owner.access_token);
    let as_hr = test.as_user(&hr.access_token);
    let as_recruiter = test.as_user(&recruiter.access_token);
    let as_rival = test.as_user(&rival.access_token);
    let as_candidate = test.as_user(&candidate.access_token);
    let anonymous = &test.client;
    let admin = test.admin().await;

    let sakura = create_company(test.jobs_db(), &as_owner, &owner.id, "Sakura Logistics").await;
    let kaizen = create_company(test.jobs_db(), &as_rival, &rival.id, "Kaizen Mobility").await;
    add_member(&test, &as_owner, &sakura, &hr.id, "HR_MANAGER").await;
    add_member(&test, &as_owner, &sakura, &recruiter.id, "RECRUITER").await;

    // Nobody writes postings for a company they do not work for.
    let anonymous_post = anonymous
        .post(CREATE_POSTING, json!({"companyId": sakura}))
        .await;
    assert_eq!(error_code(&anonymous_post.body), "UNAUTHENTICATED");
    for (who, client) in [("candidate", &as_candidate), ("rival", &as_rival)] {
        let refused = client
            .post(CREATE_POSTING, json!({"companyId": sakura}))
            .await;
        assert_eq!(
            error_code(&refused.body),
            "FORBIDDEN",
            "{who}: {}",
            refused.body
        );
    }
    let unknown = as_owner
        .post(CREATE_POSTING, json!({"companyId": uuid::Uuid::now_v7()}))
        .await;
    assert_eq!(error_code(&unknown.body), "FORBIDDEN", "{}", unknown.body);

    let created = as_owner
        .data(CREATE_POSTING, json!({"companyId": sakura}))
        .await;
    let posting = &created["createJobPosting"];
    assert_eq!(posting["postedBy"]["id"], owner.id.as_str());
    assert_eq!(
        posting["company"],
        json!({"id": sakura, "name": "Sakura Logistics"}),
        "the company is resolved from its owner, the users subgraph"
    );
    let id = posting["id"].clone();
    // An administrator writes for any company.
    let by_admin = admin
        .data(CREATE_POSTING, json!({"companyId": kaizen}))
        .await;
    assert_eq!(by_admin["createJobPosting"]["status"], "DRAFT");

    // A draft is seen by the company's members (recruiters too) and administrators only.
    for (who, client) in [
        ("owner", &as_owner),
        ("hr manager", &as_hr),
        ("recruiter", &as_recruiter),
        ("admin", &admin),
    ] {
        assert_eq!(
            seen_status(client, &id).await.as_deref(),
            Some("DRAFT"),
            "{who}"
        );
        assert!(listed(client, &id).await, "{who} lists the draft");
    }
    for (who, client) in [
        ("anonymous", anonymous),
        ("candidate", &as_candidate),
        ("rival", &as_rival),
    ] {
        assert_eq!(
            seen_status(client, &id).await,
            None,
            "{who} reads the draft"
        );
        assert!(!listed(client, &id).await, "{who} lists the draft");
        assert_eq!(company_lists(client, &sakura).await, 0, "{who}");
    }
    assert_eq!(company_lists(&as_recruiter, &sakura).await, 1);

    // Entity resolution hides it too: another subgraph asking for the draft on behalf of an
    // outsider gets null.
    let jobs_url = test.stack.subgraphs.urls()["jobs"].clone();
    let reps = json!({"reps": [{"__typename": "JobPosting", "id": id}]});
    let jobs = GraphqlClient::new(jobs_url);
    for (who, client) in [
        ("anonymous", jobs.clone()),
        ("rival", jobs.with_token(&rival.access_token)),
    ] {
        let resolved = client.data(ENTITIES, reps.clone()).await;
        assert_eq!(resolved["_entities"], json!([null]), "{who}");
    }
    let resolved = jobs
        .with_token(&owner.access_token)
        .data(ENTITIES, reps.clone())
        .await;
    assert_eq!(
        resolved["_entities"],
        json!([{"id": id, "status": "DRAFT"}])
    );

    // Only writers change its status: an outsider is told it does not exist, a recruiter
    // member lacks the permission.
    let refused = as_rival.post(PUBLISH, json!({"id": id})).await;
    assert_eq!(error_code(&refused.body), "NOT_FOUND", "{}", refused.body);
    let refused = as_recruiter.post(PUBLISH, json!({"id": id})).await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN", "{}", refused.body);
    assert_eq!(seen_status(&as_owner, &id).await.as_deref(), Some("DRAFT"));

    // Published and closed postings are public; another writer of the company closes it.
    as_owner.data(PUBLISH, json!({"id": id})).await;
    assert_eq!(
        seen_status(anonymous, &id).await.as_deref(),
        Some("PUBLISHED")
    );
    assert!(listed(anonymous, &id).await);
    let refused = as_rival.post(CLOSE, json!({"id": id})).await;
    assert_eq!(error_code(&refused.body), "FORBIDDEN", "{}", refused.body);
    as_hr.data(CLOSE, json!({"id": id})).await;
    assert_eq!(
        seen_status(&as_candidate, &id).await.as_deref(),
        Some("CLOSED")
    );

    // Archived: out of public view, still the company's.
    let archived = admin.data(ARCHIVE, json!({"id": id})).await;
    assert_eq!(archived["archiveJobPosting"]["status"], "ARCHIVED");
    assert_eq!(seen_status(anonymous, &id).await, None);
    assert_eq!(seen_status(&as_rival, &id).await, None);
    assert_eq!(seen_status(&as_hr, &id).await.as_deref(), Some("ARCHIVED"));

    // A member who is removed loses access once the change reaches the jobs subgraph.
    as_owner
        .data(
            "mutation($c: ID!, $u: ID!) { removeCompanyMember(companyId: $c, userId: $u) { id } }",
            json!({"c": sakura, "u": hr.id}),
        )
        .await;
    wait_for_membership(test.jobs_db(), &sakura, &hr.id, false).await;
    assert_eq!(seen_status(&as_hr, &id).await, None);
    let draft = as_hr
        .post(CREATE_POSTING, json!({"companyId": sakura}))
        .await;
    assert_eq!(error_code(&draft.body), "FORBIDDEN", "{}", draft.body);
}
on_both_backends!(postings_are_their_companys_business);
