//! Keeping matching's read-copies of candidates (with their visibility), jobs, accounts, company
//! memberships and company verification current
//! from their events, then recomputing the scores the change affects. Each copy takes an event
//! only if it is newer than what it reflects (`kit::copies`): a late `job.updated` never
//! republishes a closed posting, a redelivered `company.member_added` never returns a removed
//! member's access, and a deleted account's tombstone keeps its old profile from coming back. A deleted account leaves
//! matching at once (its copy, matches and memberships); a deactivated one keeps its copy but
//! loses its matches until it is activated again.

use super::MatchingService;
use super::engine::profiles::{CandidateProfile, JobProfile};
use super::engine::skills::terms;
use chrono::Utc;
use contracts::EventName;
use contracts::events::{
    CandidateProfileUpdated, CompanyVerificationChanged, JobStatusChanged, UserDeleted,
    UserStatusChanged,
};
use entities::matching::{
    candidate_account, candidate_copy, candidate_term, company_member, company_verification,
    job_copy, job_term, match_result,
};
use kit::consumer::{Effect, payload};
use kit::copies::{CopyLedger, MembershipCopy};
use kit::{ApiResult, Event};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, DatabaseTransaction, EntityName, EntityTrait, QueryFilter,
};
use uuid::Uuid;

/// The kinds of copy this subgraph keeps, in the version ledger.
const JOB: &str = "job";
const CANDIDATE: &str = "candidate";
/// The account's status (activated/deactivated); its tombstone marks a deleted account.
const ACCOUNT: &str = kit::copies::ACCOUNT;
/// Whether a company is verified.
const VERIFICATION: &str = "company_verification";

/// The membership copy, versioned in `ledger` (shared with jobs through `kit::copies`).
fn memberships(ledger: CopyLedger) -> MembershipCopy {
    MembershipCopy::new(ledger, company_member::Entity.table_name())
}

/// The events the read-copies follow (reconciliation compares them with what was applied).
pub const FOLLOWED_EVENTS: [EventName; 14] = [
    EventName::CandidateProfileUpdated,
    EventName::JobPublished,
    EventName::JobUpdated,
    EventName::JobClosed,
    EventName::JobArchived,
    EventName::CompanyProfileCreated,
    EventName::CompanyMemberAdded,
    EventName::CompanyMemberRemoved,
    EventName::CompanyVerificationChanged,
    EventName::UserDeleted,
    EventName::UserActivated,
    EventName::UserDeactivated,
    EventName::ApplicationSubmitted,
    EventName::ApplicationStatusChanged,
];

impl MatchingService {
    /// Embeds the texts and skill names the event will need into the embedding cache, before
    /// its write transaction opens; applying it then finds them there.
    pub(super) async fn warm_embeddings(&self, event: &Event) -> ApiResult<()> {
        let (text, skills) = match event.name() {
            Some(EventName::CandidateProfileUpdated) => {
                let profile = CandidateProfile::from_event(&payload(event)?);
                (profile.embedding_text(), profile.skills)
            }
            Some(EventName::JobPublished | EventName::JobUpdated) => {
                let job = JobProfile::from_event(&payload::<JobStatusChanged>(event)?);
                let mut skills = job.required_skills.clone();
                skills.extend(job.details.preferred_skills.iter().cloned());
                (job.embedding_text(), skills)
            }
            _ => return Ok(()),
        };
        let mut texts = vec![text];
        texts.extend(skills);
        for batch in texts.chunks(embeddings::MAX_TEXTS_PER_CALL) {
            self.embeddings()
                .embed(batch.to_vec())
                .await
                .map_err(|error| kit::ApiError::internal("embed an event's texts", error))?;
        }
        Ok(())
    }

    pub(super) fn follows(event: &Event) -> bool {
        event
            .name()
            .is_some_and(|name| FOLLOWED_EVENTS.contains(&name))
    }

