//! The users subgraph's copy of a candidate's relationship with a company through one match
//! (owned by the matching subgraph, copied from `match.completed` and `match.status_changed`):
//! whether the candidate told the posting's company they are interested. Decides, with the
//! candidate's visibility and the company's verification, who reads the private fields.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_disclosures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub match_id: Uuid,
    pub candidate_id: Uuid,
    pub company_id: Uuid,
    pub job_id: Uuid,
    /// The candidate answered the match "interested".
    pub interested: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
