//! What a subgraph knows about the caller: the `Authorization` header the router forwarded.
//! Token verification against the users subgraph's keys plugs in here.

use axum::http::HeaderMap;

/// The raw credentials of the request, put into every GraphQL request's context data.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    pub authorization: Option<String>,
}

impl RequestAuth {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let authorization = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Self { authorization }
    }
}