    /// Applies `event` unless the copies already reflect a newer version, and returns the
    /// `match.completed` events it causes.
    pub(super) async fn apply_event(
        &self,
        txn: &DatabaseTransaction,
        ledger: CopyLedger,
        event: &Event,
    ) -> ApiResult<Effect> {
        let version = event.aggregate_version;
        match event.name() {
            Some(EventName::CandidateProfileUpdated) => {
                let profile: CandidateProfileUpdated = payload(event)?;
                let user_id = profile.user_id;
                if !ledger.advance(txn, CANDIDATE, user_id, version).await? {
                    return Ok(Effect::stale());
                }
                upsert_candidate(txn, profile).await?;
                Ok(Effect::applied(
                    self.recompute_for_candidate(txn, user_id).await?,
                ))
            }
            Some(
                EventName::JobPublished
                | EventName::JobUpdated
                | EventName::JobClosed
                | EventName::JobArchived,
            ) => {
                let job: JobStatusChanged = payload(event)?;
                let job_id = job.job_id;
                if !ledger.advance(txn, JOB, job_id, version).await? {
                    return Ok(Effect::stale());
                }
                let published = job.status == contracts::JobStatus::Published;
                upsert_job(txn, job).await?;
                if published {
                    Ok(Effect::applied(self.recompute_for_job(txn, job_id).await?))
                } else {
                    retire_matches_of_job(txn, job_id).await?;
                    Ok(Effect::none())
                }
            }
            Some(EventName::CompanyVerificationChanged) => {
                let changed: CompanyVerificationChanged = payload(event)?;
                if !ledger
                    .advance(txn, VERIFICATION, changed.company_id, version)
                    .await?
                {
                    return Ok(Effect::stale());
                }
                company_verification::Entity::insert(company_verification::ActiveModel {
                    company_id: Set(changed.company_id),
                    verified: Set(changed.is_verified()),
                    updated_at: Set(Utc::now()),
                })
                .on_conflict(
                    OnConflict::column(company_verification::Column::CompanyId)
                        .update_columns([
                            company_verification::Column::Verified,
                            company_verification::Column::UpdatedAt,
                        ])
                        .to_owned(),
                )
                .exec(txn)
                .await?;
                Ok(Effect::none())
            }
            Some(EventName::UserDeleted) => {
                let deleted: UserDeleted = payload(event)?;
                let candidate = ledger
                    .remove(txn, CANDIDATE, deleted.user_id, version)
                    .await?;
                let account = memberships(ledger)
                    .account_deleted(txn, deleted.user_id, version)
                    .await?;
                if !candidate && !account {
                    return Ok(Effect::stale());
                }
                forget_user(txn, deleted.user_id).await?;
                memberships(ledger)
                    .forget_account(txn, deleted.user_id)
                    .await?;
                Ok(Effect::none())
            }
            Some(EventName::UserActivated | EventName::UserDeactivated) => {
                let changed: UserStatusChanged = payload(event)?;
                if !ledger
                    .advance(txn, ACCOUNT, changed.user_id, version)
                    .await?
                {
                    return Ok(Effect::stale());
                }
                let active = changed.status == contracts::UserStatus::Active;
                set_account_active(txn, changed.user_id, active).await?;
                if active {
                    Ok(Effect::applied(
                        self.recompute_for_candidate(txn, changed.user_id).await?,
                    ))
                } else {
                    drop_matches_of(txn, changed.user_id).await?;
                    Ok(Effect::none())
                }
            }
            Some(EventName::ApplicationSubmitted) => {
                let submitted: contracts::events::ApplicationSubmitted = payload(event)?;
                Ok(Effect::applied(
                    super::workflow::application_answer(
                        txn,
                        submitted.job_id,
                        submitted.candidate_id,
                        submitted.company_id,
                        contracts::CandidateInterest::Interested,
                    )
                    .await?,
                ))
            }
            Some(EventName::ApplicationStatusChanged) => {
                let changed: contracts::events::ApplicationStatusChanged = payload(event)?;
                // Only the candidate's own withdrawal says something about their interest.
                if changed.to != contracts::ApplicationStatus::Withdrawn
                    || changed.actor != contracts::ApplicationActor::Candidate
                {
                    return Ok(Effect::none());
                }
                Ok(Effect::applied(
                    super::workflow::application_answer(
                        txn,
                        changed.job_id,
                        changed.candidate_id,
                        changed.company_id,
                        contracts::CandidateInterest::NotInterested,
                    )
                    .await?,
                ))
            }
            _ => Ok(match memberships(ledger).apply(txn, event).await? {
                Some(false) => Effect::stale(),
                _ => Effect::none(),
            }),
        }
    }
}

