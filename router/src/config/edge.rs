//! What the router lets in: operation limits, browsers (CORS, CSRF prevention), introspection
//! and how much of a subgraph's error a client sees.
//!
//! Every value has an environment variable (`ROUTER_…`, listed in the README) and a default
//! chosen for this API; [`EdgeConfig::apply`] reads them and names the variable of a bad value.

use super::ConfigError;
use super::origins::OriginPattern;
use kit::auth::TrustedProxies;
use std::time::Duration;

/// Limits checked before any expensive work, each with its own `extensions.code`.
///
/// The defaults follow graphql-armor's spirit (refuse what no real client sends) with the
/// numbers moved to fit this schema: the deepest query the apps send (`jobPostings → edges →
/// node → matches → candidate → candidateProfile → languages → level`) is 8 levels, so depth 12
/// leaves room without allowing `matches → job → matches …` towers; 30 aliases cover a screen
/// that batches a few postings by alias; a cost of 5000 (about the number of fields a response
/// can carry, list fields multiplied by their page size) is ten times a full search page with
/// matches. Tokens are bounded at 4000 because validation's overlapping-fields rule is quadratic
/// in the number of same-named fields and the parser counts tokens as it goes, so the refusal
/// costs at most 4000 tokens of work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationLimits {
    /// Request bodies above this are refused with 413 before parsing (`ROUTER_MAX_BODY_BYTES`).
    pub max_body_bytes: usize,
    /// Lexical tokens of the document; the parser stops at the limit (`ROUTER_MAX_TOKENS`).
    pub max_tokens: usize,
    /// Nesting of fields, fragments followed; introspection is exempt (`ROUTER_MAX_DEPTH`).
    pub max_depth: u64,
    /// Aliased fields, fragments counted as expanded (`ROUTER_MAX_ALIASES`).
    pub max_aliases: u64,
    /// Directive uses, fragments counted as expanded (`ROUTER_MAX_DIRECTIVES`).
    pub max_directives: u64,
    /// Fields at the operation's root, fragments expanded (`ROUTER_MAX_ROOT_FIELDS`).
    pub max_root_fields: u64,
    /// The estimated cost (`ROUTER_MAX_COST`): every field costs 1, a mutation field 10, and
    /// a list field's selection is multiplied by its `first`/`last`/`limit` argument (for a
    /// connection, its `edges` and `nodes`) or by `default_list_size`.
    pub max_cost: u64,
    /// The size assumed for a list without a size argument (`ROUTER_DEFAULT_LIST_SIZE`).
    pub default_list_size: u64,
    /// How often `fields`, `interfaces`, `possibleTypes` and `inputFields` may nest inside one
    /// introspection path (`ROUTER_MAX_INTROSPECTION_DEPTH`); graphql-js refuses 3, and the
    /// standard introspection query needs 1. Each level multiplies the response by the size
    /// of the schema, so this is what bounds introspection.
    pub max_introspection_depth: u64,
    /// Errors returned in one response; the rest are summarised by one last error
    /// (`ROUTER_MAX_ERRORS`).
    pub max_errors: usize,
}

impl Default for OperationLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            max_tokens: 4000,
            max_depth: 12,
            max_aliases: 30,
            max_directives: 50,
            max_root_fields: 20,
            max_cost: 5000,
            default_list_size: 10,
            max_introspection_depth: 2,
            max_errors: 50,
        }
    }
}

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
            max_age: Duration::from_secs(600),
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
    /// Load balancers in front of the router whose `X-Forwarded-For` is believed
    /// (`ROUTER_TRUSTED_PROXIES`, IPs and CIDR ranges). None by default: the router is the
    /// edge, and a client-sent `X-Forwarded-For` is replaced by the address it connected from.
    pub trusted_proxies: TrustedProxies,
}

impl Default for EdgeConfig {
    fn default() -> Self {
        Self {
            limits: OperationLimits::default(),
            cors: CorsConfig::default(),
            csrf_prevention: true,
            introspection: true,
            expose_subgraph_errors: false,
            request_timeout: Duration::from_secs(30),
            trusted_proxies: TrustedProxies::none(),
        }
    }
}

