//! One query across all three subgraphs on seeded data, through the router; the subgraphs see
//! batched `_entities` fetches whose number does not grow with the number of items. Matches
//! name candidates, so they are read as a seeded employer; anonymous callers get none.

use e2e::identity::demo_employer;
use e2e::records::error_code;
use e2e::{Backend, GraphqlClient, Options, config_for, proxy, settled};
use serde_json::{Value, json};

const POSTINGS: &str = "{ jobPostings(first: 10) { edges { node { id title status } } } }";

const CROSS_QUERY: &str = r#"
query Posting($id: ID!) {
  jobPosting(id: $id) {
    title
    titleJa
    company { name nameJa }
    postedBy { firstName lastName lastNameKana }
    matches(first: 10) {
      score
      matchedSkills
      candidate { firstName lastName candidateProfile { jlptLevel } }
    }
  }
}"#;

const LIST_QUERY: &str = r#"
{ jobPostings(first: 10, status: PUBLISHED) { edges { node {
    title
    postedBy { lastName }
    matches { score candidate { firstName } }
} } } }"#;

/// The id of the seeded posting titled `title`.
async fn posting_id(client: &GraphqlClient, title: &str) -> String {
    let data = client.data(POSTINGS, json!({})).await;
    let edges = data["jobPostings"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    edges
        .iter()
        .find(|edge| edge["node"]["title"] == title)
        .map(|edge| edge["node"]["id"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_else(|| panic!("seeded posting {title:?} missing: {data}"))
}

async fn cross_subgraph_query_returns_seeded_data_with_batched_entity_fetches(backend: Backend) {
    let storage = backend.fresh_storage().await;
    let config = config_for(
        &storage,
        Options {
            seed: true,
            redis: false,
        },
    );
    let (_subgraphs, anonymous, recorded) = proxy::proxied_stack(&config).await;

    let id = posting_id(&anonymous, "Backend Engineer (Rust / GraphQL)").await;
    let refused = anonymous.post(CROSS_QUERY, json!({"id": id})).await;
    assert_eq!(
        error_code(&refused.body),
        "UNAUTHENTICATED",
        "{}",
        refused.body
    );
    assert_eq!(
        refused.body["errors"][0]["path"],
        json!(["jobPosting", "matches"])
    );
    assert_eq!(refused.body["data"]["jobPosting"]["matches"], Value::Null);
    assert_eq!(
        refused.body["data"]["jobPosting"]["company"]["name"],
        "Sakura Systems"
    );

    let client = demo_employer(&anonymous).await;
    // Matches are computed from events after seeding; wait until they settle.
    let data = settled(40, || {
        let client = client.clone();
        let id = id.clone();
        async move {
            let data = client.data(CROSS_QUERY, json!({"id": id})).await;
            let count = data["jobPosting"]["matches"].as_array().map_or(0, Vec::len);
            (count >= 2).then_some(data)
        }
    })
    .await
    .expect("matches computed for the seeded backend posting");

    let posting = &data["jobPosting"];
    assert_eq!(
        posting["titleJa"],
        "バックエンドエンジニア（Rust / GraphQL）"
    );
    assert_eq!(
        posting["company"],
        json!({"name": "Sakura Systems", "nameJa": "株式会社さくらシステムズ"})
    );
    assert_eq!(
        posting["postedBy"],
        json!({"firstName": "浩", "lastName": "田中", "lastNameKana": "タナカ"})
    );
    let matches = posting["matches"].as_array().expect("matches");
    let scored: Vec<(String, f64)> = matches
        .iter()
        .map(|m| {
            (
                m["candidate"]["firstName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                m["score"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    // An holds every required skill, JLPT N2 for N3 and the visa the posting covers (what
    // the seeded profile does not state, salary and work style, adds nothing).
    assert_eq!(scored[0].0, "An", "{scored:?}");
    assert!(scored[0].1 >= 0.7, "{scored:?}");
    assert_eq!(
        matches[0]["matchedSkills"],
        json!(["rust", "postgresql", "graphql", "docker"])
    );
    assert_eq!(
        matches[0]["candidate"]["candidateProfile"]["jlptLevel"],
        "N2"
    );
    // The others share a skill or read close, and score below An.
    for (name, score) in &scored[1..] {
        assert!((0.35..scored[0].1).contains(score), "{name}: {scored:?}");
    }

    // One operation, many items: entity fetches per subgraph stay constant.
    recorded.values().for_each(|recording| recording.clear());
    let reply = client.post(LIST_QUERY, json!({})).await;
    // Two of the four are other companies' postings: their matches read null, without an
    // error, and the page keeps everything else.
    assert!(reply.body.get("errors").is_none(), "{}", reply.body);
    let list = reply.body["data"].clone();
    let hidden = list["jobPostings"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|edge| edge["node"]["matches"].is_null())
        .count();
    assert_eq!(hidden, 2, "{list}");
    let nodes = list["jobPostings"]["edges"].as_array().map_or(0, Vec::len);
    let candidates: usize = list["jobPostings"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|edge| edge["node"]["matches"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(nodes, 4, "{list}");
    // Three each: candidates of another occupation sharing no required skill are not kept.
    assert!(
        candidates >= 6,
        "expected the matched candidates of both Sakura Systems postings: {list}"
    );
    assert!(list.to_string().contains("\"lastName\":\"田中\""), "{list}");
    let users_fetches = recorded["users"].entity_fetches();
    let matching_fetches = recorded["matching"].entity_fetches();
    assert!(
        (1..=2).contains(&users_fetches),
        "users got {users_fetches} _entities fetches for {nodes} postings and {candidates} candidates"
    );
    assert_eq!(matching_fetches, 1, "{:?}", recorded["matching"].queries());
    assert_ne!(Value::Null, list);
}

e2e::on_both_backends!(cross_subgraph_query_returns_seeded_data_with_batched_entity_fetches);
