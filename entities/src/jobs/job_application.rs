//! A candidate's application to a posting: what they sent (cover letter, answers to the
//! screening questions as they were asked), where it stands, and why it ended. `closed_at` is
//! set when it reaches a final status; a candidate holds one open application per posting.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "job_applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub job_id: Uuid,
    /// The posting's company, copied so company-wide lists need no join.
    pub company_id: Uuid,
    /// The users-subgraph id of the candidate.
    pub candidate_id: Uuid,
    /// `contracts::ApplicationStatus` wire name.
    pub status: String,
    /// `contracts::ApplicationSource` wire name.
    pub source: String,
    /// The match the candidate applied from, or the pair's match once matching scored it.
    pub match_id: Option<Uuid>,
    /// The pair's latest match score (copied from `match.completed`), for ranking.
    pub match_score: Option<f64>,
    pub cover_letter: Option<String>,
    /// `ja` or `en`: the language the candidate reads the company's messages in.
    pub language: String,
    /// JSON array of `{questionId, kind, prompt, answer}`: each question as it was asked.
    pub answers: Json,
    /// `contracts::RejectionReason` wire name, once rejected.
    pub rejection_reason: Option<String>,
    /// The company's message to the candidate with the rejection.
    pub rejection_message: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the company first moved it.
    pub first_response_at: Option<DateTimeUtc>,
    /// When it reached `hired`, `rejected` or `withdrawn`.
    pub closed_at: Option<DateTimeUtc>,
    /// The saved version of the candidate's profile the application sent (users subgraph).
    pub profile_version: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
