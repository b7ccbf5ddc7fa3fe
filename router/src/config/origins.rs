//! Browser origins the router answers: `scheme://host[:port]` exactly, or `scheme://host:*` for
//! any port of a host (development servers move between ports).
//!
//! Origins are compared as the browser sends them in `Origin` (lowercase scheme and host, no
//! path, the port only when it is not the scheme's default), so matching is a string comparison
//! after one normalisation of the configured value. A configured `*` is refused: with
//! credentials it would let every site act as the signed-in user.

use settings::SettingsError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginPattern {
    /// `scheme://host` without a port for `AnyPort`, the whole origin otherwise.
    prefix: String,
    any_port: bool,
}

impl OriginPattern {
    /// `http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`.
    pub fn local_development() -> Vec<Self> {
        ["http://localhost", "http://127.0.0.1", "http://[::1]"]
            .into_iter()
            .map(|prefix| Self {
                prefix: prefix.to_owned(),
                any_port: true,
            })
            .collect()
    }

    /// Every entry of a list; `key` names the setting in errors.
    pub fn parse_list<S: AsRef<str>>(
        key: &str,
        entries: impl IntoIterator<Item = S>,
    ) -> Result<Vec<Self>, SettingsError> {
        entries
            .into_iter()
            .map(|entry| {
                let entry = entry.as_ref().trim();
                Self::parse(entry).ok_or_else(|| {
                    SettingsError::invalid(
                        key,
                        format!(
                            "must list origins as scheme://host[:port] or scheme://host:* \
                             (no paths, no *), got {entry:?}"
                        ),
                    )
                })
            })
            .collect()
    }

    fn parse(entry: &str) -> Option<Self> {
        let entry = entry.trim_end_matches('/').to_ascii_lowercase();
        let (scheme, rest) = entry.split_once("://")?;
        if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.contains('/') {
            return None;
        }
        if let Some(host) = rest.strip_suffix(":*") {
            return valid_host(host).then(|| Self {
                prefix: format!("{scheme}://{host}"),
                any_port: true,
            });
        }
        let (host, port) = split_port(rest);
        if !valid_host(host) {
            return None;
        }
        let default_port = if scheme == "http" { "80" } else { "443" };
        let prefix = match port {
            Some(port) if port.parse::<u16>().is_err() => return None,
            Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
            _ => format!("{scheme}://{host}"),
        };
        Some(Self {
            prefix,
            any_port: false,
        })
    }

    /// True when a browser's `Origin` header value is allowed.
    pub fn matches(&self, origin: &str) -> bool {
        if !self.any_port {
            return origin.eq_ignore_ascii_case(&self.prefix);
        }
        let Some(head) = origin.get(..self.prefix.len()) else {
            return false;
        };
        if !head.eq_ignore_ascii_case(&self.prefix) {
            return false;
        }
        match &origin[self.prefix.len()..] {
            "" => true,
            rest => rest
                .strip_prefix(':')
                .is_some_and(|port| port.parse::<u16>().is_ok()),
        }
    }
}

/// `host:port` → (`host`, `Some(port)`); IPv6 literals keep their brackets.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    if let Some(end) = authority.find(']') {
        let (host, rest) = authority.split_at(end + 1);
        return (host, rest.strip_prefix(':'));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && !host.contains('*')
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(value: &str) -> OriginPattern {
        OriginPattern::parse(value).unwrap_or_else(|| panic!("{value} should parse"))
    }

    #[test]
    fn exact_origins_match_only_themselves_with_default_ports_normalised() {
        let app = pattern("https://App.iworkz.jp/");
        assert!(app.matches("https://app.iworkz.jp"));
        assert!(!app.matches("https://app.iworkz.jp.evil.example"));
        assert!(!app.matches("http://app.iworkz.jp"));
        assert!(pattern("https://app.iworkz.jp:443").matches("https://app.iworkz.jp"));
        assert!(pattern("http://localhost:3000").matches("http://localhost:3000"));
        assert!(!pattern("http://localhost:3000").matches("http://localhost:3001"));
    }

    #[test]
    fn any_port_patterns_need_a_numeric_port_or_none() {
        let local = pattern("http://localhost:*");
        assert!(local.matches("http://localhost:5173"));
        assert!(local.matches("http://localhost"));
        assert!(!local.matches("http://localhost.evil.example"));
        assert!(!local.matches("http://localhost:5173.evil.example"));
        let v6 = pattern("http://[::1]:*");
        assert!(v6.matches("http://[::1]:8080"));
    }

    #[test]
    fn wildcards_paths_and_other_schemes_are_refused() {
        for bad in [
            "*",
            "https://*.iworkz.jp",
            "app.iworkz.jp",
            "ftp://x",
            "https://a/b",
            "http://h:99999",
        ] {
            assert!(OriginPattern::parse(bad).is_none(), "{bad}");
        }
    }
}
