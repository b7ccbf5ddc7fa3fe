//! The jobs domain: postings, validation, the publish lifecycle, who may write and see them,
//! and the read-copies of companies and memberships they are decided from. Resolvers call
//! in here; nothing here knows about HTTP.

mod access;
pub mod analytics;
pub mod applications;
mod audit;
mod copies;
mod deadlines;
mod editing;
pub mod interviews;
mod lifecycle;
pub mod offers;
mod posting_rules;
mod posting_store;
mod postings;
mod screening;
pub mod search;
mod vocabulary;

pub use access::{Editor, PUBLIC_STATUSES, Viewer, is_public};
pub use audit::JobAuditFilter;
pub use copies::{CONSUMER_GROUP, FOLLOWED_EVENTS};
pub use posting_rules::{LanguageRequirement, PostingChanges, PostingData};
pub use posting_store::{compliance_facts, data_of, list as stored_list};
pub use postings::PostingFilter;
pub use screening::{AnswerSent, ScreeningQuestion, ScreeningQuestionKind, StoredAnswer};
pub use vocabulary::{
    Education, EmploymentType, JobLevel, JobStatus, LanguageLevel, RemoteOption, SalaryPeriod,
};

use kit::events::SharedBus;
use kit::metrics::Metrics;
use kit::outbox::Outbox;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct JobsService {
    db: DatabaseConnection,
    outbox: Outbox,
    bus: SharedBus,
    /// Wakes the deadline task when a publish or an edit may have moved the next deadline.
    deadlines_changed: Arc<Notify>,
    search_engine: Arc<search::SearchEngine>,
    metrics: Metrics,
}

impl JobsService {
    pub fn new(db: DatabaseConnection, bus: SharedBus) -> Self {
        Self {
            db,
            outbox: Outbox::new(migrations::jobs::EVENTS),
            bus,
            deadlines_changed: Arc::new(Notify::new()),
            search_engine: Arc::default(),
            metrics: Metrics::new("jobs"),
        }
    }

    /// This instance's metrics (`/metrics`).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// This instance's in-memory search index.
    pub fn search_engine(&self) -> &Arc<search::SearchEngine> {
        &self.search_engine
    }

    pub fn deadlines_changed(&self) -> &Notify {
        &self.deadlines_changed
    }

    /// The event bus, for subscriptions fed from published events.
    pub fn bus(&self) -> &SharedBus {
        &self.bus
    }
}
