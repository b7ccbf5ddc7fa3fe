//! An employer organisation that posts jobs.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub name_ja: Option<String>,
    pub industry: Option<String>,
    pub size: Option<String>,
    pub headquarters: Option<String>,
    pub website: Option<String>,
    pub visa_sponsorship: bool,
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