/// The variables [`EdgeConfig::apply`] reads.
pub const EDGE_VARS: [&str; 17] = [
    "ROUTER_MAX_BODY_BYTES",
    "ROUTER_MAX_TOKENS",
    "ROUTER_MAX_DEPTH",
    "ROUTER_MAX_ALIASES",
    "ROUTER_MAX_DIRECTIVES",
    "ROUTER_MAX_ROOT_FIELDS",
    "ROUTER_MAX_COST",
    "ROUTER_DEFAULT_LIST_SIZE",
    "ROUTER_MAX_INTROSPECTION_DEPTH",
    "ROUTER_MAX_ERRORS",
    "ROUTER_CORS_ORIGINS",
    "ROUTER_CORS_MAX_AGE_SECS",
    "ROUTER_CSRF_PREVENTION",
    "ROUTER_INTROSPECTION",
    "ROUTER_EXPOSE_SUBGRAPH_ERRORS",
    "ROUTER_REQUEST_TIMEOUT_SECS",
    "ROUTER_TRUSTED_PROXIES",
];

impl EdgeConfig {
    /// Reads the edge settings from `vars`, ignoring every other variable.
    pub fn from_vars<I>(vars: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let mut config = Self::default();
        for (var, value) in vars {
            config.apply(&var, &value)?;
        }
        Ok(config)
    }

    /// Applies one variable; `Ok(false)` when it is not an edge setting.
    pub fn apply(&mut self, var: &str, value: &str) -> Result<bool, ConfigError> {
        let limits = &mut self.limits;
        match var {
            "ROUTER_MAX_BODY_BYTES" => limits.max_body_bytes = positive(var, value)?,
            "ROUTER_MAX_TOKENS" => limits.max_tokens = positive(var, value)?,
            "ROUTER_MAX_DEPTH" => limits.max_depth = positive(var, value)?,
            "ROUTER_MAX_ALIASES" => limits.max_aliases = number(var, value)?,
            "ROUTER_MAX_DIRECTIVES" => limits.max_directives = number(var, value)?,
            "ROUTER_MAX_ROOT_FIELDS" => limits.max_root_fields = positive(var, value)?,
            "ROUTER_MAX_COST" => limits.max_cost = positive(var, value)?,
            "ROUTER_DEFAULT_LIST_SIZE" => limits.default_list_size = positive(var, value)?,
            "ROUTER_MAX_INTROSPECTION_DEPTH" => {
                limits.max_introspection_depth = positive(var, value)?;
            }
            "ROUTER_MAX_ERRORS" => limits.max_errors = positive(var, value)?,
            "ROUTER_CORS_ORIGINS" => self.cors.origins = OriginPattern::parse_list(var, value)?,
            "ROUTER_CORS_MAX_AGE_SECS" => {
                self.cors.max_age = Duration::from_secs(number(var, value)?);
            }
            "ROUTER_CSRF_PREVENTION" => self.csrf_prevention = boolean(var, value)?,
            "ROUTER_INTROSPECTION" => self.introspection = boolean(var, value)?,
            "ROUTER_EXPOSE_SUBGRAPH_ERRORS" => self.expose_subgraph_errors = boolean(var, value)?,
            "ROUTER_REQUEST_TIMEOUT_SECS" => {
                self.request_timeout = Duration::from_secs(positive(var, value)?);
            }
            "ROUTER_TRUSTED_PROXIES" => {
                self.trusted_proxies =
                    TrustedProxies::parse(value).map_err(|err| ConfigError::InvalidProxies {
                        var: var.to_owned(),
                        reason: err.to_string(),
                    })?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn number<T: std::str::FromStr>(var: &str, value: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| ConfigError::InvalidNumber {
            var: var.to_owned(),
            value: value.to_owned(),
        })
}

fn positive<T: std::str::FromStr + Default + PartialEq>(
    var: &str,
    value: &str,
) -> Result<T, ConfigError> {
    let parsed: T = number(var, value)?;
    if parsed == T::default() {
        return Err(ConfigError::InvalidNumber {
            var: var.to_owned(),
            value: value.to_owned(),
        });
    }
    Ok(parsed)
}

fn boolean(var: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::InvalidBool {
            var: var.to_owned(),
            value: value.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<EdgeConfig, ConfigError> {
        EdgeConfig::from_vars(
            pairs
                .iter()
                .map(|(var, value)| (var.to_string(), value.to_string())),
        )
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
