//! The environment layer: every key's variable, and a configuration source that reads them.
//!
//! Variable names are the ones the services always used (`DATABASE_URL`, `JWT_ISSUER`,
//! `ROUTER_MAX_DEPTH`, …) rather than a mechanical `PREFIX__SECTION__KEY`: deployments and
//! scripts keep working, and the table below is the one place that ties a name to its key.

use crate::SettingsError;
use config::{ConfigError, Map, Source, Value, ValueKind};

/// How a variable's text becomes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One value; an empty variable counts as unset.
    Scalar,
    /// A comma-separated list; an empty variable is an empty list.
    List,
    /// One value that must not be empty when set (refused by validation).
    Required,
}

/// One setting's variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvKey {
    pub var: &'static str,
    /// The dotted key in the configuration (and the YAML file).
    pub key: &'static str,
    pub shape: Shape,
}

const fn scalar(var: &'static str, key: &'static str) -> EnvKey {
    EnvKey {
        var,
        key,
        shape: Shape::Scalar,
    }
}

const fn list(var: &'static str, key: &'static str) -> EnvKey {
    EnvKey {
        var,
        key,
        shape: Shape::List,
    }
}

/// Every variable with a fixed name. `SUBGRAPH_<NAME>_URL` sets `router.subgraph_urls.<name>`.
pub const ENV_KEYS: &[EnvKey] = &[
    scalar("HOST", "server.host"),
    scalar("PORT", "server.port"),
    scalar("SUBGRAPH_HOST", "server.subgraph_host"),
    scalar("USERS_HOST", "server.users.host"),
    scalar("USERS_PORT", "server.users.port"),
    scalar("JOBS_HOST", "server.jobs.host"),
    scalar("JOBS_PORT", "server.jobs.port"),
    scalar("MATCHING_HOST", "server.matching.host"),
    scalar("MATCHING_PORT", "server.matching.port"),
    scalar("DATABASE_URL", "database.url"),
    scalar("USERS_DATABASE_URL", "database.users_url"),
    scalar("JOBS_DATABASE_URL", "database.jobs_url"),
    scalar("MATCHING_DATABASE_URL", "database.matching_url"),
    scalar("REDIS_URL", "redis.url"),
    scalar("EVENT_STREAM", "redis.event_stream"),
    scalar("EVENTS_RETENTION_HOURS", "events.retention_hours"),
    scalar("EVENTS_MAX_ATTEMPTS", "events.max_attempts"),
    scalar("EVENTS_READY_MAX_LAG_SECS", "events.ready_max_lag_secs"),
    scalar("INSTANCE_ID", "events.instance_id"),
    scalar("USERS_JWKS_URL", "auth.jwks_url"),
    scalar("JWT_ISSUER", "auth.issuer"),
    scalar("JWT_AUDIENCE", "auth.audience"),
    list("TRUSTED_PROXIES", "auth.trusted_proxies"),
    scalar("PUBLIC_URL", "identity.public_url"),
    scalar("LINK_VERIFY_EMAIL_PATH", "identity.links.verify_email"),
    scalar("LINK_RESET_PASSWORD_PATH", "identity.links.reset_password"),
    scalar("LINK_SIGN_IN_PATH", "identity.links.sign_in"),
    scalar(
        "LINK_ACCEPT_INVITATION_PATH",
        "identity.links.accept_invitation",
    ),
    scalar(
        "SIGNING_KEY_ROTATION_DAYS",
        "identity.signing_key_rotation_days",
    ),
    scalar("LOGIN_WINDOW_SECS", "identity.login.window_secs"),
    scalar(
        "LOGIN_MAX_PER_ACCOUNT_IP",
        "identity.login.max_per_account_ip",
    ),
    scalar("LOGIN_MAX_PER_IP", "identity.login.max_per_ip"),
    scalar("LOCKOUT_THRESHOLD", "identity.lockout.threshold"),
    scalar("LOCKOUT_WINDOW_SECS", "identity.lockout.window_secs"),
    scalar("ADMIN_EMAIL", "identity.admin.email"),
    scalar("ADMIN_PASSWORD", "identity.admin.password"),
    EnvKey {
        var: "DATA_ENCRYPTION_KEYS",
        key: "identity.data_encryption.keys",
        shape: Shape::Required,
    },
    scalar(
        "DATA_ENCRYPTION_KEY_FILE",
        "identity.data_encryption.key_file",
    ),
    scalar(
        "DATA_ENCRYPTION_ALLOW_KEY_FILE",
        "identity.data_encryption.allow_key_file",
    ),
    scalar("SMTP_URL", "mail.smtp_url"),
    scalar("MAIL_DIR", "mail.dir"),
    scalar("ROUTER_HOST", "router.host"),
    scalar("ROUTER_PORT", "router.port"),
    scalar("ROUTER_WORKERS", "router.workers"),
    scalar("SUPERGRAPH_PATH", "router.supergraph_path"),
    scalar("JWKS_URL", "router.jwks_url"),
    scalar("ROUTER_MAX_BODY_BYTES", "router.limits.max_body_bytes"),
    scalar("ROUTER_MAX_TOKENS", "router.limits.max_tokens"),
    scalar("ROUTER_MAX_DEPTH", "router.limits.max_depth"),
    scalar("ROUTER_MAX_ALIASES", "router.limits.max_aliases"),
    scalar("ROUTER_MAX_DIRECTIVES", "router.limits.max_directives"),
    scalar("ROUTER_MAX_ROOT_FIELDS", "router.limits.max_root_fields"),
    scalar("ROUTER_MAX_COST", "router.limits.max_cost"),
    scalar(
        "ROUTER_DEFAULT_LIST_SIZE",
        "router.limits.default_list_size",
    ),
    scalar(
        "ROUTER_MAX_INTROSPECTION_DEPTH",
        "router.limits.max_introspection_depth",
    ),
    scalar("ROUTER_MAX_ERRORS", "router.limits.max_errors"),
    scalar("ROUTER_MAX_BATCH_SIZE", "router.limits.max_batch_size"),
    list("ROUTER_CORS_ORIGINS", "router.cors.origins"),
    scalar("ROUTER_CORS_MAX_AGE_SECS", "router.cors.max_age_secs"),
    list("ROUTER_CORS_ALLOW_HEADERS", "router.cors.allow_headers"),
    list("ROUTER_CORS_EXPOSE_HEADERS", "router.cors.expose_headers"),
    scalar("ROUTER_CSRF_PREVENTION", "router.csrf_prevention"),
    scalar("ROUTER_INTROSPECTION", "router.introspection"),
    scalar("ROUTER_GRAPHIQL", "router.graphiql"),
    scalar(
        "ROUTER_EXPOSE_SUBGRAPH_ERRORS",
        "router.expose_subgraph_errors",
    ),
    scalar("ROUTER_REQUEST_TIMEOUT_SECS", "router.request_timeout_secs"),
    scalar(
        "ROUTER_SUBGRAPH_TIMEOUT_SECS",
        "router.subgraph_timeout_secs",
    ),
    list("ROUTER_TRUSTED_PROXIES", "router.trusted_proxies"),
    scalar("ROUTER_APQ", "router.persisted_documents.apq"),
    scalar(
        "ROUTER_APQ_TTL_SECS",
        "router.persisted_documents.apq_ttl_secs",
    ),
    scalar(
        "ROUTER_TRUSTED_DOCUMENTS",
        "router.persisted_documents.trusted_documents",
    ),
    scalar(
        "ROUTER_TRUSTED_DOCUMENTS_MODE",
        "router.persisted_documents.trusted_documents_mode",
    ),
    scalar("SEED", "stack.seed"),
];

