//! Building the jobs subgraph from settings: database, migrations, schema, the consumer of
//! company events, the outbox relay, the deadline task, the server.

use crate::schema::build_schema;
use crate::service::JobsService;
use kit::auth::Auth;
use kit::config::{ExposeSecret, Settings};
use kit::events::SharedBus;
use kit::server::{Server, graphql_routes, health_routes};
use migrations::JobsMigrator;

pub const DEFAULT_PORT: u16 = 4002;

pub type Application = kit::server::Application<JobsService>;

/// `auth` verifies the tokens the router forwards; the stack shares one with every component.
pub async fn build(settings: &Settings, bus: SharedBus, auth: Auth) -> anyhow::Result<Application> {
    let db =
        kit::db::connect_and_migrate::<JobsMigrator>(settings.database_url.expose_secret()).await?;
    let service = JobsService::new(db.clone(), bus.clone());
    let reindexed = service
        .rebuild_search_index_if_stale()
        .await
        .map_err(|err| anyhow::anyhow!("rebuilding the search index failed: {}", err.report()))?;
    if reindexed > 0 {
        tracing::info!(postings = reindexed, "search index rebuilt");
    }
    // Load the in-memory search index before serving, so the first search is not the one
    // that waits for it.
    service
        .search_engine()
        .catch_up(service.db())
        .await
        .map_err(|err| anyhow::anyhow!("loading the search index failed: {}", err.report()))?;
    tracing::info!(
        postings = service.search_engine().len().unwrap_or_default(),
        "search index loaded"
    );
    // Join the consumer group before serving so no company event published from here on is
    // missed.
    let consumer = service.spawn_consumer().await?;
    let relay = service.outbox().spawn_relay(db.clone(), bus);
    let deadlines = service.spawn_deadline_scheduler();
    let app = graphql_routes(
        build_schema(service.clone()),
        auth.verifier,
        settings.trusted_proxies.clone(),
    )
    .merge(health_routes(db));
    let server = Server::bind(&settings.host, settings.port, app).await?;
    Ok(Application::new(
        server,
        service,
        vec![relay, consumer, deadlines],
    ))
}
