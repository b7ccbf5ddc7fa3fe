//! Building the matching subgraph: database, migrations, schema, outbox relay, the event
//! consumer that keeps scores current, and the server.

use crate::schema::build_schema;
use crate::service::MatchingService;
use kit::auth::Auth;
use kit::config::{ExposeSecret, Settings};
use kit::events::SharedBus;
use kit::server::{Server, graphql_routes, health_routes};
use migrations::MatchingMigrator;

pub const DEFAULT_PORT: u16 = 4003;

pub type Application = kit::server::Application<MatchingService>;

/// `auth` verifies the tokens the router forwards; the stack shares one with every component.
pub async fn build(settings: &Settings, bus: SharedBus, auth: Auth) -> anyhow::Result<Application> {
    let db =
        kit::db::connect_and_migrate::<MatchingMigrator>(settings.database_url.expose_secret())
            .await?;
    let service = MatchingService::new(db.clone(), bus.clone());
    // Join the consumer group before serving so no event published from here on is missed.
    let consumer = service.spawn_consumer().await?;
    let relay = service.outbox().spawn_relay(db.clone(), bus);
    let refresh = service.spawn_vector_refresh();
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
        vec![relay, consumer, refresh],
    ))
}
