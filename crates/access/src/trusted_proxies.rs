//! Which peers may say who the client is.
//!
//! `X-Forwarded-For` is whatever the sender wrote, so it is evidence only when the sender is a
//! proxy we run: anyone else could rotate forged addresses and slip past per-address limits
//! (sign-in throttling). [`TrustedProxies::client_ip`] reads the header only when the socket
//! peer is trusted, then walks it from the right: each proxy appends the address it saw, so the
//! rightmost entry that is not itself a trusted proxy is the client; entries further left were
//! written by that client and prove nothing.
//!
//! The subgraphs trust loopback by default (they listen there, behind a router on the same
//! machine); the router uses the same type for the proxies in front of it.

use ipnet::IpNet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

/// A list of IP addresses and CIDR ranges whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// An entry of a trusted-proxy list that is neither an address nor a range.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{entry:?} is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8, ::1)")]
pub struct TrustedProxiesError {
    pub entry: String,
}

impl TrustedProxies {
    /// A comma-separated list of addresses and ranges (`127.0.0.0/8, ::1, 10.1.2.3`); a blank
    /// list trusts nobody.
    pub fn parse(list: &str) -> Result<Self, TrustedProxiesError> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| TrustedProxiesError {
                        entry: entry.to_owned(),
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// `127.0.0.0/8` and `::1`: a proxy on the same machine.
    pub fn loopback() -> Self {
        Self(vec![
            IpNet::new_assert(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 0)), 8),
            IpNet::from(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        ])
    }

    /// Trusts nobody: the socket peer is always the client.
    pub fn none() -> Self {
        Self(Vec::new())
    }

    /// Whether `ip` is one of the trusted proxies (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a connection from `peer` that carried `forwarded_for` (every
    /// `X-Forwarded-For` line, joined with commas). An untrusted peer is the client itself;
    /// behind trusted proxies, the rightmost forwarded address that is not a trusted proxy is.
    /// A malformed entry ends the walk at the last address a trusted proxy vouched for. No
    /// peer (no socket information) gives `None`: nothing can be vouched for.
    pub fn client_ip(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
        let peer = peer?.to_canonical();
        let mut client = peer;
        if !self.trusts(peer) {
            return Some(client);
        }
        for entry in forwarded_for
            .into_iter()
            .flat_map(|value| value.rsplit(','))
        {
            let Some(hop) = forwarded_address(entry) else {
                break;
            };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        Some(client)
    }
}

/// One `X-Forwarded-For` entry: an address, optionally with a port (`[::1]:80`, `1.2.3.4:5`).
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

impl Default for TrustedProxies {
    fn default() -> Self {
        Self::loopback()
    }
}

impl FromStr for TrustedProxies {
    type Err = TrustedProxiesError;

    fn from_str(list: &str) -> Result<Self, Self::Err> {
        Self::parse(list)
    }
}

/// The list as `TRUSTED_PROXIES` takes it.
impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries: Vec<String> = self.0.iter().map(IpNet::to_string).collect();
        f.write_str(&entries.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn list(text: &str) -> TrustedProxies {
        TrustedProxies::parse(text).unwrap()
    }

    #[test]
    fn lists_take_addresses_and_ranges_and_refuse_anything_else() {
        let proxies = list(" 10.0.0.0/8 , 192.168.1.7,2001:db8::/32 ,");
        assert!(proxies.trusts(ip("10.200.3.4")));
        assert!(proxies.trusts(ip("192.168.1.7")));
        assert!(!proxies.trusts(ip("192.168.1.8")));
        assert!(proxies.trusts(ip("2001:db8::42")));
        assert_eq!(
            proxies.to_string(),
            "10.0.0.0/8,192.168.1.7/32,2001:db8::/32"
        );
        assert_eq!(list(""), TrustedProxies::none());
        assert_eq!(list(" , "), TrustedProxies::none());
        assert_eq!(
            TrustedProxies::parse("10.0.0.1, router.internal"),
            Err(TrustedProxiesError {
                entry: "router.internal".into()
            })
        );
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn loopback_is_the_default_and_covers_mapped_addresses() {
        let loopback = TrustedProxies::default();
        assert_eq!(loopback, TrustedProxies::loopback());
        assert!(loopback.trusts(ip("127.0.0.1")));
        assert!(loopback.trusts(ip("127.9.9.9")));
        assert!(loopback.trusts(ip("::1")));
        assert!(loopback.trusts(ip("::ffff:127.0.0.1")));
        assert!(!loopback.trusts(ip("10.0.0.1")));
        assert_eq!(loopback.to_string(), "127.0.0.0/8,::1/128");
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let proxies = list("10.9.9.9");
        let peer = Some(ip("203.0.113.50"));
        assert_eq!(
            proxies.client_ip(peer, Some("198.51.100.1")),
            Some(ip("203.0.113.50"))
        );
        assert_eq!(
            TrustedProxies::none().client_ip(Some(ip("127.0.0.1")), Some("198.51.100.1")),
            Some(ip("127.0.0.1"))
        );
        assert_eq!(proxies.client_ip(None, Some("198.51.100.1")), None);
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_entry_is_the_client() {
        let proxies = list("127.0.0.1, 10.0.0.0/8");
        let peer = Some(ip("127.0.0.1"));
        // The client forged the first entry; the edge proxy appended what it saw.
        assert_eq!(
            proxies.client_ip(peer, Some("1.1.1.1, 203.0.113.7, 10.0.0.5")),
            Some(ip("203.0.113.7"))
        );
        assert_eq!(
            proxies.client_ip(peer, Some("203.0.113.7")),
            Some(ip("203.0.113.7"))
        );
        // No header: the proxy itself is the client (a direct call on the machine).
        assert_eq!(proxies.client_ip(peer, None), Some(ip("127.0.0.1")));
        // Every hop trusted: the leftmost is as far as the chain goes.
        assert_eq!(
            proxies.client_ip(peer, Some("10.0.0.7, 10.0.0.5")),
            Some(ip("10.0.0.7"))
        );
        // Ports and IPv6 in brackets are accepted; mapped addresses are read as IPv4.
        assert_eq!(
            proxies.client_ip(peer, Some("[2001:db8::9]:4711")),
            Some(ip("2001:db8::9"))
        );
        assert_eq!(
            proxies.client_ip(Some(ip("::ffff:127.0.0.1")), Some("::ffff:203.0.113.7")),
            Some(ip("203.0.113.7"))
        );
    }

    #[test]
    fn a_malformed_entry_ends_the_walk_at_the_last_vouched_address() {
        let proxies = list("127.0.0.1, 10.0.0.0/8");
        let peer = Some(ip("127.0.0.1"));
        assert_eq!(
            proxies.client_ip(peer, Some("203.0.113.7, unknown, 10.0.0.5")),
            Some(ip("10.0.0.5"))
        );
        assert_eq!(
            proxies.client_ip(peer, Some("garbage")),
            Some(ip("127.0.0.1"))
        );
    }
}
