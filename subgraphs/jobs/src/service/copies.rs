//! The jobs subgraph's read-copies of companies and their members, kept current from the users
//! subgraph's events through `kit::consumer` (each event applied once) and versioned through
//! `kit::copies` (an event older than what a copy reflects changes nothing; a removed member or
//! a deleted account leaves a tombstone, so a late "added" never brings them back).
//!
//! Why a copy and not memberships in the access token: a token lives 15 minutes, so a removed
//! member would keep writing postings that long, and every membership change would need a
//! token refresh the client does not know to ask for. The copy follows a change within the
//! relay's latency, every jobs instance reads it locally, and the same events give the company
//! facts search filters by (name, industry, size).
//!
//! It also keeps each candidate's right to work (`candidate.profile_updated`: status of
//! residence, work authorisation), which an offer's visa check reads; and matching's latest score of each (posting, candidate) pair (`match.completed`),
//! which ranks a posting's applications by match; and withdraws the open applications of a
//! deleted account (`user.deleted`), raising their events in the same transaction.

use super::{JobsService, applications, search};
use chrono::Utc;
use contracts::EventName;
use contracts::events::{
    CandidateProfileUpdated, CompanyFacts, CompanyProfileCreated, CompanyProfileUpdated,
    MatchCompleted, UserDeleted,
};
use entities::jobs::{
    company, company_member, job_application, job_candidate_facts, job_match_score,
};
use kit::consumer::{Consumer, ConsumerSettings, Effect, EventApplier, Outcome, payload};
use kit::copies::{CopyLedger, MembershipCopy};
use kit::events::BusError;
use kit::lifecycle::Shutdown;
use kit::{ApiResult, Event};
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityName, EntityTrait, QueryFilter,
};
use uuid::Uuid;

/// Every jobs instance joins this group: each event is applied by one of them.
pub const CONSUMER_GROUP: &str = "jobs";

/// The events the copies follow (reconciliation compares them with what was applied).
pub const FOLLOWED_EVENTS: [EventName; 7] = [
    EventName::CompanyProfileCreated,
    EventName::CompanyProfileUpdated,
    EventName::CompanyMemberAdded,
    EventName::CompanyMemberRemoved,
    EventName::UserDeleted,
    EventName::MatchCompleted,
    EventName::CandidateProfileUpdated,
];

/// One company's copied fields.
struct CompanyCopy {
    id: Uuid,
    name: String,
    visa_sponsorship: bool,
    supported_visa_types: Vec<String>,
    facts: CompanyFacts,
}

/// The kind of copy this subgraph keeps besides memberships, in the version ledger.
const COMPANY: &str = "company";

/// The kind of the match-score copy in the version ledger: one per match.
const MATCH: &str = "match";

/// The kind of the candidate copy (right to work) in the version ledger: one per candidate.
const CANDIDATE: &str = "candidate";

/// The membership copy, versioned in `ledger`.
fn memberships(ledger: CopyLedger) -> MembershipCopy {
    MembershipCopy::new(ledger, company_member::Entity.table_name())
}

impl EventApplier for JobsService {
    fn interested_in(&self, event: &Event) -> bool {
        event
            .name()
            .is_some_and(|name| FOLLOWED_EVENTS.contains(&name))
    }

    async fn apply(
        &self,
        txn: &DatabaseTransaction,
        ledger: CopyLedger,
        event: &Event,
    ) -> ApiResult<Effect> {
        let version = event.aggregate_version;
        let mut raised = Vec::new();
        let changed = match event.name() {
            Some(EventName::CompanyProfileCreated) => {
                let created: CompanyProfileCreated = payload(event)?;
                let company = ledger
                    .advance(txn, COMPANY, created.company_id, version)
                    .await?;
                if company {
                    upsert_company(
                        txn,
                        CompanyCopy {
                            id: created.company_id,
                            name: created.name,
                            visa_sponsorship: created.visa_sponsorship,
                            supported_visa_types: created.supported_visa_types,
                            facts: created.facts,
                        },
                    )
                    .await?;
                }
                // The creator becomes the first member.
                let member = memberships(ledger).apply(txn, event).await? == Some(true);
                company || member
            }
            Some(EventName::CompanyProfileUpdated) => {
                let updated: CompanyProfileUpdated = payload(event)?;
                if ledger
                    .advance(txn, COMPANY, updated.company_id, version)
                    .await?
                {
                    upsert_company(
                        txn,
                        CompanyCopy {
                            id: updated.company_id,
                            name: updated.name,
                            visa_sponsorship: updated.visa_sponsorship,
                            supported_visa_types: updated.supported_visa_types,
                            facts: updated.facts,
                        },
                    )
                    .await?;
                    true
                } else {
                    false
                }
            }
            Some(EventName::UserDeleted) => {
                let deleted: UserDeleted = payload(event)?;
                raised = applications::withdraw_all_of(txn, deleted.user_id).await?;
                if ledger
                    .remove(txn, CANDIDATE, deleted.user_id, version)
                    .await?
                {
                    job_candidate_facts::Entity::delete_by_id(deleted.user_id)
                        .exec(txn)
                        .await?;
                }
                let member = memberships(ledger)
                    .account_deleted(txn, deleted.user_id, version)
                    .await?;
                member || !raised.is_empty()
            }
            Some(EventName::CandidateProfileUpdated) => {
                let updated: CandidateProfileUpdated = payload(event)?;
                if ledger
                    .advance(txn, CANDIDATE, updated.user_id, version)
                    .await?
                {
                    copy_right_to_work(txn, &updated).await?;
                    true
                } else {
                    false
                }
            }
            Some(EventName::MatchCompleted) => {
                let completed: MatchCompleted = payload(event)?;
                if ledger
                    .advance(txn, MATCH, completed.match_id, version)
                    .await?
                {
                    copy_score(txn, &completed).await?;
                    true
                } else {
                    false
                }
            }
            _ => memberships(ledger).apply(txn, event).await?.unwrap_or(true),
        };
        Ok(if changed {
            Effect::applied(raised)
        } else {
            Effect::stale()
        })
    }
}

