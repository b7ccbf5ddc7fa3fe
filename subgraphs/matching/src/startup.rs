//! Building the matching subgraph: database, migrations, schema, outbox relay, the event
//! consumer that keeps scores current, health and metrics, and the server.

use crate::schema::build_schema;
use crate::service::MatchingService;
use kit::auth::Auth;
use kit::config::{ExposeSecret, Settings};
use kit::events::SharedBus;
use kit::health::health_routes;
use kit::lifecycle::shutdown_signal;
use kit::outbox::Relay;
use kit::server::{Server, graphql_routes};
use migrations::MatchingMigrator;

pub const DEFAULT_PORT: u16 = 4003;

pub type Application = kit::server::Application<MatchingService>;

/// `auth` verifies the tokens the router forwards; the stack shares one with every component.
pub async fn build(settings: &Settings, bus: SharedBus, auth: Auth) -> anyhow::Result<Application> {
    let db =
        kit::db::connect_and_migrate::<MatchingMigrator>(settings.database_url.expose_secret())
            .await?;
    let service = MatchingService::new(db.clone(), bus.clone());
    let (stop_tasks, shutdown) = shutdown_signal();
    let readiness = settings.readiness(&db, &bus, service.metrics(), true);
    let app = graphql_routes(
        build_schema(service.clone()),
        auth.verifier,
        settings.trusted_proxies.clone(),
    )
    .merge(health_routes(readiness, shutdown.clone()));
    let server = Server::bind(&settings.host, settings.port, app).await?;
    // Join the consumer group before serving so no event published from here on is missed;
    // named after this instance, so a restart takes back what it held.
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
    .spawn(shutdown);
    // Settles scores on the running model, and fetches the configured one if it is missing.
    let refresh = service.spawn_model_upkeep();
    Ok(Application::new(
        server,
        service,
        vec![relay, consumer, refresh],
        stop_tasks,
    ))
}
