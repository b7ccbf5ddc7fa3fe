//! What the router lets in: operation limits, browsers (CORS, CSRF prevention), introspection
//! and how much of a subgraph's error a client sees.
//!
//! The values come from the `router` section of the settings ([`settings::RouterSection`],
//! where each key's variable and default are documented); this module turns them into the
//! types the pipeline uses.

use super::origins::OriginPattern;
use access::TrustedProxies;
use settings::{CorsSection, RouterSection, SettingsError};
use std::time::Duration;

/// Limits checked before any expensive work, each with its own `extensions.code`: the
/// settings' own section, used as it is (what each bounds, and why its default is what it is,
/// is documented there).
pub use settings::LimitsSection as OperationLimits;

/// Cross-origin access for browsers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorsConfig {
    /// Origins allowed to call the API from a browser, with credentials; also checked on
    /// WebSocket upgrades (`ROUTER_CORS_ORIGINS`, comma-separated; `http://host:*` allows any
    /// port). The default allows the local development origins only.
    pub origins: Vec<OriginPattern>,
    /// How long a browser may cache a preflight answer (`ROUTER_CORS_MAX_AGE_SECS`).
    pub max_age: Duration,
}

impl Default for CorsConfig {
    fn default() -> Self {
        Self {
            origins: OriginPattern::local_development(),
            max_age: Duration::from_secs(CorsSection::default().max_age_secs),
        }
    }
}

/// Everything about what reaches the router and what leaves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeConfig {
    pub limits: OperationLimits,
    pub cors: CorsConfig,
    /// Refuse requests a browser could send cross-site without a preflight unless they carry
    /// `x-apollo-operation-name` or `apollo-require-preflight` (`ROUTER_CSRF_PREVENTION`).
    pub csrf_prevention: bool,
    /// Answer `__schema`/`__type` (`ROUTER_INTROSPECTION`); partners build clients from it.
    pub introspection: bool,
    /// Show clients every subgraph error message and `extensions.service`, for debugging
    /// (`ROUTER_EXPOSE_SUBGRAPH_ERRORS`); off, only the subgraphs' stable codes pass through.
    pub expose_subgraph_errors: bool,
    /// How long one query or mutation may take before the router answers with a timeout and
    /// stops its work (`ROUTER_REQUEST_TIMEOUT_SECS`).
    pub request_timeout: Duration,
    /// How long one subgraph fetch may take (`ROUTER_SUBGRAPH_TIMEOUT_SECS`), shorter than the
    /// request timeout: a frozen subgraph costs its fields (`SUBGRAPH_UNAVAILABLE`), and the
    /// client still gets what the other subgraphs answered.
    pub subgraph_timeout: Duration,
    /// Load balancers in front of the router whose `X-Forwarded-For` is believed
    /// (`ROUTER_TRUSTED_PROXIES`, IPs and CIDR ranges). None by default: the router is the
    /// edge, and a client-sent `X-Forwarded-For` is replaced by the address it connected from.
    pub trusted_proxies: TrustedProxies,
}

impl Default for EdgeConfig {
    /// The section's defaults (equal to [`EdgeConfig::from_section`] of them, as a test checks).
    fn default() -> Self {
        let section = RouterSection::default();
        Self {
            limits: section.limits.clone(),
            cors: CorsConfig::default(),
            csrf_prevention: section.csrf_prevention,
            introspection: section.introspection,
            expose_subgraph_errors: section.expose_subgraph_errors,
            request_timeout: Duration::from_secs(section.request_timeout_secs),
            subgraph_timeout: Duration::from_secs(section.subgraph_timeout_secs),
            trusted_proxies: TrustedProxies::none(),
        }
    }
}

