//! GraphQL over HTTP, as a browser or a server-side client sends it (JSON body, `Accept`
//! header, optional bearer token).

use serde_json::{Value, json};

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

#[derive(Clone)]
pub struct GraphqlClient {
    pub url: String,
    pub http: reqwest::Client,
    /// Sent as `Authorization: Bearer …` when set.
    pub bearer: Option<String>,
}

/// Status, content type and body of one response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl GraphqlClient {
    pub fn new(url: String) -> Self {
        Self {
            url,
            http: reqwest::Client::new(),
            bearer: None,
        }
    }

    /// The same client, sending `token` as a bearer token.
    pub fn with_token(&self, token: &str) -> Self {
        Self {
            bearer: Some(token.to_owned()),
            ..self.clone()
        }
    }

    /// POSTs an operation accepting `application/graphql-response+json`.
    pub async fn post(&self, query: &str, variables: Value) -> Reply {
        self.post_accepting(query, variables, GRAPHQL_RESPONSE_JSON)
            .await
    }

    pub async fn post_accepting(&self, query: &str, variables: Value, accept: &str) -> Reply {
        let mut request = self.http.post(&self.url).header("accept", accept);
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("router answers");
        Reply::read(response).await
    }

    /// POSTs and returns `data`, failing the test on any error.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let reply = self.post(query, variables).await;
        assert!(
            reply.body.get("errors").is_none(),
            "unexpected errors: {}",
            reply.body
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body["data"].clone()
    }

    pub fn websocket_url(&self) -> String {
        self.url.replacen("http", "ws", 1)
    }
}

impl Reply {
    pub async fn read(response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = response.text().await.expect("response body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            content_type,
            body,
        }
    }
}
