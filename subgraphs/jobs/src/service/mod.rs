//! The jobs domain: postings, validation, the publish lifecycle, who may write and see them,
//! and the read-copies of companies and memberships they are decided from. Resolvers call
//! in here; nothing here knows about HTTP.

mod access;
mod copies;
mod lifecycle;
mod postings;
mod vocabulary;

pub use access::{Editor, MemberRole, PUBLIC_STATUSES, Viewer, is_public};
pub use copies::CONSUMER_GROUP;
pub use postings::{NewJobPosting, PostingFilter};
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