const SUBGRAPH_URLS_KEY: &str = "router.subgraph_urls.";

/// The variable that sets `key`, if any (e.g. `router.limits.max_depth` → `ROUTER_MAX_DEPTH`).
pub fn env_var_of(key: &str) -> Option<String> {
    if let Some(name) = key.strip_prefix(SUBGRAPH_URLS_KEY) {
        return Some(format!("SUBGRAPH_{}_URL", name.to_ascii_uppercase()));
    }
    ENV_KEYS
        .iter()
        .find(|entry| entry.key == key)
        .map(|entry| entry.var.to_owned())
}

/// The setting `var` names, with its shape: a fixed name, or `SUBGRAPH_<NAME>_URL`.
fn setting_of(var: &str) -> Option<(String, Shape)> {
    if let Some(entry) = ENV_KEYS.iter().find(|entry| entry.var == var) {
        return Some((entry.key.to_owned(), entry.shape));
    }
    let name = var.strip_prefix("SUBGRAPH_")?.strip_suffix("_URL")?;
    (!name.is_empty() && name != "HOST").then(|| {
        (
            format!("{SUBGRAPH_URLS_KEY}{}", name.to_ascii_lowercase()),
            Shape::Scalar,
        )
    })
}

/// Our variables from the process environment. Only ours must be UTF-8; anything else in
/// the environment is ignored.
pub(crate) fn process_vars() -> Result<Vec<(String, String)>, SettingsError> {
    let mut vars = Vec::new();
    for (name, value) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if setting_of(name).is_none() && name != crate::CONFIG_FILE_VAR {
            continue;
        }
        let value = value
            .into_string()
            .map_err(|_| SettingsError::NotUnicode(name.to_owned()))?;
        vars.push((name.to_owned(), value));
    }
    Ok(vars)
}

