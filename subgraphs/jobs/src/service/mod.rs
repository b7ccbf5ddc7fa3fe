//! The jobs domain: companies, postings, validation and the publish lifecycle. Resolvers call
//! in here; nothing here knows about HTTP.

mod companies;
mod lifecycle;
mod postings;
mod vocabulary;

pub use companies::NewCompany;
pub use lifecycle::Editor;
pub use postings::NewJobPosting;
pub use vocabulary::{EmploymentType, JobStatus, RemoteOption};

use kit::events::SharedBus;
use kit::outbox::Outbox;
use sea_orm::DatabaseConnection;

#[derive(Clone)]
pub struct JobsService {
    db: DatabaseConnection,
    outbox: Outbox,
    bus: SharedBus,
}

impl JobsService {
    pub fn new(db: DatabaseConnection, bus: SharedBus) -> Self {
        Self {
            db,
            outbox: Outbox::new(migrations::jobs::OUTBOX_TABLE),
            bus,
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// The event bus, for subscriptions fed from published events.
    pub fn bus(&self) -> &SharedBus {
        &self.bus
    }
}
