//! Building the jobs subgraph from settings: database, migrations, schema, the consumer of
//! company events, the outbox relay, the deadline task, health and metrics, the server.

use crate::schema::build_schema;
use crate::service::JobsService;
use kit::auth::Auth;
use kit::config::{ExposeSecret, Settings};
use kit::events::SharedBus;
use kit::health::health_routes;
use kit::lifecycle::shutdown_signal;
use kit::outbox::Relay;
use kit::server::{Server, graphql_routes};
use migrations::JobsMigrator;

pub const DEFAULT_PORT: u16 = 4002;

pub type Application = kit::server::Application<JobsService>;

/// `auth` verifies the tokens the router forwards; the stack shares one with every component.
pub async fn build(settings: &Settings, bus: SharedBus, auth: Auth) -> anyhow::Result<Application> {
    let db =
        kit::db::connect_and_migrate::<JobsMigrator>(settings.database_url.expose_secret()).await?;
    let service = JobsService::new(db.clone(), bus.clone());
    let dictionary = load_dictionary().await;
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
    let (stop_tasks, shutdown) = shutdown_signal();
    let readiness = settings.readiness(&db, &bus, service.metrics(), true);
    let app = graphql_routes(
        build_schema(service.clone()),
        auth.verifier,
        settings.trusted_proxies.clone(),
    )
    .merge(health_routes(readiness, shutdown.clone()));
    let server = Server::bind(&settings.host, settings.port, app).await?;
    // Join the consumer group before serving so no company event published from here on is
    // missed; named after this instance, so a restart takes back what it held.
    let consumer = service
        .spawn_consumer(settings.consumer_settings(server.port()), shutdown.clone())
        .await?;
    let relay = Relay::new(
        service.outbox().clone(),
        db,
        bus,
        service.metrics().clone(),
        settings.relay_settings(),
    )
    .spawn(shutdown.clone());
    let deadlines = service.spawn_deadline_scheduler(shutdown.clone());
    let mut tasks = vec![relay, consumer, deadlines];
    if dictionary == Dictionary::ToFetch {
        tasks.push(spawn_dictionary_fetch(service.clone(), shutdown));
    }
    Ok(Application::new(server, service, tasks, stop_tasks))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dictionary {
    /// Loaded, or not wanted (`SEARCH_ANALYSER=bigrams`).
    Settled,
    /// Wanted and missing: fetched in the background while search uses bigrams.
    ToFetch,
}

/// Loads the Japanese dictionary when it is present (0.3 s), before the index is checked, so
/// a restart never serves a moment on bigrams alone.
async fn load_dictionary() -> Dictionary {
    let loaded = tokio::task::spawn_blocking(morphology::load_installed).await;
    match loaded {
        Ok(Ok(Some(_))) => Dictionary::Settled,
        Ok(Ok(None)) if !morphology::wanted() => Dictionary::Settled,
        Ok(Ok(None)) => Dictionary::ToFetch,
        Ok(Err(error)) => {
            tracing::warn!(%error, "the Japanese dictionary is unreadable; fetching it again");
            Dictionary::ToFetch
        }
        Err(error) => {
            tracing::warn!(%error, "loading the Japanese dictionary failed; fetching it again");
            Dictionary::ToFetch
        }
    }
}

/// Fetches and compiles the dictionary (first start), then rewrites the index with it: the
/// searches meanwhile are answered from the bigram index.
fn spawn_dictionary_fetch(
    service: JobsService,
    mut shutdown: kit::lifecycle::Shutdown,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::select! {
            analyser = morphology::ensure_dictionary() => if analyser.is_none() { return },
            () = shutdown.requested() => return,
        }
        match service.rebuild_search_index_if_stale().await {
            Ok(postings) => tracing::info!(
                postings,
                "search index rewritten with the Japanese dictionary"
            ),
            Err(error) => tracing::warn!(
                error = %error.report(),
                "rewriting the search index with the Japanese dictionary failed; it is \
                 rewritten at the next start"
            ),
        }
    })
}
