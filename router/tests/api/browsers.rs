//! What browsers may do: CORS for the allowed origins, no operation from a request a browser
//! could send cross-site without a preflight (CSRF), WebSocket upgrades checked by origin.

use crate::helpers::{GRAPHQL_RESPONSE_JSON, Reply, WsClient, spawn_app, spawn_app_with};
use router::OriginPattern;
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[tokio::test]
async fn preflights_from_allowed_origins_get_cors_headers_and_others_do_not() {
    let app = spawn_app_with(|config| {
        config.edge.cors.origins = OriginPattern::parse_list(
            "router.cors.origins",
            ["https://app.iworkz.jp", "http://localhost:*"],
        )
        .expect("origins");
    })
    .await;
    let preflight = |origin: &'static str| {
        app.http
            .request(reqwest::Method::OPTIONS, &app.url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type, traceparent, baggage, sentry-trace",
            )
            .send()
    };
    let allowed = preflight("https://app.iworkz.jp").await.expect("answer");
    assert!(allowed.status().is_success(), "{}", allowed.status());
    let header = |name: &str| {
        allowed
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    assert_eq!(
        header("access-control-allow-origin"),
        "https://app.iworkz.jp"
    );
    assert_eq!(header("access-control-allow-credentials"), "true");
    assert!(header("access-control-allow-headers").contains("authorization"));
    assert!(header("access-control-allow-headers").contains("apollo-require-preflight"));
    // Pages with OpenTelemetry or Sentry tracing add these to every call.
    for tracing in ["traceparent", "baggage", "sentry-trace"] {
        assert!(
            header("access-control-allow-headers").contains(tracing),
            "{tracing}"
        );
    }
    assert!(header("access-control-allow-methods").contains("post"));
    assert_eq!(header("access-control-max-age"), "600");

    let dev = preflight("http://localhost:5173").await.expect("answer");
    assert_eq!(
        dev.headers()
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"http://localhost:5173"[..])
    );

    let other = preflight("https://evil.example").await.expect("answer");
    assert!(other.headers().get("access-control-allow-origin").is_none());

    // The actual request from an allowed origin carries the header too.
    let response = app
        .http
        .post(&app.url)
        .header("origin", "https://app.iworkz.jp")
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .expect("answer");
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"https://app.iworkz.jp"[..])
    );
    // … and lets the page read the request id.
    assert_eq!(
        response
            .headers()
            .get("access-control-expose-headers")
            .map(|v| v.as_bytes()),
        Some(&b"x-request-id"[..])
    );
}

#[tokio::test]
async fn the_headers_pages_may_send_and_read_are_configured() {
    let app = spawn_app_with(|config| {
        config.edge.cors.allow_headers = vec![
            http::HeaderName::from_static("authorization"),
            http::HeaderName::from_static("content-type"),
            http::HeaderName::from_static("x-tenant"),
        ];
        config.edge.cors.expose_headers = vec![http::HeaderName::from_static("server-timing")];
    })
    .await;
    let preflight = app
        .http
        .request(reqwest::Method::OPTIONS, &app.url)
        .header("origin", "http://localhost:3000")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "x-tenant")
        .send()
        .await
        .expect("answer");
    let allowed = preflight
        .headers()
        .get("access-control-allow-headers")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-tenant"), "{allowed}");
    assert!(!allowed.contains("traceparent"), "{allowed}");
    let response = app
        .http
        .post(&app.url)
        .header("origin", "http://localhost:3000")
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .expect("answer");
    assert_eq!(
        response
            .headers()
            .get("access-control-expose-headers")
            .map(|v| v.as_bytes()),
        Some(&b"server-timing"[..])
    );
}

#[tokio::test]
async fn requests_a_browser_sends_without_preflight_do_not_run() {
    let app = spawn_app().await;
    let mutation =
        r#"{"query":"mutation { renameProduct(id: \"1\", name: \"Hacked\") { name } }"}"#;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut request = app.http.post(&app.url).body(mutation);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let reply = Reply::read(request.send().await.expect("answer")).await;
        assert_eq!(reply.status, 400, "{content_type:?}: {}", reply.body);
        assert_eq!(
            reply.body["errors"][0]["extensions"]["code"], "CSRF_PREVENTION_FAILED",
            "{}",
            reply.body
        );
    }
    let name = app
        .data(r#"{ product(id: "1") { name } }"#, json!({}))
        .await;
    assert_eq!(name["product"]["name"], "Keyboard", "nothing ran");

    // A GET from a script runs (what urql and Apollo send by default); one the browser marks as
    // a cross-site navigation or load (a form, a link, an image) does not, without a preflight
    // header.
    let get = |fetch: &[(&'static str, &'static str)]| {
        let mut request = app
            .http
            .get(&app.url)
            .query(&[("query", "{ __typename }")])
            .header("accept", GRAPHQL_RESPONSE_JSON);
        for (name, value) in fetch {
            request = request.header(*name, *value);
        }
        request.send()
    };
    for script in [
        &[][..],
        &[("sec-fetch-site", "cross-site"), ("sec-fetch-mode", "cors")][..],
        &[
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-mode", "navigate"),
        ][..],
    ] {
        assert_eq!(
            get(script).await.expect("answer").status(),
            200,
            "{script:?}"
        );
    }
    for load in [
        &[
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "navigate"),
        ][..],
        &[
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-mode", "no-cors"),
        ][..],
    ] {
        let reply = Reply::read(get(load).await.expect("answer")).await;
        assert_eq!(reply.status, 400, "{load:?}");
        assert_eq!(
            reply.body["errors"][0]["extensions"]["code"],
            "CSRF_PREVENTION_FAILED"
        );
    }
    let preflighted = get(&[
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-mode", "navigate"),
        ("apollo-require-preflight", "true"),
    ]);
    assert_eq!(preflighted.await.expect("answer").status(), 200);
}

#[tokio::test]
async fn without_csrf_prevention_a_body_must_still_say_it_is_json() {
    let app = spawn_app_with(|config| config.edge.csrf_prevention = false).await;
    let response = app
        .http
        .post(&app.url)
        .body(r#"{"query":"{ __typename }"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), 415);
    let get = app
        .http
        .get(&app.url)
        .query(&[("query", "{ __typename }")])
        .send()
        .await
        .expect("answer");
    assert_eq!(get.status(), 200);
}

#[tokio::test]
async fn websocket_upgrades_are_checked_by_origin() {
    let app = spawn_app().await;
    let open = |origin: &'static str| {
        let mut request = app
            .websocket_url()
            .into_client_request()
            .expect("websocket url");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("header"),
        );
        request
            .headers_mut()
            .insert("origin", origin.parse().expect("header"));
        tokio_tungstenite::connect_async(request)
    };
    let refused = open("https://evil.example").await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403);
        }
        other => panic!(
            "expected a refused upgrade, got {:?}",
            other.map(|(_, r)| r.status())
        ),
    }
    assert!(open("http://localhost:3000").await.is_ok());
    // React Native sends the API's own origin (from the socket's URL) on both platforms.
    let own = app
        .websocket_url()
        .replace("ws://", "http://")
        .replace("/graphql", "");
    assert!(open(Box::leak(own.into_boxed_str())).await.is_ok());
    // Clients that send no Origin (servers, tools) connect as before.
    WsClient::connect(&app.websocket_url(), json!({})).await;
}
