//! The jobs subgraph's read-copy of a company (the users subgraph owns its profile), kept
//! current from `company.*` events: what postings are searched and filtered by.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub name_ja: Option<String>,
    pub name_kana: Option<String>,
    pub industry: Option<String>,
    /// `micro`, `small`, `medium`, `large` or `enterprise`.
    pub size: Option<String>,
    pub visa_sponsorship: bool,
    /// JSON array of status-of-residence names.
    pub supported_visa_types: Option<Json>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::job_posting::Entity")]
    JobPosting,
}

impl Related<super::job_posting::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::JobPosting.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
