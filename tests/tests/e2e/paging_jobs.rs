//! The jobs subgraph's connections page both ways, as Relay's cursor connections specify:
//! `first` after `after`, or `last` before `before` (from the end without it), with
//! `totalCount`. Postings and audit entries are paged by id, applications and search results
//! by position; both kinds are walked back from the end here, on both backends.

use e2e::companies::{HiringCompany, hiring_company, published_posting};
use e2e::identity::with_admin;
use e2e::records::{error_code, error_fields};
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually, on_both_backends};
use serde_json::{Value, json};

const UPDATE_PROFILE: &str = r#"mutation($input: UpdateCandidateProfileInput!) {
  updateCandidateProfile(input: $input) { visibility } }"#;
const APPLY: &str = "mutation($id: ID!) { applyToJob(input: {jobId: $id}) { id } }";
const PAGE: &str = "totalCount edges { cursor node { title } }
  pageInfo { hasPreviousPage hasNextPage }";

fn postings_query() -> String {
    format!(
        "query($first: Int, $after: String, $last: Int, $before: String) {{
          jobPostings(first: $first, after: $after, last: $last, before: $before) {{ {PAGE} }} }}"
    )
}

fn titles(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|edge| {
            edge["node"]["title"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn page_info(page: &Value) -> (bool, bool) {
    let info = &page["pageInfo"];
    (
        info["hasPreviousPage"].as_bool().expect("hasPreviousPage"),
        info["hasNextPage"].as_bool().expect("hasNextPage"),
    )
}

/// Every item of `field`, read back from the end `size` at a time, in list order.
async fn walked_back(client: &GraphqlClient, query: &str, field: &str, size: i32) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut before = Value::Null;
    loop {
        let data = client
            .data(query, json!({"last": size, "before": before}))
            .await;
        let page = &data[field];
        let mut batch = titles(page);
        batch.append(&mut seen);
        seen = batch;
        if !page_info(page).0 {
            return seen;
        }
        before = page["edges"][0]["cursor"].clone();
    }
}

async fn job_lists_page_back_from_the_end(backend: Backend) {
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
    let HiringCompany {
        id: company,
        as_owner,
        ..
    } = hiring_company(&test, &admin).await;
    let mut postings = Vec::new();
    for number in 1..=5 {
        let title = format!("Posting {number}");
        postings.push(published_posting(&as_owner, &company, &title).await);
    }
    let newest_first: Vec<String> = (1..=5).rev().map(|n| format!("Posting {n}")).collect();

    // Postings, paged by id.
    let query = postings_query();
    let all = test.client.data(&query, json!({"first": 10})).await;
    assert_eq!(titles(&all["jobPostings"]), newest_first);
    assert_eq!(all["jobPostings"]["totalCount"], 5);
    let last = test.client.data(&query, json!({"last": 2})).await;
    assert_eq!(titles(&last["jobPostings"]), ["Posting 2", "Posting 1"]);
    assert_eq!(page_info(&last["jobPostings"]), (true, false));
    let second = &all["jobPostings"]["edges"][3]["cursor"];
    let before = test
        .client
        .data(&query, json!({"last": 2, "before": second}))
        .await;
    assert_eq!(titles(&before["jobPostings"]), ["Posting 4", "Posting 3"]);
    assert_eq!(page_info(&before["jobPostings"]), (true, true));
    assert_eq!(
        walked_back(&test.client, &query, "jobPostings", 2).await,
        newest_first
    );
    for (arguments, field) in [
        (json!({"first": 2, "last": 2}), "first"),
        (json!({"after": second, "last": 2}), "after"),
        (json!({"last": 101}), "last"),
        (json!({"last": 2, "before": "x"}), "before"),
    ] {
        let refused = test.client.post(&query, arguments).await.body;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
        assert_eq!(error_fields(&refused), [field], "{refused}");
    }
    let of_company = test
        .client
        .data(
            &format!(
                "query($id: ID!) {{ company(id: $id) {{ jobPostings(last: 1) {{ {PAGE} }} }} }}"
            ),
            json!({"id": company}),
        )
        .await;
    let of_company = &of_company["company"]["jobPostings"];
    assert_eq!(titles(of_company), ["Posting 1"]);
    assert_eq!(of_company["totalCount"], 5);

    // Applications, paged by position: the candidate's three, newest first.
    let seeker = test.signed_up("an@example.vn", "CANDIDATE").await;
    let seeker = test.as_user(&seeker.access_token);
    seeker
        .data(
            UPDATE_PROFILE,
            json!({"input": {"nationality": "VN", "yearsExperience": 5,
                "technicalSkills": ["Rust"]}}),
        )
        .await;
    for posting in &postings[..3] {
        seeker.data(APPLY, json!({"id": posting})).await;
    }
    let mine = "query($last: Int, $before: String) { myApplications(last: $last, before: $before) {
          totalCount edges { cursor node { job { title } } }
          pageInfo { hasPreviousPage hasNextPage } } }";
    let applied = |data: &Value| -> Vec<Value> {
        data["myApplications"]["edges"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|edge| edge["node"]["job"]["title"].clone())
            .collect()
    };
    let last = seeker.data(mine, json!({"last": 2})).await;
    assert_eq!(applied(&last), ["Posting 2", "Posting 1"]);
    assert_eq!(last["myApplications"]["totalCount"], 3);
    assert_eq!(page_info(&last["myApplications"]), (true, false));
    let first_of_last = &last["myApplications"]["edges"][0]["cursor"];
    assert_eq!(first_of_last, "2");
    let before = seeker
        .data(mine, json!({"last": 5, "before": first_of_last}))
        .await;
    assert_eq!(applied(&before), ["Posting 3"]);
    assert_eq!(page_info(&before["myApplications"]), (false, true));

    // Search results, paged by position, once the index has all five.
    let search = format!(
        "query($last: Int, $before: String) {{
          searchJobPostings(sort: NEWEST, last: $last, before: $before) {{ {PAGE} }} }}"
    );
    eventually(20, || async {
        let data = test.client.data(&search, json!({"last": 1})).await;
        (data["searchJobPostings"]["totalCount"] == 5).then_some(())
    })
    .await
    .expect("five postings found");
    assert_eq!(
        walked_back(&test.client, &search, "searchJobPostings", 2).await,
        newest_first
    );

    // The audit trail, paged by id: its oldest entry is the first posting's creation.
    let audit = admin
        .data(
            "query($company: ID!) { jobAuditLogs(filter: {companyId: $company}, last: 1) {
              totalCount edges { node { action targetId } } pageInfo { hasPreviousPage } } }",
            json!({"company": company}),
        )
        .await;
    let audit = &audit["jobAuditLogs"];
    assert_eq!(audit["totalCount"], 10, "{audit}");
    assert_eq!(
        audit["edges"][0]["node"],
        json!({"action": "job_posting_created", "targetId": postings[0]})
    );
    assert_eq!(audit["pageInfo"]["hasPreviousPage"], true);
}

on_both_backends!(job_lists_page_back_from_the_end);
