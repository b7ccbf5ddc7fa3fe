//! Browsers at the router's edge, with a real one: headless Chromium loads a page from an
//! allowed origin (`http://127.0.0.1:<port>`, a local development origin) and from a disallowed
//! one (`http://partner.example:<port>`) and calls the API from it as a web app would
//! (`tools/conformance/browser.mjs`). What a browser enforces — preflights, reading answers,
//! WebSocket origins — only a browser can show; the forged "simple" POSTs show that CSRF
//! prevention stops what CORS cannot (the browser sends those without asking).

use e2e::identity::{DEMO_EMPLOYER, LOGIN, mails_to, registration};
use e2e::{Backend, Options, TestStack, conformance};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) { id } }";

/// A forged sign-up the page posts without a preflight.
struct Forged {
    origin: &'static str,
    content_type: Option<&'static str>,
    email: String,
}

fn forged_posts() -> Vec<Forged> {
    let mut posts = Vec::new();
    for origin in ["allowed", "disallowed"] {
        for content_type in [Some("text/plain"), None] {
            let email = format!("forged.{}@example.com", uuid::Uuid::now_v7().simple());
            posts.push(Forged {
                origin,
                content_type,
                email,
            });
        }
    }
    posts
}

fn header<'a>(entry: &'a Value, name: &str) -> &'a str {
    entry["responseHeaders"][name].as_str().unwrap_or_default()
}

/// The page's preflights (OPTIONS requests to the router) as Chromium saw them.
fn preflights(visit: &Value) -> Vec<&Value> {
    visit["routerTraffic"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry["method"] == "OPTIONS")
        .collect()
}

/// (a) From an allowed origin, a credentialed JSON call with a bearer token is preflighted, the
/// preflight allows it, and the page reads the answer.
fn allowed_origin_problems(visit: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let origin = visit["origin"].as_str().unwrap_or_default();
    if !origin.starts_with("http://127.0.0.1:") {
        problems.push(format!("the allowed page has origin {origin:?}"));
    }
    if visit["login"]["status"] != 200
        || visit["login"]["body"]["data"]["login"]["tokens"].is_null()
    {
        problems.push(format!(
            "signing in from {origin} failed: {}",
            visit["login"]
        ));
    }
    let me = &visit["authorized"]["body"]["data"]["me"]["email"];
    if visit["authorized"]["status"] != 200 || me != DEMO_EMPLOYER {
        problems.push(format!(
            "the signed-in query from {origin} did not answer the employer: {}",
            visit["authorized"]
        ));
    }
    let preflights = preflights(visit);
    if preflights.is_empty() {
        problems.push(format!("Chromium sent no preflight from {origin}"));
    }
    for preflight in preflights {
        let status = preflight["status"].as_u64().unwrap_or(0);
        let allow_headers = header(preflight, "access-control-allow-headers").to_ascii_lowercase();
        let allowed = (200..300).contains(&status)
            && header(preflight, "access-control-allow-origin") == origin
            && header(preflight, "access-control-allow-credentials") == "true"
            && ["authorization", "content-type"]
                .iter()
                .all(|name| allow_headers.contains(name));
        if !allowed {
            problems.push(format!(
                "the preflight from {origin} was not allowed with credentials, Authorization and \
                 Content-Type: {preflight}"
            ));
        }
    }
    let websocket = &visit["websocket"];
    let acked = websocket["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|message| {
            message
                .as_str()
                .unwrap_or_default()
                .contains("connection_ack")
        });
    if websocket["opened"] != true || websocket["protocol"] != "graphql-transport-ws" || !acked {
        problems.push(format!(
            "the WebSocket from {origin} got no graphql-transport-ws connection_ack: {websocket}"
        ));
    }
    problems
}

