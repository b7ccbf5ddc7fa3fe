//! Building the users subgraph from settings: database, secrets at rest (sealed under the
//! configured key before anything reads them), signing keys, identity service, schema, outbox
//! relay, key rotation, and the server with `/graphql`, health, metrics and
//! `/.well-known/jwks.json`. A key file beside a PostgreSQL database is refused unless allowed.

use crate::config::IdentityConfig;
use crate::schema::build_schema;
use crate::service::sealed_secrets::reseal_at_rest;
use crate::service::{IdentityDeps, KeyRing, Mailer, RateLimiter, TokenIssuer, UsersService};
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kit::auth::{Auth, AuthError, JwksSource, TokenVerifier, VerifyOptions};
use kit::config::{ExposeSecret, Settings};
use kit::events::SharedBus;
use kit::health::health_routes;
use kit::lifecycle::shutdown_signal;
use kit::metrics::Metrics;
use kit::outbox::Relay;
use kit::server::{Server, graphql_routes};
use migrations::UsersMigrator;
use std::sync::Arc;

pub const DEFAULT_PORT: u16 = 4001;

/// How often the keys are re-read (other instances may have rotated) and the newest key's age
/// checked against the rotation period.
const ROTATION_CHECK: std::time::Duration = std::time::Duration::from_secs(60);

pub type Application = kit::server::Application<UsersService>;

/// The users subgraph verifies tokens against its own keys, read from memory.
struct OwnKeys(KeyRing);

#[async_trait::async_trait]
impl JwksSource for OwnKeys {
    async fn fetch(&self) -> Result<jsonwebtoken::jwk::JwkSet, AuthError> {
        let unavailable = |err: kit::ApiError| AuthError::KeysUnavailable(err.report());
        self.0.reload().await.map_err(unavailable)?;
        self.0.jwks().map_err(unavailable)
    }
}

pub async fn build(
    settings: &Settings,
    bus: SharedBus,
    identity: &IdentityConfig,
    auth: Auth,
) -> anyhow::Result<Application> {
    let database_url = settings.database_url.expose_secret();
    identity
        .data_encryption
        .check_fits(database_url, identity.allow_key_file_with_postgres)?;
    let db = kit::db::connect_and_migrate::<UsersMigrator>(database_url).await?;
    let data_keys = identity.data_encryption.resolve()?;
    reseal_at_rest(&db, &data_keys)
        .await
        .map_err(|err| anyhow::anyhow!("secrets at rest: {err:#}"))?;
    let keys = KeyRing::load(
        db.clone(),
        data_keys.clone(),
        identity.tokens.access_ttl,
        identity.tokens.key_publish_lead,
    )
    .await
    .map_err(|err| anyhow::anyhow!("signing keys: {err:?}"))?;
    let deps = IdentityDeps {
        tokens: TokenIssuer::new(keys.clone(), identity.tokens.clone()),
        revocations: auth.revocations.clone(),
        // Only this subgraph limits anything; its counters are shared through Redis when set.
        rate_limiter: RateLimiter::connect(settings.redis_url(), &settings.event_stream).await?,
        mailer: Mailer::new(&identity.mail)?,
        login_policy: identity.login_policy.clone(),
        links: identity.links.clone(),
        bus: bus.clone(),
        data_keys,
        metrics: Metrics::new("users"),
    };
    let service = UsersService::new(db.clone(), deps);
    if let Some(admin) = &identity.bootstrap_admin {
        service
            .bootstrap_admin(admin)
            .await
            .map_err(|err| anyhow::anyhow!("first administrator: {err:?}"))?;
    }
    let (stop_tasks, shutdown) = shutdown_signal();
    let metrics = service.metrics().clone();
    let relay = Relay::new(
        service.outbox().clone(),
        db.clone(),
        bus.clone(),
        metrics.clone(),
        settings.relay_settings(),
    )
    .spawn(shutdown.clone());
    let rotation = spawn_key_rotation(keys.clone(), identity.key_rotation, shutdown.clone());
    let readiness = settings.readiness(&db, &bus, &metrics, true);
    // The process shares the revocation list and rate limits (`auth`); users verifies against
    // its own keys in memory rather than fetching its own JWKS over HTTP.
    let verifier = TokenVerifier::new(
        Arc::new(OwnKeys(keys.clone())),
        auth.revocations,
        VerifyOptions::new(&identity.tokens.issuer, &identity.tokens.audience),
    );
    let app = graphql_routes(
        build_schema(service.clone()),
        verifier,
        settings.trusted_proxies.clone(),
    )
    .merge(health_routes(readiness, shutdown.clone()))
    .merge(jwks_routes(keys));
    let server = Server::bind(&settings.host, settings.port, app).await?;
    // Join the consumer group before serving, named after this instance (see jobs).
    let consumer = service
        .spawn_consumer(settings.consumer_settings(server.port()), shutdown)
        .await?;
    Ok(Application::new(
        server,
        service,
        vec![relay, rotation, consumer],
        stop_tasks,
    ))
}

fn spawn_key_rotation(
    keys: KeyRing,
    max_age: chrono::Duration,
    mut shutdown: kit::lifecycle::Shutdown,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while !shutdown.is_requested() {
            match keys.rotate_if_older_than(max_age).await {
                Ok(true) => tracing::info!("rotated the token signing key"),
                Ok(false) => {}
                Err(err) => tracing::error!(error = ?err, "signing key rotation check failed"),
            }
            tokio::select! {
                () = tokio::time::sleep(ROTATION_CHECK) => {}
                () = shutdown.requested() => {}
            }
        }
    })
}

/// `GET /.well-known/jwks.json`: the public keys that verify access tokens now.
fn jwks_routes(keys: KeyRing) -> Router {
    Router::new()
        .route("/.well-known/jwks.json", get(jwks))
        .with_state(keys)
}

async fn jwks(State(keys): State<KeyRing>) -> Response {
    match keys.jwks() {
        Ok(set) => (
            [(axum::http::header::CACHE_CONTROL, "public, max-age=300")],
            axum::Json(set),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = ?err, "serving the JWKS failed");
            axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
