//! A stopped subgraph costs only its own fields: they are null with an error carrying their
//! `path`, the rest of the response is intact, and the router keeps serving.

use crate::helpers::spawn_app;
use serde_json::json;

#[tokio::test]
async fn stopped_subgraph_nulls_its_fields_with_error_paths_and_the_router_keeps_serving() {
    let mut app = spawn_app().await;
    let query = "{ products(first: 2) { id name reviews { stars } } }";
    let before = app.data(query, json!({})).await;
    assert!(before["products"][0]["reviews"].is_array());

    app.reviews.stop().await;

    let reply = app.post(query, json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.body["data"],
        json!({"products": [
            {"id": "1", "name": "Keyboard", "reviews": null},
            {"id": "2", "name": "Mouse", "reviews": null}
        ]}),
        "{}",
        reply.body
    );
    let errors = reply.body["errors"]
        .as_array()
        .expect("errors for the stopped subgraph");
    let paths: Vec<&serde_json::Value> = errors.iter().map(|error| &error["path"]).collect();
    assert!(
        paths.contains(&&json!(["products", 0, "reviews"])),
        "{}",
        reply.body
    );
    assert!(
        paths.contains(&&json!(["products", 1, "reviews"])),
        "{}",
        reply.body
    );
    assert!(
        errors
            .iter()
            .all(|error| error["extensions"]["code"].is_string())
    );

    // Queries that do not touch the stopped subgraph are unaffected.
    let after = app
        .data(r#"{ product(id: "3") { name } }"#, json!({}))
        .await;
    assert_eq!(after, json!({"product": {"name": "Monitor"}}));

    // A root field of the stopped subgraph is null with an error at its path.
    let root = app
        .post(r#"{ whoami product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(
        root.body["data"],
        json!({"whoami": null, "product": {"name": "Keyboard"}}),
        "{}",
        root.body
    );
    assert_eq!(
        root.body["errors"][0]["path"],
        json!(["whoami"]),
        "{}",
        root.body
    );
}

#[tokio::test]
async fn subscription_to_a_stopped_subgraph_ends_with_an_error_instead_of_hanging() {
    let mut app = spawn_app().await;
    app.products.stop().await;
    let mut client = crate::helpers::WsClient::connect(&app.websocket_url(), json!({})).await;
    client
        .subscribe(
            "1",
            r#"subscription { productEvents(id: "1") { sequence } }"#,
            json!({}),
        )
        .await;
    let message = client.next_message().await;
    assert_eq!(message["type"], "next", "{message}");
    let error = &message["payload"]["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "SUBGRAPH_UNAVAILABLE",
        "{message}"
    );
    assert!(
        error["extensions"].get("service").is_none(),
        "the subgraph's name stays inside: {message}"
    );
    assert_eq!(
        client.next_message().await,
        json!({"id": "1", "type": "complete"})
    );

    // The router itself is fine.
    let reply = app.post("{ whoami }", json!({})).await;
    assert_eq!(
        reply.body["data"]["whoami"],
        serde_json::Value::Null,
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn a_request_that_times_out_stops_its_subgraph_calls() {
    let app = crate::helpers::spawn_app_with(|config| {
        config.edge.request_timeout = std::time::Duration::from_millis(500);
    })
    .await;
    let started = std::time::Instant::now();
    let reply = app.post("{ slow(ms: 2000) }", json!({})).await;
    assert_eq!(reply.status, 504, "{}", reply.body);
    assert_eq!(
        reply.body["errors"][0]["extensions"]["code"], "REQUEST_TIMEOUT",
        "{}",
        reply.body
    );
    assert!(started.elapsed() < std::time::Duration::from_millis(1_500));
    // Long after the slow call would have finished, the subgraph has not finished it: the
    // router dropped the call, and the subgraph dropped the work with the connection.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let finished = app
        .seen_by_reviews
        .all()
        .into_iter()
        .filter(|seen| seen.get("finished").is_some())
        .count();
    assert_eq!(finished, 0, "the abandoned call ran to the end");

    // The same call within the timeout finishes.
    let done = app.data("{ slow(ms: 10) }", json!({})).await;
    assert_eq!(done["slow"], "done");
}

#[tokio::test]
async fn a_router_that_cannot_reach_a_subgraph_is_not_ready() {
    let mut app = spawn_app().await;
    let ready = app.url.replace("/graphql", "/health/ready");
    let answer = app.http.get(&ready).send().await.expect("router answers");
    assert_eq!(answer.status(), 200);
    app.reviews.stop().await;
    let unready = test_support::eventually(10, || async {
        let answer = app.http.get(&ready).send().await.ok()?;
        (answer.status() == 503).then_some(answer)
    })
    .await
    .expect("still ready with a subgraph gone");
    let body: serde_json::Value = unready.json().await.expect("json");
    assert_eq!(
        body["subgraphs"],
        serde_json::json!({"products": true, "reviews": false})
    );
    // Liveness is not readiness: the process still answers.
    let live = app
        .http
        .get(app.url.replace("/graphql", "/health/live"))
        .send()
        .await
        .expect("router answers");
    assert_eq!(live.status(), 200);
}