/// (b, d) From a disallowed origin the browser refuses to let the page call the API — no
/// preflight allows it — and the WebSocket handshake is refused.
fn disallowed_origin_problems(visit: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let origin = visit["origin"].as_str().unwrap_or_default();
    if !origin.starts_with("http://partner.example:") {
        problems.push(format!("the disallowed page has origin {origin:?}"));
    }
    for call in ["login", "authorized"] {
        let error = visit[call]["error"].as_str().unwrap_or_default();
        if !error.starts_with("TypeError") {
            problems.push(format!(
                "the {call} fetch from {origin} was not refused by the browser: {}",
                visit[call]
            ));
        }
    }
    for preflight in preflights(visit) {
        if header(preflight, "access-control-allow-origin") == origin
            || header(preflight, "access-control-allow-origin") == "*"
        {
            problems.push(format!(
                "a preflight from {origin} was allowed: {preflight}"
            ));
        }
    }
    let websocket = &visit["websocket"];
    if websocket["opened"] != false || !strings_empty(&websocket["messages"]) {
        problems.push(format!(
            "the WebSocket from {origin} was accepted: {websocket}"
        ));
    }
    problems
}

fn strings_empty(value: &Value) -> bool {
    value.as_array().is_none_or(|items| items.is_empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsers_call_the_api_from_allowed_origins_only_and_cannot_forge_requests() {
    let chromium = conformance::chromium();
    let stack = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: true,
            redis: false,
        },
    )
    .await;
    let forged = forged_posts();
    let scenario = json!({
        "login": {
            "query": LOGIN,
            "variables": {"email": DEMO_EMPLOYER, "password": users::seed::DEMO_PASSWORD},
        },
        "authorized": {"query": "{ me { email } }"},
        "forged": forged.iter().map(|post| json!({
            "origin": post.origin,
            "contentType": post.content_type,
            "body": {"query": REGISTER, "variables": {"input": registration(&post.email, "CANDIDATE")}},
        })).collect::<Vec<_>>(),
    });
    let report = conformance::run(
        "browser.mjs",
        &[stack.stack.router_url(), chromium, scenario.to_string()],
    )
    .await;

    let mut problems = allowed_origin_problems(&report["allowed"]);
    problems.extend(disallowed_origin_problems(&report["disallowed"]));

    // (c) Neither forged sign-up ran: no verification mail went out, and the address is free.
    let sent: Vec<&Value> = ["allowed", "disallowed"]
        .iter()
        .flat_map(|origin| report[origin]["forged"].as_array().into_iter().flatten())
        .collect();
    if sent.len() != forged.len() || sent.iter().any(|post| post["type"] != "opaque") {
        problems.push(format!(
            "the page could not send every forged POST: {sent:?}"
        ));
    }
    for post in &forged {
        let label = format!(
            "the forged no-cors POST from the {} origin with content type {}",
            post.origin,
            post.content_type.unwrap_or("none")
        );
        if !mails_to(&stack.mail_dir, &post.email).is_empty() {
            problems.push(format!(
                "{label} ran: a verification mail went to {}",
                post.email
            ));
        }
        let again = stack
            .client
            .post(
                REGISTER,
                json!({"input": registration(&post.email, "CANDIDATE")}),
            )
            .await;
        if again.status != 200 || again.body.get("errors").is_some() {
            problems.push(format!(
                "{label} ran: registering {} afterwards fails with {}",
                post.email, again.body
            ));
        }
    }

    assert!(
        problems.is_empty(),
        "Chromium {} against the router:\n  {}",
        report["chromium"].as_str().unwrap_or("?"),
        problems.join("\n  ")
    );
}

/// (e) GraphiQL — the same version and setup as the router's own page, served from an allowed
/// origin without a CDN — loads the schema: its documentation explorer shows the root types and
/// the fields of `JobPosting` from all three subgraphs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_from_an_allowed_origin_shows_the_schema_in_its_docs() {
    let chromium = conformance::chromium();
    let stack = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let report = conformance::run("graphiql.mjs", &[stack.stack.router_url(), chromium]).await;

    assert_eq!(report["routerIsCrossOrigin"], true, "{report}");
    assert_eq!(
        report["rootTypes"],
        json!({"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}),
        "GraphiQL's docs show no schema: {report}"
    );
    conformance::assert_docs_list_job_posting(&stack.client, &report).await;
    assert_eq!(
        report["externalRequests"],
        json!([]),
        "GraphiQL reached beyond the machine"
    );
    assert_eq!(
        report["pageErrors"],
        json!([]),
        "GraphiQL's page logged errors"
    );
}
