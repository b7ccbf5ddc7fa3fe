//! Building the users subgraph from settings: database, migrations, schema, outbox relay, server.

use crate::schema::build_schema;
use crate::service::UsersService;
use kit::config::Settings;
use kit::events::SharedBus;
use kit::server::{Server, graphql_routes, health_routes};
use migrations::UsersMigrator;
use std::future::Future;

pub const DEFAULT_PORT: u16 = 4001;

pub struct Application {
    server: Server,
    service: UsersService,
    relay: tokio::task::JoinHandle<()>,
}

impl Application {
    pub async fn build(settings: &Settings, bus: SharedBus) -> anyhow::Result<Self> {
        let db = kit::db::connect_and_migrate::<UsersMigrator>(&settings.database_url).await?;
        let service = UsersService::new(db.clone());
        let relay = service.outbox().spawn_relay(db.clone(), bus);
        let app = graphql_routes(build_schema(service.clone())).merge(health_routes(db));
        let server = Server::bind(&settings.host, settings.port, app).await?;
        Ok(Self {
            server,
            service,
            relay,
        })
    }

    pub fn port(&self) -> u16 {
        self.server.port()
    }

    /// The domain service, for seeding demo data.
    pub fn service(&self) -> &UsersService {
        &self.service
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.run_until_stopped().await;
        self.relay.abort();
        result
    }

    pub async fn run_until<F>(self, shutdown: F) -> std::io::Result<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let result = self.server.run_until(shutdown).await;
        self.relay.abort();
        result
    }
}