/// Keeps the candidate's stated status of residence and work authorisation, and the profile's
/// latest saved version.
async fn copy_right_to_work(
    txn: &DatabaseTransaction,
    updated: &CandidateProfileUpdated,
) -> ApiResult<()> {
    job_candidate_facts::Entity::insert(job_candidate_facts::ActiveModel {
        candidate_id: Set(updated.user_id),
        visa_status: Set(updated.visa_status.clone()),
        work_authorization: Set(updated.work_authorization),
        updated_at: Set(Utc::now()),
        profile_version: Set(updated.profile_version),
    })
    .on_conflict(
        OnConflict::column(job_candidate_facts::Column::CandidateId)
            .update_columns([
                job_candidate_facts::Column::VisaStatus,
                job_candidate_facts::Column::WorkAuthorization,
                job_candidate_facts::Column::UpdatedAt,
                job_candidate_facts::Column::ProfileVersion,
            ])
            .to_owned(),
    )
    .exec(txn)
    .await?;
    Ok(())
}

/// Keeps the pair's latest score, and puts it (and the match) on the pair's applications.
async fn copy_score(txn: &DatabaseTransaction, completed: &MatchCompleted) -> ApiResult<()> {
    let now = Utc::now();
    job_match_score::Entity::insert(job_match_score::ActiveModel {
        match_id: Set(completed.match_id),
        job_id: Set(completed.job_id),
        candidate_id: Set(completed.candidate_id),
        score: Set(completed.score),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(job_match_score::Column::MatchId)
            .update_columns([
                job_match_score::Column::Score,
                job_match_score::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(txn)
    .await?;
    job_application::Entity::update_many()
        .col_expr(
            job_application::Column::MatchId,
            Expr::value(completed.match_id),
        )
        .col_expr(
            job_application::Column::MatchScore,
            Expr::value(completed.score),
        )
        .filter(job_application::Column::JobId.eq(completed.job_id))
        .filter(job_application::Column::CandidateId.eq(completed.candidate_id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn upsert_company(txn: &DatabaseTransaction, copy: CompanyCopy) -> ApiResult<()> {
    let now = Utc::now();
    let model = company::ActiveModel {
        id: Set(copy.id),
        name: Set(copy.name),
        name_ja: Set(copy.facts.name_ja),
        name_kana: Set(copy.facts.name_kana),
        industry: Set(copy.facts.industry),
        size: Set(copy.facts.size),
        visa_sponsorship: Set(copy.visa_sponsorship),
        supported_visa_types: Set(Some(serde_json::json!(copy.supported_visa_types))),
        created_at: Set(now),
        updated_at: Set(now),
    };
    company::Entity::insert(model)
        .on_conflict(
            OnConflict::column(company::Column::Id)
                .update_columns([
                    company::Column::Name,
                    company::Column::NameJa,
                    company::Column::NameKana,
                    company::Column::Industry,
                    company::Column::Size,
                    company::Column::VisaSponsorship,
                    company::Column::SupportedVisaTypes,
                    company::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    if let Some(company) = company::Entity::find_by_id(copy.id).one(txn).await? {
        search::index::company_changed(txn, &company).await?;
    }
    Ok(())
}

impl JobsService {
    /// The consumer of this instance, with `settings` (its name in the group, attempts).
    pub fn consumer(&self, settings: ConsumerSettings) -> Consumer<JobsService> {
        Consumer {
            group: CONSUMER_GROUP,
            tables: migrations::jobs::CONSUMER,
            db: self.db().clone(),
            bus: self.bus().clone(),
            outbox: self.outbox().clone(),
            applier: self.clone(),
            metrics: self.metrics().clone(),
            settings,
        }
    }

    /// Joins the consumer group and keeps the copies current until `shutdown`.
    pub async fn spawn_consumer(
        &self,
        settings: ConsumerSettings,
        shutdown: Shutdown,
    ) -> Result<tokio::task::JoinHandle<()>, BusError> {
        self.consumer(settings).spawn(shutdown).await
    }

    /// Applies one event unless it was applied before.
    pub async fn handle(&self, event: &Event) -> ApiResult<Outcome> {
        self.consumer(ConsumerSettings::default())
            .handle(event)
            .await
    }
}