impl EdgeConfig {
    /// The router section's edge settings, parsed; a bad origin or proxy names its key.
    pub fn from_section(section: &RouterSection) -> Result<Self, SettingsError> {
        let origins = match &section.cors.origins {
            Some(list) => OriginPattern::parse_list("router.cors.origins", list)?,
            None => OriginPattern::local_development(),
        };
        let trusted_proxies = TrustedProxies::parse(&section.trusted_proxies.join(","))
            .map_err(|err| SettingsError::invalid("router.trusted_proxies", err.to_string()))?;
        Ok(Self {
            limits: section.limits.clone(),
            cors: CorsConfig {
                origins,
                max_age: Duration::from_secs(section.cors.max_age_secs),
            },
            csrf_prevention: section.csrf_prevention,
            introspection: section.introspection,
            expose_subgraph_errors: section.expose_subgraph_errors,
            request_timeout: Duration::from_secs(section.request_timeout_secs),
            subgraph_timeout: Duration::from_secs(section.subgraph_timeout_secs),
            trusted_proxies,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<EdgeConfig, SettingsError> {
        let settings = settings::Config::from_vars(
            pairs
                .iter()
                .map(|(var, value)| (var.to_string(), value.to_string())),
        )?;
        EdgeConfig::from_section(&settings.router)
    }

    #[test]
    fn defaults_allow_introspection_and_local_origins_and_prevent_csrf() {
        let edge = config(&[]).unwrap();
        assert!(edge.introspection && edge.csrf_prevention && !edge.expose_subgraph_errors);
        assert_eq!(edge.limits.max_depth, 12);
        assert!(
            edge.cors
                .origins
                .iter()
                .any(|origin| origin.matches("http://localhost:3000"))
        );
        assert_eq!(edge, EdgeConfig::default());
    }

    #[test]
    fn every_setting_is_read_and_bad_values_name_their_variable() {
        let edge = config(&[
            ("ROUTER_MAX_DEPTH", "7"),
            ("ROUTER_MAX_COST", "100"),
            ("ROUTER_MAX_ALIASES", "0"),
            ("ROUTER_INTROSPECTION", "false"),
            ("ROUTER_CSRF_PREVENTION", "off"),
            (
                "ROUTER_CORS_ORIGINS",
                "https://app.iworkz.jp, http://localhost:*",
            ),
            ("ROUTER_CORS_MAX_AGE_SECS", "60"),
            ("ROUTER_REQUEST_TIMEOUT_SECS", "5"),
            ("ROUTER_SUBGRAPH_TIMEOUT_SECS", "2"),
            ("ROUTER_TRUSTED_PROXIES", "10.0.0.0/8"),
        ])
        .unwrap();
        assert_eq!(edge.limits.max_depth, 7);
        assert_eq!(edge.limits.max_cost, 100);
        assert_eq!(edge.limits.max_aliases, 0);
        assert!(!edge.introspection && !edge.csrf_prevention);
        assert_eq!(edge.cors.origins.len(), 2);
        assert_eq!(edge.cors.max_age, Duration::from_secs(60));
        assert_eq!(edge.request_timeout, Duration::from_secs(5));
        assert_eq!(edge.subgraph_timeout, Duration::from_secs(2));
        let err = config(&[("ROUTER_SUBGRAPH_TIMEOUT_SECS", "60")]).unwrap_err();
        assert!(err.to_string().contains("subgraph_timeout"), "{err}");
        assert!(edge.trusted_proxies.trusts("10.1.2.3".parse().unwrap()));
        let err = config(&[("ROUTER_TRUSTED_PROXIES", "lb.internal")]).unwrap_err();
        assert!(err.to_string().contains("ROUTER_TRUSTED_PROXIES"), "{err}");

        let err = config(&[("ROUTER_MAX_DEPTH", "0")]).unwrap_err();
        assert!(err.to_string().contains("ROUTER_MAX_DEPTH"), "{err}");
        let err = config(&[("ROUTER_INTROSPECTION", "maybe")]).unwrap_err();
        assert!(err.to_string().contains("ROUTER_INTROSPECTION"), "{err}");
        let err = config(&[("ROUTER_CORS_ORIGINS", "app.iworkz.jp")]).unwrap_err();
        assert!(err.to_string().contains("ROUTER_CORS_ORIGINS"), "{err}");
    }
}
