//! Where a request came from: the client's address and User-Agent, for sessions, audit logs
//! and per-address rate limits.
//!
//! Subgraphs sit behind the router, which replaces `X-Forwarded-For` with the address it saw
//! (it is the edge, so a client-sent value is never trusted there). A subgraph therefore takes
//! the first `X-Forwarded-For` entry when present and the socket peer otherwise (a direct call
//! in development). Subgraphs must not be exposed to clients directly, or the header could be
//! forged. On WebSockets the router sends the same values in `connection_init`'s payload.

use axum::extract::{ConnectInfo, FromRequestParts};
use http::HeaderMap;
use http::request::Parts;
use serde_json::Value as Json;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

pub const X_FORWARDED_FOR: &str = "x-forwarded-for";
/// Longer User-Agents are cut: they end up in stored rows.
const MAX_USER_AGENT: usize = 512;

/// The client of one request (or WebSocket connection).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// From a request's headers, falling back to the socket peer for the address.
    pub fn from_headers(headers: &HeaderMap, peer: Option<SocketAddr>) -> Self {
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        Self {
            ip: header(X_FORWARDED_FOR)
                .and_then(first_forwarded)
                .or(peer.map(|peer| peer.ip())),
            user_agent: header(http::header::USER_AGENT.as_str()).map(truncate),
        }
    }

    /// From `connection_init`'s payload (keys in any case), falling back to `upgrade`'s values.
    pub fn from_connection_params(params: &Json, upgrade: &ClientInfo) -> Self {
        let param = |name: &str| {
            params.as_object().and_then(|object| {
                object
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))
                    .and_then(|(_, value)| value.as_str())
            })
        };
        Self {
            ip: param(X_FORWARDED_FOR)
                .and_then(first_forwarded)
                .or(upgrade.ip),
            user_agent: param("user-agent")
                .map(truncate)
                .or_else(|| upgrade.user_agent.clone()),
        }
    }

    /// The client of the request `ctx` belongs to (empty if the server put none there).
    pub fn of(ctx: &async_graphql::Context<'_>) -> ClientInfo {
        ctx.data_opt::<ClientInfo>().cloned().unwrap_or_default()
    }
}

fn first_forwarded(value: &str) -> Option<IpAddr> {
    value.split(',').next()?.trim().parse().ok()
}

fn truncate(value: &str) -> String {
    value.chars().take(MAX_USER_AGENT).collect()
}

/// The socket peer when the server was started with connect info (`Server` always is), else
/// `None` rather than a rejected request.
#[derive(Clone, Copy, Debug)]
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| *addr),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_wins_over_the_peer_and_its_first_entry_is_the_client() {
        let mut headers = HeaderMap::new();
        let peer: SocketAddr = "10.0.0.9:5555".parse().unwrap();
        assert_eq!(
            ClientInfo::from_headers(&headers, Some(peer)).ip,
            Some(peer.ip())
        );
        headers.insert(X_FORWARDED_FOR, "203.0.113.7, 10.0.0.1".parse().unwrap());
        headers.insert("user-agent", "Mozilla/5.0".parse().unwrap());
        let info = ClientInfo::from_headers(&headers, Some(peer));
        assert_eq!(info.ip, Some("203.0.113.7".parse().unwrap()));
        assert_eq!(info.user_agent.as_deref(), Some("Mozilla/5.0"));
    }

    #[test]
    fn connection_params_are_read_in_any_case_with_the_upgrade_as_fallback() {
        let upgrade = ClientInfo {
            ip: Some("10.0.0.9".parse().unwrap()),
            user_agent: Some("upgrade".into()),
        };
        let params = serde_json::json!({"X-Forwarded-For": "2001:db8::1", "authorization": "x"});
        let info = ClientInfo::from_connection_params(&params, &upgrade);
        assert_eq!(info.ip, Some("2001:db8::1".parse().unwrap()));
        assert_eq!(info.user_agent.as_deref(), Some("upgrade"));
        let empty = ClientInfo::from_connection_params(&serde_json::json!(null), &upgrade);
        assert_eq!(empty, upgrade);
    }
}
