//! The `JobPosting` entity, and `User` as a key-only reference to the users subgraph.

use super::Company;
use crate::service::{EmploymentType, JobStatus, RemoteOption};
use async_graphql::{ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::jobs::job_posting;

/// A user, resolved by the users subgraph.
#[derive(SimpleObject)]
#[graphql(unresolvable)]
pub struct User {
    pub id: ID,
}

pub struct JobPosting(pub job_posting::Model);

#[Object]
impl JobPosting {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The Japanese title.
    async fn title_ja(&self) -> Option<&str> {
        self.0.title_ja.as_deref()
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn description_ja(&self) -> Option<&str> {
        self.0.description_ja.as_deref()
    }

    async fn location(&self) -> &str {
        &self.0.location
    }

    async fn location_ja(&self) -> Option<&str> {
        self.0.location_ja.as_deref()
    }

    async fn employment_type(&self) -> Option<EmploymentType> {
        EmploymentType::parse(&self.0.employment_type)
    }

    async fn remote_option(&self) -> Option<RemoteOption> {
        RemoteOption::parse(&self.0.remote_option)
    }

    /// Yearly salary floor in `currency` (integer yen for JPY).
    async fn salary_min(&self) -> Option<i64> {
        self.0.salary_min
    }

    async fn salary_max(&self) -> Option<i64> {
        self.0.salary_max
    }

    async fn currency(&self) -> &str {
        &self.0.currency
    }

    async fn required_skills(&self) -> Vec<String> {
        serde_json::from_value(self.0.required_skills.clone()).unwrap_or_default()
    }

    async fn min_experience_years(&self) -> i32 {
        self.0.min_experience_years
    }

    /// Minimum JLPT level, `N1` (highest) to `N5`.
    async fn jlpt_required(&self) -> Option<&str> {
        self.0.jlpt_required.as_deref()
    }

    async fn visa_sponsorship(&self) -> bool {
        self.0.visa_sponsorship
    }

    async fn status(&self) -> Option<JobStatus> {
        JobStatus::parse(&self.0.status)
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The company offering the job.
    async fn company(&self) -> Company {
        Company(self.0.company_id)
    }

    /// The member who created the posting.
    async fn posted_by(&self) -> User {
        User {
            id: ID(self.0.posted_by_id.to_string()),
        }
    }
}
