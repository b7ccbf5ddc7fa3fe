//! What the router lets in: operation limits, browsers (CORS, CSRF prevention), introspection
//! and how much of a subgraph's error a client sees.
//!
//! The values come from the `router` section of the settings ([`settings::RouterSection`],
//! where each key's variable and default are documented); this module turns them into the
//! types the pipeline uses.

use super::origins::OriginPattern;
use access::TrustedProxies;
use http::HeaderName;
use settings::{CorsSection, PersistedDocumentsSection, RouterSection, SettingsError};
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
    /// Request headers pages may send (`ROUTER_CORS_ALLOW_HEADERS`); by default credentials,
    /// JSON, Apollo's and the tracing headers.
    pub allow_headers: Vec<HeaderName>,
    /// Response headers pages may read (`ROUTER_CORS_EXPOSE_HEADERS`); by default the request
    /// id.
    pub expose_headers: Vec<HeaderName>,
}

impl Default for CorsConfig {
    fn default() -> Self {
        let section = CorsSection::default();
        Self {
            origins: OriginPattern::local_development(),
            max_age: Duration::from_secs(section.max_age_secs),
            allow_headers: header_names("router.cors.allow_headers", &section.allow_headers)
                .unwrap_or_default(),
            expose_headers: header_names("router.cors.expose_headers", &section.expose_headers)
                .unwrap_or_default(),
        }
    }
}

/// Header names as configured; a name HTTP does not allow names its key.
fn header_names(key: &str, names: &[String]) -> Result<Vec<HeaderName>, SettingsError> {
    names
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .map(|name| {
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                SettingsError::invalid(key, format!("{name:?} is not an HTTP header name"))
            })
        })
        .collect()
}

/// Everything about what reaches the router and what leaves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeConfig {
    pub limits: OperationLimits,
    pub cors: CorsConfig,
    /// Refuse requests a browser could send cross-site without a preflight (non-JSON POSTs,
    /// GETs marked as cross-site navigations or loads) unless they carry
    /// `x-apollo-operation-name` or `apollo-require-preflight` (`ROUTER_CSRF_PREVENTION`).
    pub csrf_prevention: bool,
    /// Answer `__schema`/`__type` (`ROUTER_INTROSPECTION`); partners build clients from it.
    pub introspection: bool,
    /// Serve GraphiQL to browsers opening `/graphql` (`ROUTER_GRAPHIQL`).
    pub graphiql: bool,
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
    /// Automatic persisted queries and trusted documents (`router.persisted_documents`).
    pub persisted: PersistedDocumentsSection,
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
            graphiql: section.graphiql,
            expose_subgraph_errors: section.expose_subgraph_errors,
            request_timeout: Duration::from_secs(section.request_timeout_secs),
            subgraph_timeout: Duration::from_secs(section.subgraph_timeout_secs),
            trusted_proxies: TrustedProxies::none(),
            persisted: section.persisted_documents.clone(),
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
                allow_headers: header_names(
                    "router.cors.allow_headers",
                    &section.cors.allow_headers,
                )?,
                expose_headers: header_names(
                    "router.cors.expose_headers",
                    &section.cors.expose_headers,
                )?,
            },
            csrf_prevention: section.csrf_prevention,
            introspection: section.introspection,
            graphiql: section.graphiql,
            expose_subgraph_errors: section.expose_subgraph_errors,
            request_timeout: Duration::from_secs(section.request_timeout_secs),
            subgraph_timeout: Duration::from_secs(section.subgraph_timeout_secs),
            trusted_proxies,
            persisted: section.persisted_documents.clone(),
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
        assert!(edge.graphiql);
        for tracing in ["traceparent", "tracestate", "baggage", "sentry-trace"] {
            assert!(
                edge.cors.allow_headers.iter().any(|name| name == tracing),
                "{tracing} is not allowed by default"
            );
        }
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
            ("ROUTER_GRAPHIQL", "false"),
            (
                "ROUTER_CORS_ALLOW_HEADERS",
                "authorization, content-type, x-tenant",
            ),
            ("ROUTER_CORS_EXPOSE_HEADERS", "x-request-id, server-timing"),
        ])
        .unwrap();
        assert!(!edge.graphiql);
        assert_eq!(
            edge.cors.allow_headers,
            ["authorization", "content-type", "x-tenant"]
        );
        assert_eq!(edge.cors.expose_headers, ["x-request-id", "server-timing"]);
        let err = config(&[("ROUTER_CORS_ALLOW_HEADERS", "x tenant")]).unwrap_err();
        assert!(
            err.to_string().contains("ROUTER_CORS_ALLOW_HEADERS"),
            "{err}"
        );
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
