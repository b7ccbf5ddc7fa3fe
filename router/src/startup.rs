//! Building and running the router: load the supergraph, start the subscription thread and the
//! file watcher, bind the listener. `main.rs`, the `stack` binary and the tests all go through
//! [`Application`].

use crate::account_pages;
use crate::config::RouterConfig;
use crate::error::RouterError;
use crate::graphiql;
use crate::health;
use crate::jwks::{JWKS_PATH, UnconfiguredJwks, jwks};
use crate::operation_cache::{OperationCache, OperationCacheStats};
use crate::persisted::{ApqStore, PersistedDocuments, TrustedDocuments};
use crate::pipeline::cors::cors_layer;
use crate::pipeline::http::{get_graphql, post_graphql};
use crate::plan_cache::{PlanCache, PlanCacheStats};
use crate::request_id;
use crate::state::{RouterState, subgraph_header_rules};
use crate::subscription_runtime::SubscriptionRuntime;
use crate::supergraph::{SupergraphStore, spawn_watcher};
use access::{
    HttpJwks, JwksSource, SessionRevocations, TokenVerifier, VerifyOptions, jwks_url_beside,
};
use axum::Router;
use axum::routing::get;
use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A router bound to its port, ready to serve.
pub struct Application {
    listener: TcpListener,
    port: u16,
    app: Router,
    stats: RouterStats,
    watcher: WatcherGuard,
    stopping: Arc<AtomicBool>,
}

impl Application {
    /// Loads the supergraph and binds `host:port`; fails if either is impossible.
    pub async fn build(config: RouterConfig) -> Result<Self, RouterError> {
        crate::install_crypto_provider();
        let supergraph = Arc::new(SupergraphStore::load(
            &config.supergraph_path,
            config.subgraph_urls.clone(),
            config.edge.subgraph_timeout,
            config.metrics.clone(),
        )?);
        let plan_cache = Arc::new(PlanCache::default());
        let operations = Arc::new(OperationCache::default());
        let verifier = match config.verifier.clone() {
            Some(verifier) => verifier,
            None => build_verifier(&config, &supergraph).await?,
        };
        let edge = Arc::new(config.edge.clone());
        let state = Arc::new(RouterState {
            supergraph: supergraph.clone(),
            plan_cache: plan_cache.clone(),
            operations: operations.clone(),
            edge: edge.clone(),
            headers_plan: subgraph_header_rules()?,
            verifier,
            subscriptions: SubscriptionRuntime::start()
                .map_err(RouterError::SubscriptionRuntime)?,
            metrics: config.metrics.clone(),
            persisted: persisted_documents(&config).await?,
            reachability: crate::reachability::Reachability::spawn(&supergraph).await,
            stopping: Arc::new(AtomicBool::new(false)),
        });
        let stopping = state.stopping.clone();

        let address = format!("{}:{}", config.host, config.port);
        let listener = bind(&config.host, config.port, config.reuse_port)
            .await
            .map_err(|source| RouterError::Bind {
                address: address.clone(),
                source,
            })?;
        let port = listener
            .local_addr()
            .map_err(|source| RouterError::Bind { address, source })?
            .port();

        let watcher = {
            let (plan_cache, operations) = (plan_cache.clone(), operations.clone());
            spawn_watcher(supergraph.clone(), move || {
                plan_cache.clear();
                operations.clear();
            })
        };
        let pages = &config.account_pages;
        let app = Router::new()
            .route("/graphql", get(get_graphql).post(post_graphql))
            .route(graphiql::ASSETS_ROUTE, get(graphiql::asset))
            .route("/health", get(health::ready))
            .route("/health/live", get(health::live))
            .route("/health/ready", get(health::ready))
            .route("/metrics", get(health::metrics))
            .route(JWKS_PATH, get(jwks))
            .route(&pages.verify_email, get(account_pages::verify_email))
            .route(&pages.reset_password, get(account_pages::reset_password))
            .route(&pages.sign_in, get(account_pages::sign_in))
            .route(
                &pages.accept_invitation,
                get(account_pages::accept_invitation),
            )
            .layer(cors_layer(&edge.cors))
            .layer(axum::middleware::from_fn(request_id::assign))
            .with_state(state);
        tracing::info!(
            port,
            supergraph = %config.supergraph_path.display(),
            "router listening on http://{}:{port}/graphql",
            config.host
        );
        Ok(Self {
            listener,
            port,
            app,
            stats: RouterStats {
                plan_cache,
                operations,
                supergraph,
            },
            watcher: WatcherGuard(watcher),
            stopping,
        })
    }

    /// The bound port (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle on the router's counters that stays valid while it runs.
    pub fn stats(&self) -> RouterStats {
        self.stats.clone()
    }

    /// Serves until SIGTERM or Ctrl-C (or the future is dropped), then shuts down gracefully.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(terminate()).await
    }

    /// Serves until `shutdown` completes; then readiness answers 503, the listener stops
    /// accepting, and requests in flight get up to [`DRAIN`] to finish. Handlers see the peer
    /// address, which becomes `X-Forwarded-For` on subgraph requests.
    pub async fn run_until<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let _watcher = self.watcher;
        let stopping = self.stopping;
        let (draining, drain_started) = tokio::sync::oneshot::channel::<()>();
        let app = self.app.into_make_service_with_connect_info::<SocketAddr>();
        let serve = axum::serve(self.listener, app).with_graceful_shutdown(async move {
            shutdown.await;
            stopping.store(true, Ordering::Relaxed);
            let _ = draining.send(());
        });
        let drain_over = async move {
            if drain_started.await.is_ok() {
                tokio::time::sleep(DRAIN).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            served = serve.into_future() => served,
            () = drain_over => {
                tracing::warn!("requests still in flight after the drain period; stopping anyway");
                Ok(())
            }
        }
    }
}

