//! The candidate's side of matching through the router: `recommendedJobs` lists the caller's
//! own matches with published postings, best first, paged; `setMatchingOptOut` removes them at
//! once (from employers' lists too) and opting back in brings them back; deleting the account
//! removes them for good.

use e2e::identity::{demo_employer, login_as};
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, TestStack, eventually, settled};
use serde_json::{Value, json};

const RECOMMENDED: &str = "query($first: Int, $after: String) {
  recommendedJobs(first: $first, after: $after) {
    totalCount optedOut
    edges { cursor node { score candidate { id } job { title status } } }
    pageInfo { hasNextPage }
  }
}";
const OPT_OUT: &str = "mutation($optOut: Boolean!) { setMatchingOptOut(optOut: $optOut) }";
const EMPLOYER_VIEW: &str =
    "query($id: ID!) { jobPosting(id: $id) { matches(first: 10) { candidate { id } } } }";
const BACKEND_POSTING: &str = "Backend Engineer (Rust / GraphQL)";

async fn recommended(client: &GraphqlClient, variables: Value) -> Value {
    client.data(RECOMMENDED, variables).await["recommendedJobs"].clone()
}

fn titles(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| {
            edge["node"]["job"]["title"]
                .as_str()
                .expect("title")
                .to_owned()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn candidates_read_their_own_recommendations_and_may_opt_out() {
    let test = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: true,
            redis: false,
        },
    )
    .await;
    let an = login_as(
        &test.client,
        "an.nguyen@example.vn",
        users::seed::DEMO_PASSWORD,
    )
    .await;
    let candidate = test.as_user(&an.access_token);
    let all = settled(40, || async {
        let page = recommended(&candidate, json!({"first": 50})).await;
        (page["totalCount"].as_u64() >= Some(2)).then_some(page)
    })
    .await
    .expect("the seeded candidate's recommendations");
    assert_eq!(all["optedOut"], false);
    let edges = all["edges"].as_array().expect("edges");
    assert_eq!(
        edges.len() as u64,
        all["totalCount"].as_u64().expect("total")
    );
    assert_eq!(titles(&all)[0], BACKEND_POSTING, "{all}");
    for edge in edges {
        assert_eq!(
            edge["node"]["candidate"]["id"],
            an.id.as_str(),
            "only their own: {all}"
        );
        assert_eq!(edge["node"]["job"]["status"], "PUBLISHED");
    }
    let scores: Vec<f64> = edges
        .iter()
        .map(|edge| edge["node"]["score"].as_f64().expect("score"))
        .collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "{scores:?}"
    );

    // Paged.
    let first = recommended(&candidate, json!({"first": 1})).await;
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let cursor = first["edges"][0]["cursor"].clone();
    let second = recommended(&candidate, json!({"first": 1, "after": cursor})).await;
    assert_eq!(titles(&second), [titles(&all)[1].clone()]);
    let refused = candidate.post(RECOMMENDED, json!({"first": 51})).await;
    assert_eq!(
        error_code(&refused.body),
        "BAD_USER_INPUT",
        "{}",
        refused.body
    );

    // Anonymous callers have no recommendations to read.
    let refused = test.client.post(RECOMMENDED, json!({})).await;
    assert_eq!(
        error_code(&refused.body),
        "UNAUTHENTICATED",
        "{}",
        refused.body
    );

    // Opting out removes the candidate from every list at once.
    let employer = demo_employer(&test.client).await;
    let postings = test
        .client
        .data(
            "{ jobPostings(first: 50) { edges { node { id title } } } }",
            json!({}),
        )
        .await;
    let posting = postings["jobPostings"]["edges"]
        .as_array()
        .expect("postings")
        .iter()
        .find(|edge| edge["node"]["title"] == BACKEND_POSTING)
        .map(|edge| edge["node"]["id"].clone())
        .expect("the seeded posting");
    let listed = |view: &Value| {
        view["jobPosting"]["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .any(|found| found["candidate"]["id"] == an.id.as_str())
    };
    assert!(listed(
        &employer.data(EMPLOYER_VIEW, json!({"id": posting})).await
    ));
    let set = candidate.data(OPT_OUT, json!({"optOut": true})).await;
    assert_eq!(set["setMatchingOptOut"], true);
    let none = recommended(&candidate, json!({})).await;
    assert_eq!(
        (none["totalCount"].clone(), none["optedOut"].clone()),
        (json!(0), json!(true))
    );
    assert!(!listed(
        &employer.data(EMPLOYER_VIEW, json!({"id": posting})).await
    ));

    // Opting back in scores them again.
    candidate.data(OPT_OUT, json!({"optOut": false})).await;
    let back = recommended(&candidate, json!({"first": 50})).await;
    assert_eq!(back["optedOut"], false);
    assert_eq!(back["totalCount"], all["totalCount"], "{back} {all}");
    assert!(listed(
        &employer.data(EMPLOYER_VIEW, json!({"id": posting})).await
    ));

    // A deleted account leaves matching altogether once its event arrives.
    let deleted = candidate
        .data(
            "mutation($password: String!) { deleteMyAccount(password: $password) }",
            json!({"password": users::seed::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(deleted["deleteMyAccount"], true);
    let gone = eventually(20, || async {
        let view = employer.data(EMPLOYER_VIEW, json!({"id": posting})).await;
        (!listed(&view)).then_some(())
    })
    .await;
    assert!(
        gone.is_some(),
        "the deleted candidate's matches are removed"
    );

    empty_lists_say_why(&test).await;
}

const GAPS: &str = "{ recommendedJobs { totalCount
  gaps { postingsConsidered open gates { gate postings why whyJa change changeJa } } } }";

/// A student in Hokkaido with N5 who will not move gets no recommendation from the seeded
/// postings, and reads which gates kept them out and what would change that, in both
/// languages (the visa gate's words are covered by the service's unit test).
async fn empty_lists_say_why(test: &TestStack) {
    let student = test.signed_up("student@example.vn", "CANDIDATE").await;
    let client = test.as_user(&student.access_token);
    client
        .data(
            "mutation($input: UpdateCandidateProfileInput!) { updateCandidateProfile(input: $input) { id } }",
            json!({"input": {
                "visaStatus": "student", "languages": [{"language": "ja", "level": "N5"}], "currentCity": "Sapporo",
                "preferredLocations": ["hokkaido"], "technicalSkills": ["接客"],
                "desiredRole": "飲食店のアルバイト",
            }}),
        )
        .await;
    let read = settled(30, || async {
        let page = client.data(GAPS, json!({})).await["recommendedJobs"].clone();
        (page["gaps"]["postingsConsidered"].as_u64() > Some(0)).then_some(page)
    })
    .await
    .expect("matching has the student's profile");
    assert_eq!(read["totalCount"], 0, "{read}");
    let gaps = &read["gaps"];
    assert_eq!(gaps["open"], 0, "{read}");
    let gates: Vec<&str> = gaps["gates"]
        .as_array()
        .expect("gates")
        .iter()
        .map(|gate| gate["gate"].as_str().expect("gate"))
        .collect();
    // The seeded postings sponsor statuses a student could change to, so the visa gate lets
    // them through; Japanese and place keep them out.
    for gate in ["JAPANESE", "LOCATION"] {
        assert!(gates.contains(&gate), "{gate}: {read}");
    }
    let location = gaps["gates"]
        .as_array()
        .expect("gates")
        .iter()
        .find(|gate| gate["gate"] == "LOCATION")
        .expect("location");
    assert!(
        location["change"]
            .as_str()
            .is_some_and(|text| text.contains("relocate")),
        "{location}"
    );
    assert!(
        location["whyJa"]
            .as_str()
            .is_some_and(|text| text.contains("都道府県")),
        "{location}"
    );
}
