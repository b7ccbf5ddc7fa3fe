use super::*;
use std::io::Write as _;

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(var, value)| (var.to_string(), value.to_string()))
        .collect()
}

fn yaml(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

fn error_of(result: Result<Config, SettingsError>) -> String {
    result.expect_err("settings should be refused").to_string()
}

#[test]
fn defaults_run_the_embedded_stack() {
    let config = Config::from_vars(Vec::new()).unwrap();
    assert_eq!(config.server.host_of("jobs"), "127.0.0.1");
    assert_eq!(config.server.port_of("jobs", 4002), 4002);
    assert_eq!(
        config.database.url_of("users").expose_secret(),
        "sqlite://./data/users.db?mode=rwc"
    );
    assert!(config.redis.url.is_none());
    assert_eq!(config.redis.event_stream, "iworkz:events");
    assert_eq!(config.auth.issuer, "iworkz-users");
    assert_eq!(config.auth.audience, "iworkz-graph");
    assert_eq!(config.auth.trusted_proxies, None);
    assert_eq!(config.router.port, 4000);
    assert_eq!(config.router.limits.max_depth, 12);
    assert!(config.router.introspection && config.router.csrf_prevention);
    assert_eq!(config.stack.seed, None);
    assert_eq!(config.mail.dir, "data/mail");
}

#[test]
fn variables_set_their_keys_and_an_empty_variable_counts_as_unset() {
    let config = Config::from_vars(vars(&[
        ("JOBS_HOST", "10.0.0.5"),
        ("HOST", "0.0.0.0"),
        ("PORT", "5000"),
        ("USERS_DATABASE_URL", "postgres://u:p@db/users"),
        ("DATABASE_URL", "postgres://u:p@db/shared"),
        ("JWT_ISSUER", ""),
        ("REDIS_URL", " "),
        ("TRUSTED_PROXIES", ""),
        (
            "ROUTER_CORS_ORIGINS",
            "https://app.iworkz.jp, http://localhost:*",
        ),
        ("ROUTER_MAX_DEPTH", "7"),
        ("ROUTER_INTROSPECTION", "off"),
        ("SUBGRAPH_MATCHING_URL", "http://m:4003/graphql"),
        ("SEED", "false"),
        ("UNRELATED", "ignored"),
    ]))
    .unwrap();
    assert_eq!(config.server.host_of("jobs"), "10.0.0.5");
    assert_eq!(config.server.host_of("users"), "0.0.0.0");
    assert_eq!(config.server.port_of("users", 4001), 5000);
    assert_eq!(
        config.database.url_of("users").expose_secret(),
        "postgres://u:p@db/users"
    );
    assert_eq!(
        config.database.url_of("jobs").expose_secret(),
        "postgres://u:p@db/shared"
    );
    assert_eq!(config.auth.issuer, "iworkz-users", "empty counts as unset");
    assert!(config.redis.url.is_none());
    assert_eq!(config.auth.trusted_proxies, Some(Vec::new()), "empty list");
    assert_eq!(
        config.router.cors.origins,
        Some(vec![
            "https://app.iworkz.jp".to_owned(),
            "http://localhost:*".to_owned()
        ])
    );
    assert_eq!(config.router.limits.max_depth, 7);
    assert!(!config.router.introspection);
    assert_eq!(
        config.router.subgraph_urls["matching"],
        "http://m:4003/graphql"
    );
    assert_eq!(config.stack.seed, Some(false));
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_and_variable() {
    let message = error_of(Config::from_vars(vars(&[("ROUTER_MAX_DEPTH", "deep")])));
    assert!(message.contains("router.limits.max_depth"), "{message}");
    assert!(message.contains("ROUTER_MAX_DEPTH"), "{message}");
    let message = error_of(Config::from_vars(vars(&[("ROUTER_PORT", "70000")])));
    assert!(
        message.contains("router.port") && message.contains("ROUTER_PORT"),
        "{message}"
    );
}

#[test]
fn an_unusable_value_names_its_key_and_variable() {
    let message = error_of(Config::from_vars(vars(&[("ROUTER_MAX_DEPTH", "0")])));
    assert!(
        message.contains("`router.limits.max_depth` (ROUTER_MAX_DEPTH) must be a positive"),
        "{message}"
    );
    let message = error_of(Config::from_vars(vars(&[("JWKS_URL", "users/jwks")])));
    assert!(
        message.contains("router.jwks_url") && message.contains("JWKS_URL"),
        "{message}"
    );
    let message = error_of(Config::from_vars(vars(&[(
        "SUBGRAPH_JOBS_URL",
        "jobs:4002",
    )])));
    assert!(message.contains("SUBGRAPH_JOBS_URL"), "{message}");
    let message = error_of(Config::from_vars(vars(&[("ADMIN_EMAIL", "a@b.jp")])));
    assert!(message.contains("ADMIN_PASSWORD"), "{message}");
    let message = error_of(Config::from_vars(vars(&[("DATA_ENCRYPTION_KEYS", " ")])));
    assert!(message.contains("DATA_ENCRYPTION_KEYS"), "{message}");
}

#[test]
fn mail_link_routes_are_plain_distinct_paths_the_router_can_serve() {
    let config = Config::from_vars(vars(&[("LINK_VERIFY_EMAIL_PATH", "/auth/verify")])).unwrap();
    assert_eq!(config.identity.links.verify_email, "/auth/verify");
    for (variable, value, reason) in [
        ("LINK_VERIFY_EMAIL_PATH", "verify", "must be a path"),
        ("LINK_VERIFY_EMAIL_PATH", "/verify?x=1", "must be a path"),
        ("LINK_RESET_PASSWORD_PATH", "/{code}", "must be a path"),
        ("LINK_SIGN_IN_PATH", "/graphql", "router's own"),
        ("LINK_SIGN_IN_PATH", "/verify-email", "repeats"),
    ] {
        let message = error_of(Config::from_vars(vars(&[(variable, value)])));
        assert!(
            message.contains(variable) && message.contains(reason),
            "{value}: {message}"
        );
    }
}

#[test]
fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
    let file = yaml(
        "auth:\n  issuer: from-file\n  audience: file-audience\nrouter:\n  port: 5100\n  limits:\n    max_cost: 900\n",
    );
    let config =
        Config::from_sources(Some(file.path()), vars(&[("JWT_ISSUER", "from-env")])).unwrap();
    assert_eq!(config.auth.issuer, "from-env");
    assert_eq!(config.auth.audience, "file-audience");
    assert_eq!(config.router.port, 5100);
    assert_eq!(config.router.limits.max_cost, 900);
    assert_eq!(
        config.router.limits.max_depth, 12,
        "untouched keys keep defaults"
    );
}

#[test]
fn the_file_is_validated_like_the_environment() {
    let file = yaml("auth:\n  issuer: ''\n");
    let message = error_of(Config::from_sources(Some(file.path()), Vec::new()));
    assert!(
        message.contains("`auth.issuer` (JWT_ISSUER) must not be empty"),
        "{message}"
    );
    let file = yaml("router:\n  limits:\n    max_detph: 3\n");
    let message = error_of(Config::from_sources(Some(file.path()), Vec::new()));
    assert!(
        message.contains("max_detph"),
        "a misspelt key is refused: {message}"
    );
}

#[test]
fn secrets_never_print() {
    let config = Config::from_vars(vars(&[
        ("DATABASE_URL", "postgres://app:db-secret@db/iworkz"),
        ("REDIS_URL", "redis://:redis-secret@cache:6379"),
        ("SMTP_URL", "smtps://mailer:smtp-secret@smtp.example.jp"),
        ("ADMIN_EMAIL", "admin@iworkz.example.jp"),
        ("ADMIN_PASSWORD", "admin-secret-2026"),
        ("DATA_ENCRYPTION_KEYS", "k1:c2VjcmV0LWtleQ=="),
    ]))
    .unwrap();
    let printed = format!("{config:?}");
    for secret in [
        "db-secret",
        "redis-secret",
        "smtp-secret",
        "admin-secret",
        "c2VjcmV0",
    ] {
        assert!(!printed.contains(secret), "{secret} printed: {printed}");
    }
    let printed = format!(
        "{:?}",
        env::EnvVars::new(vars(&[("ADMIN_PASSWORD", "hunter2")]))
    );
    assert!(!printed.contains("hunter2"), "{printed}");
}

/// `iworkz.example.yaml` documents the whole configuration: it must parse, and it must set
/// every key a variable can set (so a new setting cannot be added without documenting it).
#[test]
fn the_example_file_sets_every_key_and_parses() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../iworkz.example.yaml");
    let config = Config::from_sources(Some(&path), Vec::new()).expect("the example file parses");
    assert_eq!(config.router.port, 4000);
    let raw = config::Config::builder()
        .add_source(config::File::from(path.as_path()))
        .build()
        .unwrap();
    for entry in ENV_KEYS {
        assert!(
            raw.get::<config::Value>(entry.key).is_ok(),
            "iworkz.example.yaml does not set {} ({})",
            entry.key,
            entry.var
        );
    }
    assert!(raw.get::<config::Value>("router.subgraph_urls").is_ok());
}
