//! Matching's copy of a candidate's scoring inputs, built from `candidate.profile_updated` events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "match_candidates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub skills: Json,
    pub jlpt_level: Option<String>,
    pub visa_status: Option<String>,
    pub years_experience: i32,
    /// False while the account is deactivated: no matches are kept or made.
    pub active: bool,
    pub updated_at: DateTimeUtc,
    /// The whole profile the score reads (matching's `CandidateProfile`), as JSON.
    pub profile: Option<Json>,
    /// The status the visa gate checks: the stated one, `none` when none is stated, null when
    /// none is stated but the candidate declared work authorisation (passes, with a risk).
    pub visa_gate: Option<String>,
    /// JLPT `N1` → 1 … `N5` → 5; null without a level. Retrieval gates on it in SQL.
    pub jlpt_rank: Option<i32>,
    /// Prefecture codes the candidate lives in or wants to work in, as `|tokyo|osaka|`.
    pub location_codes: String,
    pub willing_to_relocate: bool,
    /// Which model and text produced the stored vector (the vector itself is read and
    /// written in SQL: pgvector on PostgreSQL, a blob on SQLite).
    pub embedding_model: Option<String>,
    pub embedding_hash: Option<String>,
    /// The candidate's chosen visibility: `hidden`, `anonymous` or `visible`.
    pub visibility: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
