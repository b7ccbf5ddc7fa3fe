//! Building the users subgraph from settings: database, migrations, schema, outbox relay, server.

use crate::schema::build_schema;
use crate::service::UsersService;
use kit::config::Settings;
use kit::events::SharedBus;
use kit::server::{Server, graphql_routes, health_routes};
use migrations::UsersMigrator;

pub const DEFAULT_PORT: u16 = 4001;

pub type Application = kit::server::Application<UsersService>;

pub async fn build(settings: &Settings, bus: SharedBus) -> anyhow::Result<Application> {
    let db = kit::db::connect_and_migrate::<UsersMigrator>(&settings.database_url).await?;
    let service = UsersService::new(db.clone());
    let relay = service.outbox().spawn_relay(db.clone(), bus);
    // Until users is handed the process's shared `Auth` (as jobs and matching are), it builds
    // its own from settings.
    let auth = kit::auth::Auth::from_settings(settings).await?;
    let app = graphql_routes(build_schema(service.clone()), auth.verifier).merge(health_routes(db));
    let server = Server::bind(&settings.host, settings.port, app).await?;
    Ok(Application::new(server, service, vec![relay]))
}