/// Records the account's status and carries it to the candidate's copy, if there is one yet.
async fn set_account_active(
    txn: &DatabaseTransaction,
    user_id: Uuid,
    active: bool,
) -> ApiResult<()> {
    candidate_account::Entity::insert(candidate_account::ActiveModel {
        user_id: Set(user_id),
        active: Set(active),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(candidate_account::Column::UserId)
            .update_columns([
                candidate_account::Column::Active,
                candidate_account::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(txn)
    .await?;
    candidate_copy::Entity::update_many()
        .col_expr(candidate_copy::Column::Active, Expr::value(active))
        .filter(candidate_copy::Column::UserId.eq(user_id))
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
    candidate_term::Entity::delete_many()
        .filter(candidate_term::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    candidate_copy::Entity::delete_by_id(user_id)
        .exec(txn)
        .await?;
    candidate_account::Entity::delete_by_id(user_id)
        .exec(txn)
        .await?;
    Ok(())
}

/// A candidate's read-copy row and lexical terms, as the `candidate.profile_updated` event
/// makes them (public for the retrieval benchmark, which bulk-loads the same rows).
pub fn candidate_rows(
    event: CandidateProfileUpdated,
) -> ApiResult<(
    candidate_copy::ActiveModel,
    Vec<candidate_term::ActiveModel>,
)> {
    let profile = CandidateProfile::from_event(&event);
    let visa_gate = match event.visa_status.as_deref().map(str::trim) {
        Some(status) if !status.is_empty() => Some(status.to_owned()),
        _ if event.work_authorization => None,
        _ => Some("none".to_owned()),
    };
    let texts = profile
        .desired_role
        .iter()
        .chain(&profile.experience_summary)
        .map(String::as_str);
    let terms: Vec<candidate_term::ActiveModel> = terms(&profile.skills, texts)
        .into_iter()
        .map(|(term, weight)| candidate_term::ActiveModel {
            user_id: Set(event.user_id),
            term: Set(term),
            weight: Set(weight),
        })
        .collect();
    let copy = candidate_copy::ActiveModel {
        user_id: Set(event.user_id),
        skills: Set(serde_json::json!(event.skills)),
        jlpt_level: Set(event.jlpt_level.map(|level| level.as_str().to_owned())),
        visa_status: Set(event.visa_status),
        years_experience: Set(event.years_experience),
        active: Set(true),
        updated_at: Set(Utc::now()),
        profile: Set(Some(serde_json::to_value(&profile)?)),
        visa_gate: Set(visa_gate),
        jlpt_rank: Set(profile.jlpt_rank().map(i32::from)),
        location_codes: Set(profile.location_codes()),
        willing_to_relocate: Set(profile.willing_to_relocate),
        embedding_model: NotSet,
        embedding_hash: NotSet,
        visibility: Set(event
            .visibility
            .clone()
            .unwrap_or_else(|| "anonymous".to_owned())),
    };
    Ok((copy, terms))
}

async fn upsert_candidate(
    txn: &DatabaseTransaction,
    event: CandidateProfileUpdated,
) -> ApiResult<()> {
    let user_id = event.user_id;
    let (mut model, rows) = candidate_rows(event)?;
    // A new copy takes the account's status as its events last said (a deactivation can
    // arrive before the first profile); an existing one keeps its own.
    let account = candidate_account::Entity::find_by_id(user_id)
        .one(txn)
        .await?;
    model.active = Set(account.is_none_or(|account| account.active));
    candidate_copy::Entity::insert(model)
        .on_conflict(
            OnConflict::column(candidate_copy::Column::UserId)
                .update_columns([
                    candidate_copy::Column::Skills,
                    candidate_copy::Column::JlptLevel,
                    candidate_copy::Column::VisaStatus,
                    candidate_copy::Column::YearsExperience,
                    candidate_copy::Column::UpdatedAt,
                    candidate_copy::Column::Profile,
                    candidate_copy::Column::VisaGate,
                    candidate_copy::Column::JlptRank,
                    candidate_copy::Column::LocationCodes,
                    candidate_copy::Column::WillingToRelocate,
                    candidate_copy::Column::Visibility,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    candidate_term::Entity::delete_many()
        .filter(candidate_term::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    if !rows.is_empty() {
        candidate_term::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

async fn upsert_job(txn: &DatabaseTransaction, event: JobStatusChanged) -> ApiResult<()> {
    let profile = JobProfile::from_event(&event);
    let model = job_copy::ActiveModel {
        job_id: Set(event.job_id),
        company_id: Set(Some(event.company_id)),
        required_skills: Set(serde_json::json!(profile.required_skills)),
        min_experience_years: Set(event.min_experience_years),
        jlpt_required: Set(event.jlpt_required.map(|level| level.as_str().to_owned())),
        status: Set(event.status.as_str().to_owned()),
        updated_at: Set(Utc::now()),
        title: Set(event.title.clone()),
        details: Set(Some(profile.details_json())),
        embedding_model: NotSet,
        embedding_hash: NotSet,
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
                    job_copy::Column::Title,
                    job_copy::Column::Details,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    let skills = profile
        .required_skills
        .iter()
        .chain(&profile.details.preferred_skills);
    let titles = std::iter::once(profile.title.as_str()).chain(profile.details.title_ja.as_deref());
    let rows: Vec<job_term::ActiveModel> = terms(skills, titles)
        .into_iter()
        .map(|(term, weight)| job_term::ActiveModel {
            job_id: Set(event.job_id),
            term: Set(term),
            weight: Set(weight),
        })
        .collect();
    job_term::Entity::delete_many()
        .filter(job_term::Column::JobId.eq(event.job_id))
        .exec(txn)
        .await?;
    if !rows.is_empty() {
        job_term::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

/// A posting that closed or was archived leaves every list: its matches go, except the
/// ones an employer or the candidate acted on, which stay as the record of that work (and
/// out of the candidate's recommendations, which show published postings only).
async fn retire_matches_of_job(txn: &DatabaseTransaction, job_id: Uuid) -> ApiResult<()> {
    match_result::Entity::delete_many()
        .filter(match_result::Column::JobId.eq(job_id))
        .filter(match_result::Column::Status.eq("generated"))
        .filter(match_result::Column::CandidateInterest.is_null())
        .exec(txn)
        .await?;
    Ok(())
}