/// How long requests in flight may take to finish once shutdown is asked for.
pub const DRAIN: std::time::Duration = std::time::Duration::from_secs(20);

/// Completes on SIGTERM (what an orchestrator sends) or Ctrl-C.
pub async fn terminate() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down: draining requests");
}

/// The listening socket; with `reuse_port`, several listeners (one per worker thread) share
/// the port and the kernel spreads connections across them.
async fn bind(host: &str, port: u16, reuse_port: bool) -> std::io::Result<TcpListener> {
    if !reuse_port {
        return TcpListener::bind((host, port)).await;
    }
    let address = tokio::net::lookup_host((host, port))
        .await?
        .next()
        .ok_or_else(|| std::io::Error::other(format!("{host} does not resolve")))?;
    let socket = match address {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.set_reuseport(true)?;
    socket.set_nodelay(true)?;
    socket.bind(address)?;
    socket.listen(1024)
}

/// A verifier from the settings: keys from `jwks_url` (or beside the `users` subgraph), the
/// revocation list in Redis when configured. Keys are fetched on first use, so the router may
/// start before the users subgraph. Without either, the router still starts: anonymous
/// requests are served and a request carrying a token is refused as unverifiable.
async fn build_verifier(
    config: &RouterConfig,
    supergraph: &SupergraphStore,
) -> Result<TokenVerifier, RouterError> {
    let jwks_url = config.jwks_url.clone().or_else(|| {
        supergraph
            .subgraph_url("users")
            .as_deref()
            .and_then(jwks_url_beside)
    });
    let auth_error = |err: access::AuthError| RouterError::Auth(err.to_string());
    let keys: Arc<dyn JwksSource> = match &jwks_url {
        Some(url) => Arc::new(HttpJwks::new(url).map_err(auth_error)?),
        None => {
            tracing::warn!(
                "no JWKS_URL is set and the supergraph has no users subgraph: serving anonymous \
                 requests only; requests with a token are refused until JWKS_URL names the \
                 issuer's /.well-known/jwks.json"
            );
            Arc::new(UnconfiguredJwks)
        }
    };
    let revocations = SessionRevocations::connect(
        config
            .redis_url
            .as_ref()
            .map(settings::ExposeSecret::expose_secret),
        &config.redis_namespace,
    )
    .await
    .map_err(auth_error)?;
    if let Some(url) = &jwks_url {
        tracing::info!(jwks = %url, revocations = ?revocations, "verifying access tokens");
    }
    Ok(TokenVerifier::new(
        keys,
        revocations,
        VerifyOptions::new(&config.jwt_issuer, &config.jwt_audience),
    ))
}

/// Automatic persisted queries (in process, and in Redis with one) and the trusted documents'
/// manifest. A manifest that cannot be read stops the router: running without it would let
/// every operation through where `enforce` was meant.
async fn persisted_documents(config: &RouterConfig) -> Result<PersistedDocuments, RouterError> {
    let settings = &config.edge.persisted;
    let apq = if settings.apq {
        let redis = match &config.redis_url {
            Some(url) => Some(
                access::RedisStore::connect(settings::ExposeSecret::expose_secret(url))
                    .await
                    .map_err(|err| RouterError::PersistedDocuments(format!("Redis: {err}")))?,
            ),
            None => None,
        };
        Some(ApqStore::new(
            config.apq_cache.clone(),
            redis,
            &config.redis_namespace,
            std::time::Duration::from_secs(settings.apq_ttl_secs),
        ))
    } else {
        None
    };
    let trusted = match &settings.trusted_documents {
        Some(path) => Some(Arc::new(
            TrustedDocuments::load(std::path::Path::new(path))
                .map_err(RouterError::PersistedDocuments)?,
        )),
        None => None,
    };
    if trusted.is_none() && settings.trusted_documents_mode != settings::TrustedDocumentsMode::Off {
        return Err(RouterError::PersistedDocuments(
            "router.persisted_documents.trusted_documents_mode needs a manifest              (ROUTER_TRUSTED_DOCUMENTS)"
                .into(),
        ));
    }
    if let Some(trusted) = &trusted {
        tracing::info!(
            documents = trusted.len(),
            mode = ?settings.trusted_documents_mode,
            "trusted documents loaded"
        );
    }
    Ok(PersistedDocuments {
        apq,
        trusted,
        mode: settings.trusted_documents_mode,
    })
}

/// Counters of a running router, for tests and diagnostics.
#[derive(Clone)]
pub struct RouterStats {
    plan_cache: Arc<PlanCache>,
    operations: Arc<OperationCache>,
    supergraph: Arc<SupergraphStore>,
}

impl RouterStats {
    pub fn plan_cache(&self) -> PlanCacheStats {
        self.plan_cache.stats()
    }

    /// Prepared operations: hits are requests that skipped parsing, validation and planning.
    pub async fn operation_cache(&self) -> OperationCacheStats {
        self.operations.stats().await
    }

    /// Starts at 1 and increases with every successful supergraph reload.
    pub fn supergraph_generation(&self) -> u64 {
        self.supergraph.generation()
    }

    /// Supergraph reloads refused (unreadable or invalid file) since start.
    pub fn supergraph_failed_reloads(&self) -> u64 {
        self.supergraph.failed_reloads()
    }
}

/// Stops the file watcher with the application.
struct WatcherGuard(JoinHandle<()>);

impl Drop for WatcherGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}