/// The settings among some (name, value) pairs, as a configuration source. Each value's
/// origin names its variable, so a type error says which variable to fix.
#[derive(Clone)]
pub(crate) struct EnvVars(Vec<(String, String, Shape, String)>);

impl EnvVars {
    pub(crate) fn new(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        Self(
            vars.into_iter()
                .filter_map(|(var, value)| {
                    let (key, shape) = setting_of(&var)?;
                    Some((var, key, shape, value))
                })
                .collect(),
        )
    }
}

/// Names only: values may be secrets.
impl std::fmt::Debug for EnvVars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(var, ..)| var))
            .finish()
    }
}

impl Source for EnvVars {
    fn clone_into_box(&self) -> Box<dyn Source + Send + Sync> {
        Box::new(self.clone())
    }

    fn collect(&self) -> Result<Map<String, Value>, ConfigError> {
        let mut map = Map::new();
        for (var, key, shape, value) in &self.0 {
            let origin = Some(format!("the environment variable {var}"));
            let text = value.trim();
            let kind = match shape {
                Shape::Scalar if text.is_empty() => continue,
                Shape::Scalar | Shape::Required => ValueKind::String(text.to_owned()),
                Shape::List => ValueKind::Array(
                    text.split(',')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(|item| Value::new(origin.as_ref(), item))
                        .collect(),
                ),
            };
            map.insert(key.clone(), Value::new(origin.as_ref(), kind));
        }
        Ok(map)
    }
}

/// Where the value behind `error` came from when `error` does not say itself (serde's range
/// errors lose the origin): the variable when one set the key, else the file.
pub(crate) fn origin_of(
    error: &ConfigError,
    env: &EnvVars,
    file: Option<&std::path::Path>,
) -> Option<String> {
    let key = match error {
        ConfigError::Type {
            origin: None,
            key: Some(key),
            ..
        }
        | ConfigError::At {
            origin: None,
            key: Some(key),
            ..
        } => key,
        _ => return None,
    };
    env.0
        .iter()
        .find(|(_, set, ..)| set == key)
        .map(|(var, ..)| format!("the environment variable {var}"))
        .or_else(|| file.map(|file| file.display().to_string()))
}
