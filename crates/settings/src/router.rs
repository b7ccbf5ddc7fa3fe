//! The router's section: where it listens, which supergraph it serves, and what it lets in
//! and out (operation limits, CORS, CSRF prevention, introspection, error exposure).

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct RouterSection {
    /// `ROUTER_HOST`, else `server.host`, else loopback.
    pub host: Option<String>,
    /// `ROUTER_PORT` (`0` picks a free one).
    pub port: u16,
    /// `ROUTER_WORKERS`: how many single-threaded workers serve requests, each with its own
    /// listener on the port (`SO_REUSEPORT`), event loop and subgraph connections; `0` starts
    /// one per CPU core. Applies to the `router` binary (the stack serves it from its runtime).
    pub workers: usize,
    /// `SUPERGRAPH_PATH`: watched, and reloaded when it changes.
    pub supergraph_path: String,
    /// `JWKS_URL`: the issuer's key set. Unset derives it from the `users` subgraph's URL;
    /// without one the router serves anonymous requests and refuses tokens it cannot check.
    pub jwks_url: Option<String>,
    /// `SUBGRAPH_<NAME>_URL`: subgraph name (lowercase) → GraphQL URL, overriding the
    /// supergraph's `join__graph(url:)`.
    pub subgraph_urls: BTreeMap<String, String>,
    pub limits: LimitsSection,
    pub cors: CorsSection,
    /// `ROUTER_CSRF_PREVENTION`: refuse requests a browser could send cross-site without a
    /// preflight (non-JSON POSTs; GETs the browser marks as cross-site navigations or loads)
    /// unless they carry `x-apollo-operation-name` or `apollo-require-preflight`.
    pub csrf_prevention: bool,
    /// `ROUTER_INTROSPECTION`: answer `__schema`/`__type`; partners build clients from it.
    pub introspection: bool,
    /// `ROUTER_GRAPHIQL`: serve GraphiQL to browsers opening `/graphql` (its files ship with
    /// the router; no CDN). Turn it off in production if only the apps should see the API.
    pub graphiql: bool,
    /// `ROUTER_EXPOSE_SUBGRAPH_ERRORS`: show clients every subgraph error message and
    /// `extensions.service`, for debugging; off, only the subgraphs' stable codes pass.
    pub expose_subgraph_errors: bool,
    /// `ROUTER_REQUEST_TIMEOUT_SECS`: how long one query or mutation may take before the
    /// router answers with a timeout and stops its work.
    pub request_timeout_secs: u64,
    /// `ROUTER_SUBGRAPH_TIMEOUT_SECS`: how long one subgraph fetch may take; shorter than the
    /// request timeout, so a frozen subgraph costs its fields (`SUBGRAPH_UNAVAILABLE`, with the
    /// other subgraphs' data), not the whole response.
    pub subgraph_timeout_secs: u64,
    /// `ROUTER_TRUSTED_PROXIES`: load balancers in front of the router whose
    /// `X-Forwarded-For` is believed. None by default: the router is the edge.
    pub trusted_proxies: Vec<String>,
    pub persisted_documents: PersistedDocumentsSection,
}

/// Documents clients send by hash instead of text.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PersistedDocumentsSection {
    /// `ROUTER_APQ`: automatic persisted queries (Apollo's protocol): a client sends a
    /// document's SHA-256 first and the text only when the router does not know it yet. Known
    /// texts are kept in process and, with `REDIS_URL`, in Redis (shared by every router).
    pub apq: bool,
    /// `ROUTER_APQ_TTL_SECS`: how long Redis keeps an automatic persisted query unused.
    pub apq_ttl_secs: u64,
    /// `ROUTER_TRUSTED_DOCUMENTS`: a manifest of the apps' own operations, as GraphQL Codegen's
    /// client preset (`persisted-documents.json`) or Relay (`persisted_queries.json`) writes
    /// it: a JSON object of document id → document text.
    pub trusted_documents: Option<String>,
    /// `ROUTER_TRUSTED_DOCUMENTS_MODE`: `off`; `allow_and_log` (every operation runs, those not
    /// in the manifest are logged and counted); `enforce` (only the manifest's operations run:
    /// a release locks the API to its own operations).
    pub trusted_documents_mode: TrustedDocumentsMode,
}

/// What the router does with operations that are not in the trusted documents' manifest.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TrustedDocumentsMode {
    /// The manifest is not consulted.
    #[default]
    Off,
    /// Every operation runs; those not in the manifest are logged and counted.
    AllowAndLog,
    /// Only the manifest's operations run.
    Enforce,
}

impl Default for PersistedDocumentsSection {
    fn default() -> Self {
        Self {
            apq: true,
            apq_ttl_secs: 24 * 60 * 60,
            trusted_documents: None,
            trusted_documents_mode: TrustedDocumentsMode::Off,
        }
    }
}

