//! An offer a company made on an application: the terms (salary, employment type, start date),
//! the status of residence it sponsors or relies on, the visa steps and findings of the check
//! it passed, and the candidate's answer.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    /// `pending`, `accepted` or `declined`.
    pub status: String,
    pub salary: i64,
    /// `hourly`, `monthly` or `yearly`.
    pub salary_period: String,
    pub currency: String,
    pub employment_type: String,
    pub weekly_hours: Option<f64>,
    pub start_date: Date,
    /// The status-of-residence code the company sponsors or relies on.
    pub status_of_residence: String,
    /// JSON array of visa step codes (`change_of_status`, …).
    pub visa_steps: Json,
    /// JSON array of the check's warnings (`compliance::Finding`).
    pub findings: Json,
    /// The company's words to the candidate.
    pub message: Option<String>,
    /// The candidate's words with their answer.
    pub response_message: Option<String>,
    pub made_by: Uuid,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
