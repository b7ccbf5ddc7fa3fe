//! The `Company` entity.

use async_graphql::{ID, Object};
use chrono::{DateTime, Utc};
use entities::jobs::company;

pub struct Company(pub company::Model);

#[Object]
impl Company {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The Japanese company name.
    async fn name_ja(&self) -> Option<&str> {
        self.0.name_ja.as_deref()
    }

    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }

    /// Head-count band, e.g. `51-200`.
    async fn size(&self) -> Option<&str> {
        self.0.size.as_deref()
    }

    async fn headquarters(&self) -> Option<&str> {
        self.0.headquarters.as_deref()
    }

    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    /// Whether the company sponsors work visas.
    async fn visa_sponsorship(&self) -> bool {
        self.0.visa_sponsorship
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
