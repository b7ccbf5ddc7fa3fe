//! The search index row of a published posting (see the `job_search` migration): filter and
//! facet values, normalised, and the posting's text as tokens. On PostgreSQL the table also
//! has a generated `search_vector`, on SQLite an FTS5 shadow table; neither is mapped here.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_search")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub posting_id: Uuid,
    pub company_id: Uuid,
    pub published_at: DateTimeUtc,
    pub prefecture: Option<String>,
    pub city: Option<String>,
    pub remote_option: String,
    pub employment_type: String,
    pub industry: Option<String>,
    pub company_size: Option<String>,
    /// Yearly yen; none for other currencies.
    pub salary_min_yearly: Option<i64>,
    pub salary_max_yearly: Option<i64>,
    pub min_experience_years: i32,
    /// 1 (N1) to 5 (N5) required; 6 when no JLPT level is asked.
    pub jlpt_level: i16,
    pub visa_sponsorship: bool,
    /// The posting's night shifts: yes, no, or null when it does not say.
    pub night_shifts: Option<bool>,
    pub title_tokens: String,
    pub skill_tokens: String,
    pub company_tokens: String,
    pub description_tokens: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