impl Default for RouterSection {
    fn default() -> Self {
        Self {
            host: None,
            port: 4000,
            workers: 0,
            supergraph_path: "schema/supergraph.graphql".to_owned(),
            jwks_url: None,
            subgraph_urls: BTreeMap::new(),
            limits: LimitsSection::default(),
            cors: CorsSection::default(),
            csrf_prevention: true,
            introspection: true,
            graphiql: true,
            expose_subgraph_errors: false,
            request_timeout_secs: 30,
            subgraph_timeout_secs: 10,
            trusted_proxies: Vec::new(),
            persisted_documents: PersistedDocumentsSection::default(),
        }
    }
}

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
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsSection {
    /// `ROUTER_MAX_BODY_BYTES`: larger request bodies are refused with 413 before parsing.
    pub max_body_bytes: usize,
    /// `ROUTER_MAX_TOKENS`: lexical tokens of the document; the parser stops at the limit.
    pub max_tokens: usize,
    /// `ROUTER_MAX_DEPTH`: nesting of fields, fragments followed; introspection is exempt.
    pub max_depth: u64,
    /// `ROUTER_MAX_ALIASES`: aliased fields, fragments counted as expanded (0 allowed).
    pub max_aliases: u64,
    /// `ROUTER_MAX_DIRECTIVES`: directive uses, fragments counted as expanded (0 allowed).
    pub max_directives: u64,
    /// `ROUTER_MAX_ROOT_FIELDS`: fields at the operation's root, fragments expanded.
    pub max_root_fields: u64,
    /// `ROUTER_MAX_COST`: every field costs 1, a mutation field 10, and a list field's
    /// selection is multiplied by its `first`/`last`/`limit` argument (for a connection, its
    /// `edges` and `nodes`) or by `default_list_size`.
    pub max_cost: u64,
    /// `ROUTER_DEFAULT_LIST_SIZE`: the size assumed for a list without a size argument.
    pub default_list_size: u64,
    /// `ROUTER_MAX_INTROSPECTION_DEPTH`: how often `fields`, `interfaces`, `possibleTypes` and
    /// `inputFields` may nest inside one introspection path; graphql-js refuses 3, and the
    /// standard introspection query needs 1. Each level multiplies the response by the size
    /// of the schema, so this is what bounds introspection.
    pub max_introspection_depth: u64,
    /// `ROUTER_MAX_ERRORS`: errors returned in one response; the rest are summarised by one
    /// last error.
    pub max_errors: usize,
    /// `ROUTER_MAX_BATCH_SIZE`: operations in one batched request (a JSON array body, as
    /// Apollo's `BatchHttpLink` sends); each is checked against the other limits. 0 turns
    /// batching off.
    pub max_batch_size: usize,
}

impl Default for LimitsSection {
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
            max_batch_size: 10,
        }
    }
}

/// Cross-origin access for browsers.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct CorsSection {
    /// `ROUTER_CORS_ORIGINS`: origins allowed to call the API from a browser, with
    /// credentials; also checked on WebSocket upgrades. `scheme://host[:port]`, or
    /// `scheme://host:*` for any port. Unset allows the local development origins only.
    pub origins: Option<Vec<String>>,
    /// `ROUTER_CORS_MAX_AGE_SECS`: how long a browser may cache a preflight answer.
    pub max_age_secs: u64,
    /// `ROUTER_CORS_ALLOW_HEADERS`: the request headers a browser page may send. The default
    /// covers credentials and JSON, Apollo's client headers and CSRF-prevention headers, and
    /// the tracing headers OpenTelemetry and Sentry add to every call (`traceparent`,
    /// `tracestate`, `baggage`, `sentry-trace`), plus `x-request-id`.
    pub allow_headers: Vec<String>,
    /// `ROUTER_CORS_EXPOSE_HEADERS`: the response headers a browser page may read besides the
    /// CORS-safelisted ones; by default the request id.
    pub expose_headers: Vec<String>,
}

/// The request headers browsers may send by default.
pub const DEFAULT_CORS_ALLOW_HEADERS: [&str; 12] = [
    "authorization",
    "content-type",
    "apollographql-client-name",
    "apollographql-client-version",
    "x-apollo-operation-name",
    "apollo-require-preflight",
    "traceparent",
    "tracestate",
    "baggage",
    "sentry-trace",
    "x-request-id",
    "accept-language",
];

impl Default for CorsSection {
    fn default() -> Self {
        Self {
            origins: None,
            max_age_secs: 600,
            allow_headers: DEFAULT_CORS_ALLOW_HEADERS.map(str::to_owned).to_vec(),
            expose_headers: vec!["x-request-id".to_owned()],
        }
    }
}
