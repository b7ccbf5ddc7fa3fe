//! An interview of an application: proposed (slots to pick from) or scheduled (a start in
//! UTC, a duration, the time zone it was arranged in), its kind and place, the interviewers,
//! and the iCalendar sequence that grows with every change.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_interviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub company_id: Uuid,
    pub candidate_id: Uuid,
    /// `proposed`, `scheduled`, `declined` or `cancelled`.
    pub status: String,
    /// `video`, `phone` or `on_site`.
    pub kind: String,
    /// Set once scheduled.
    pub starts_at: Option<DateTimeUtc>,
    pub duration_minutes: i32,
    /// IANA name, e.g. `Asia/Tokyo`.
    pub time_zone: String,
    /// The video link, the phone number or the address.
    pub location: Option<String>,
    /// JSON array of the interviewers' user ids.
    pub interviewer_ids: Json,
    /// JSON array of proposed starts (RFC 3339, UTC) while `proposed`.
    pub proposed_slots: Json,
    /// `company` or `candidate`: who proposed the slots the other side picks from.
    pub proposed_by: String,
    /// iCalendar `SEQUENCE`: 0 when first scheduled, one more with each change.
    pub sequence: i32,
    /// The latest words from whoever changed it.
    pub message: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
