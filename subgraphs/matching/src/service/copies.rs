//! Keeping matching's read-copies of candidates, jobs and company memberships current from
//! their events, then recomputing the scores the change affects. A deleted account leaves
//! matching at once (its copy, matches and memberships); a deactivated one keeps its copy but
//! loses its matches until it is activated again.

use super::MatchingService;
use chrono::Utc;
use contracts::EventName;
use contracts::events::{
    CandidateProfileUpdated, CompanyMemberAdded, CompanyMemberRemoved, CompanyProfileCreated,
    JobStatusChanged, UserDeleted, UserStatusChanged,
};
use entities::matching::{candidate_copy, company_member, job_copy, match_result};
use kit::consumer::payload;
use kit::{ApiResult, Event};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The events the read-copies follow.
const FOLLOWED: [EventName; 11] = [
    EventName::CandidateProfileUpdated,
    EventName::JobPublished,
    EventName::JobUpdated,
    EventName::JobClosed,
    EventName::JobArchived,
    EventName::CompanyProfileCreated,
    EventName::CompanyMemberAdded,
    EventName::CompanyMemberRemoved,
    EventName::UserDeleted,
    EventName::UserActivated,
    EventName::UserDeactivated,
];

impl MatchingService {
    pub(super) fn follows(event: &Event) -> bool {
        event.name().is_some_and(|name| FOLLOWED.contains(&name))
    }

    /// Applies `event` and returns the `match.completed` events it causes.
    pub(super) async fn apply_event(
        &self,
        txn: &DatabaseTransaction,
        event: &Event,
    ) -> ApiResult<Vec<Event>> {
        match event.name() {
            Some(EventName::CandidateProfileUpdated) => {
                let profile: CandidateProfileUpdated = payload(event)?;
                let user_id = profile.user_id;
                upsert_candidate(txn, profile).await?;
                self.recompute_for_candidate(txn, user_id).await
            }
            Some(
                EventName::JobPublished
                | EventName::JobUpdated
                | EventName::JobClosed
                | EventName::JobArchived,
            ) => {
                let job: JobStatusChanged = payload(event)?;
                let job_id = job.job_id;
                let published = job.status == JobStatusChanged::PUBLISHED;
                upsert_job(txn, job).await?;
                if published {
                    self.recompute_for_job(txn, job_id).await
                } else {
                    Ok(Vec::new())
                }
            }
            Some(EventName::CompanyProfileCreated) => {
                let created: CompanyProfileCreated = payload(event)?;
                let role = created
                    .creator_role
                    .unwrap_or_else(|| "employer".to_owned());
                upsert_member(txn, created.company_id, created.created_by, role).await?;
                Ok(Vec::new())
            }
            Some(EventName::CompanyMemberAdded) => {
                let added: CompanyMemberAdded = payload(event)?;
                upsert_member(txn, added.company_id, added.user_id, added.role).await?;
                Ok(Vec::new())
            }
            Some(EventName::CompanyMemberRemoved) => {
                let removed: CompanyMemberRemoved = payload(event)?;
                company_member::Entity::delete_by_id((removed.company_id, removed.user_id))
                    .exec(txn)
                    .await?;
                Ok(Vec::new())
            }
            Some(EventName::UserDeleted) => {
                let deleted: UserDeleted = payload(event)?;
                forget_user(txn, deleted.user_id).await?;
                Ok(Vec::new())
            }
            Some(EventName::UserActivated | EventName::UserDeactivated) => {
                let changed: UserStatusChanged = payload(event)?;
                let active = changed.status == UserStatusChanged::ACTIVE;
                candidate_copy::Entity::update_many()
                    .col_expr(candidate_copy::Column::Active, Expr::value(active))
                    .filter(candidate_copy::Column::UserId.eq(changed.user_id))
                    .exec(txn)
                    .await?;
                if active {
                    self.recompute_for_candidate(txn, changed.user_id).await
                } else {
                    drop_matches_of(txn, changed.user_id).await?;
                    Ok(Vec::new())
                }
            }
            _ => Ok(Vec::new()),
        }
    }
}

async fn upsert_member(
    txn: &DatabaseTransaction,
    company_id: Uuid,
    user_id: Uuid,
    role: String,
) -> ApiResult<()> {
    let model = company_member::ActiveModel {
        company_id: Set(company_id),
        user_id: Set(user_id),
        role: Set(role),
        updated_at: Set(Utc::now()),
    };
    company_member::Entity::insert(model)
        .on_conflict(
            OnConflict::columns([
                company_member::Column::CompanyId,
                company_member::Column::UserId,
            ])
            .update_columns([
                company_member::Column::Role,
                company_member::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(txn)
        .await?;
    Ok(())
}

async fn drop_matches_of(txn: &DatabaseTransaction, candidate_id: Uuid) -> ApiResult<()> {
    match_result::Entity::delete_many()
        .filter(match_result::Column::CandidateId.eq(candidate_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Everything matching holds about a deleted account.
async fn forget_user(txn: &DatabaseTransaction, user_id: Uuid) -> ApiResult<()> {
    drop_matches_of(txn, user_id).await?;
    candidate_copy::Entity::delete_by_id(user_id)
        .exec(txn)
        .await?;
    company_member::Entity::delete_many()
        .filter(company_member::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn upsert_candidate(
    txn: &DatabaseTransaction,
    profile: CandidateProfileUpdated,
) -> ApiResult<()> {
    let model = candidate_copy::ActiveModel {
        user_id: Set(profile.user_id),
        skills: Set(serde_json::json!(profile.skills)),
        jlpt_level: Set(profile.jlpt_level),
        visa_status: Set(profile.visa_status),
        years_experience: Set(profile.years_experience),
        active: Set(true),
        updated_at: Set(Utc::now()),
    };
    candidate_copy::Entity::insert(model)
        .on_conflict(
            OnConflict::column(candidate_copy::Column::UserId)
                .update_columns([
                    candidate_copy::Column::Skills,
                    candidate_copy::Column::JlptLevel,
                    candidate_copy::Column::VisaStatus,
                    candidate_copy::Column::YearsExperience,
                    candidate_copy::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    Ok(())
}

async fn upsert_job(txn: &DatabaseTransaction, job: JobStatusChanged) -> ApiResult<()> {
    let model = job_copy::ActiveModel {
        job_id: Set(job.job_id),
        company_id: Set(Some(job.company_id)),
        required_skills: Set(serde_json::json!(job.required_skills)),
        min_experience_years: Set(job.min_experience_years),
        jlpt_required: Set(job.jlpt_required),
        status: Set(job.status),
        updated_at: Set(Utc::now()),
    };
    job_copy::Entity::insert(model)
        .on_conflict(
            OnConflict::column(job_copy::Column::JobId)
                .update_columns([
                    job_copy::Column::CompanyId,
                    job_copy::Column::RequiredSkills,
                    job_copy::Column::MinExperienceYears,
                    job_copy::Column::JlptRequired,
                    job_copy::Column::Status,
                    job_copy::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    Ok(())
}
