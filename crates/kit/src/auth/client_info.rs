//! Where a request came from: the client's address and User-Agent, for sessions, audit logs
//! and per-address rate limits.
//!
//! Subgraphs sit behind the router, which replaces `X-Forwarded-For` with the address it saw
//! (it is the edge, so a client-sent value is never trusted there). A subgraph believes that
//! header only from a peer in its [`TrustedProxies`] (loopback by default) and reads it from the
//! right (see `trusted_proxies.rs`); anyone else reaching a subgraph port is its own client, so
//! a forged header cannot dodge per-address throttling. On WebSockets the router sends the same
//! values in `connection_init`'s payload, believed under the same rule for the upgrade's peer.

use axum::extract::{ConnectInfo, FromRequestParts};
use http::HeaderMap;
use http::request::Parts;
use serde_json::Value as Json;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use super::{TrustedProxies, X_FORWARDED_FOR};

/// Longer User-Agents are cut: they end up in stored rows.
const MAX_USER_AGENT: usize = 512;

/// The client of one request (or WebSocket connection).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// From a request's socket peer and headers: `X-Forwarded-For` (every line of it) counts
    /// only when `trusted` vouches for the peer.
    pub fn from_headers(
        headers: &HeaderMap,
        peer: Option<SocketAddr>,
        trusted: &TrustedProxies,
    ) -> Self {
        let forwarded: Vec<&str> = headers
            .get_all(X_FORWARDED_FOR)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect();
        let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
        Self {
            ip: trusted.client_ip(peer.map(|peer| peer.ip()), forwarded.as_deref()),
            user_agent: headers
                .get(http::header::USER_AGENT)
                .and_then(|value| value.to_str().ok())
                .map(truncate),
        }
    }

    /// From `connection_init`'s payload (keys in any case), falling back to `upgrade`'s values.
    /// The payload's `X-Forwarded-For` counts only when `trusted` vouches for `peer`, the
    /// socket peer of the upgrade request.
    pub fn from_connection_params(
        params: &Json,
        upgrade: &ClientInfo,
        peer: Option<SocketAddr>,
        trusted: &TrustedProxies,
    ) -> Self {
        let param = |name: &str| {
            params.as_object().and_then(|object| {
                object
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name))
                    .and_then(|(_, value)| value.as_str())
            })
        };
        let peer = peer.map(|peer| peer.ip());
        let forwarded =
            param(X_FORWARDED_FOR).filter(|_| peer.is_some_and(|ip| trusted.trusts(ip)));
        Self {
            ip: match forwarded {
                Some(forwarded) => trusted.client_ip(peer, Some(forwarded)),
                None => upgrade.ip,
            },
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

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_peer_and_is_read_from_the_right() {
        let mut headers = HeaderMap::new();
        let router: SocketAddr = "127.0.0.1:5555".parse().unwrap();
        let stranger: SocketAddr = "198.51.100.9:5555".parse().unwrap();
        let loopback = TrustedProxies::loopback();
        assert_eq!(
            ClientInfo::from_headers(&headers, Some(router), &loopback).ip,
            Some(router.ip())
        );
        headers.insert(X_FORWARDED_FOR, "203.0.113.7".parse().unwrap());
        headers.insert("user-agent", "Mozilla/5.0".parse().unwrap());
        let info = ClientInfo::from_headers(&headers, Some(router), &loopback);
        assert_eq!(info.ip, Some(ip("203.0.113.7")));
        assert_eq!(info.user_agent.as_deref(), Some("Mozilla/5.0"));
        assert_eq!(
            ClientInfo::from_headers(&headers, Some(stranger), &loopback).ip,
            Some(stranger.ip()),
            "a forged header from an untrusted peer is ignored"
        );
        // A second header line, appended by the proxy, is the one nearest to us.
        headers.append(X_FORWARDED_FOR, "192.0.2.44".parse().unwrap());
        assert_eq!(
            ClientInfo::from_headers(&headers, Some(router), &loopback).ip,
            Some(ip("192.0.2.44"))
        );
    }

    #[test]
    fn connection_params_are_read_in_any_case_from_trusted_upgrades_only() {
        let router: SocketAddr = "127.0.0.1:5555".parse().unwrap();
        let stranger: SocketAddr = "198.51.100.9:5555".parse().unwrap();
        let loopback = TrustedProxies::loopback();
        let upgrade = ClientInfo {
            ip: Some(ip("10.0.0.9")),
            user_agent: Some("upgrade".into()),
        };
        let params = serde_json::json!({"X-Forwarded-For": "2001:db8::1", "authorization": "x"});
        let info = ClientInfo::from_connection_params(&params, &upgrade, Some(router), &loopback);
        assert_eq!(info.ip, Some(ip("2001:db8::1")));
        assert_eq!(info.user_agent.as_deref(), Some("upgrade"));
        let forged =
            ClientInfo::from_connection_params(&params, &upgrade, Some(stranger), &loopback);
        assert_eq!(
            forged.ip, upgrade.ip,
            "an untrusted upgrade keeps its own address"
        );
        let empty = ClientInfo::from_connection_params(
            &serde_json::json!(null),
            &upgrade,
            Some(router),
            &loopback,
        );
        assert_eq!(empty, upgrade);
    }
}
