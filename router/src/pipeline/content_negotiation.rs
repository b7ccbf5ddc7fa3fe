//! Which media type a response uses, from the request's `Accept` header (GraphQL over HTTP).
//!
//! `application/graphql-response+json` lets status codes carry meaning (400 for a request the
//! server refused); `application/json` is the legacy format that clients predating the spec
//! expect, where every GraphQL response is a 200. Without an `Accept` header, or with only
//! wildcards, the legacy format is used so older clients keep working. Browsers asking for
//! HTML on GET get GraphiQL.

use http::HeaderMap;
use http::header::ACCEPT;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
pub const JSON: &str = "application/json";

/// The media type of a GraphQL response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseFormat {
    GraphQLResponseJson,
    Json,
}

impl ResponseFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::GraphQLResponseJson => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// What the client accepts, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Negotiated {
    Format(ResponseFormat),
    /// `text/html` ranks above the JSON types: a browser wants the GraphiQL page.
    Html(ResponseFormat),
    /// Nothing we can produce.
    NotAcceptable,
}

/// Reads the `Accept` header(s) and picks the preferred supported media type.
pub fn negotiate(headers: &HeaderMap) -> Negotiated {
    let values: Vec<&str> = headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if values.iter().all(|value| value.trim().is_empty()) {
        return Negotiated::Format(ResponseFormat::Json);
    }

    let mut best: Option<(f32, u8, Candidate)> = None;
    for range in values.iter().flat_map(|value| value.split(',')) {
        let mut parts = range.split(';');
        let media_type = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|param| param.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if quality <= 0.0 {
            continue;
        }
        // Ties on quality go to the more specific, then to our preference.
        let (rank, candidate) = match media_type.as_str() {
            GRAPHQL_RESPONSE_JSON => (4, Candidate::GraphQLResponseJson),
            JSON => (3, Candidate::Json),
            "text/html" => (2, Candidate::Html),
            "application/*" | "*/*" => (1, Candidate::Json),
            _ => continue,
        };
        let better = best.is_none_or(|(best_quality, best_rank, _)| {
            quality > best_quality || (quality == best_quality && rank > best_rank)
        });
        if better {
            best = Some((quality, rank, candidate));
        }
    }

    match best {
        None => Negotiated::NotAcceptable,
        Some((_, _, Candidate::GraphQLResponseJson)) => {
            Negotiated::Format(ResponseFormat::GraphQLResponseJson)
        }
        Some((_, _, Candidate::Json)) => Negotiated::Format(ResponseFormat::Json),
        Some((_, _, Candidate::Html)) => Negotiated::Html(fallback_format(&values)),
    }
}

#[derive(Clone, Copy, Debug)]
enum Candidate {
    GraphQLResponseJson,
    Json,
    Html,
}

/// The JSON format for a browser that also sent a query: its `Accept` usually ends in `*/*`.
fn fallback_format(values: &[&str]) -> ResponseFormat {
    if values
        .iter()
        .any(|value| value.contains(GRAPHQL_RESPONSE_JSON))
    {
        ResponseFormat::GraphQLResponseJson
    } else {
        ResponseFormat::Json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Negotiated {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, value.parse().unwrap());
        negotiate(&headers)
    }

    #[test]
    fn missing_accept_is_legacy_json() {
        assert_eq!(
            negotiate(&HeaderMap::new()),
            Negotiated::Format(ResponseFormat::Json)
        );
        assert_eq!(accept("*/*"), Negotiated::Format(ResponseFormat::Json));
    }

    #[test]
    fn graphql_response_json_wins_when_listed() {
        assert_eq!(
            accept("application/json, application/graphql-response+json"),
            Negotiated::Format(ResponseFormat::GraphQLResponseJson)
        );
        assert_eq!(
            accept("application/graphql-response+json;q=0.5, application/json"),
            Negotiated::Format(ResponseFormat::Json)
        );
    }

    #[test]
    fn browsers_get_html_and_unknown_types_are_refused() {
        assert_eq!(
            accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            Negotiated::Html(ResponseFormat::Json)
        );
        assert_eq!(accept("application/xml"), Negotiated::NotAcceptable);
        assert_eq!(accept("application/json;q=0"), Negotiated::NotAcceptable);
    }
}
