//! Who reads a candidate's private fields. Candidates are foreigners who disclose nationality,
//! status of residence and where they live; employers are companies they have never met. So a
//! company reads those fields (and the candidate's name and contact details) only when
//!
//! - the company is verified (`company_verification.rs`), and
//! - the candidate disclosed them to it: applied to one of its postings (and did not withdraw),
//!   answered "interested" to a match of one of its postings, or chose `visible` and the
//!   company's posting matched them.
//!
//! Everyone else reads the anonymous summary (skills, experience, Japanese level) or, for a
//! candidate who chose `hidden`, nothing at all. The candidate themselves and administrators
//! (`candidates:read`) read everything.
//!
//! The relationships come from the matching subgraph's events (`match.completed`,
//! `match.status_changed`), copied one row per match, and from the jobs subgraph's
//! (`application.submitted`, `application.status_changed`), copied one row per application,
//! through `kit::consumer` (each event applied once, older versions ignored), so this subgraph
//! decides with its own data: its companies, memberships and candidate profiles, and the
//! copies. An application stays shared when it is rejected or ends in a hire: the company keeps
//! what it was sent; only a withdrawal takes it back.

use crate::service::UsersService;
use async_graphql::Enum;
use chrono::Utc;
use contracts::EventName;
use contracts::events::{
    ApplicationStatusChanged, ApplicationSubmitted, MatchCompleted, MatchStatusChanged,
};
use entities::users::{
    candidate_application, candidate_disclosure, candidate_profile, company_member,
    company_profile, user,
};
use kit::consumer::{Consumer, ConsumerSettings, Effect, EventApplier, payload};
use kit::copies::CopyLedger;
use kit::events::BusError;
use kit::lifecycle::Shutdown;
use kit::{ApiResult, Event};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Every users instance joins this group: each event is applied by one of them.
pub const CONSUMER_GROUP: &str = "users";

/// The events the copy follows (reconciliation compares them with what was applied).
pub const FOLLOWED_EVENTS: [EventName; 4] = [
    EventName::MatchCompleted,
    EventName::MatchStatusChanged,
    EventName::ApplicationSubmitted,
    EventName::ApplicationStatusChanged,
];

/// The kind of copy in the version ledger: one per match.
const MATCH: &str = "match";

/// The kind of the application copy in the version ledger: one per application.
const APPLICATION: &str = "application";

/// Who may see a candidate, as the candidate chose.
#[derive(
    Enum, Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[graphql(name = "CandidateVisibility")]
pub enum CandidateVisibility {
    /// Companies do not see the candidate at all, unless the candidate applies to one of their
    /// postings or answers "interested" to one of their matches (then that company, if
    /// verified, sees the whole profile).
    Hidden,
    /// Companies see the anonymous summary; a verified company sees the whole profile once the
    /// candidate applies to one of its postings or answers "interested" to one of its matches.
    /// The default.
    #[default]
    Anonymous,
    /// Every verified company whose posting matches the candidate sees the whole profile.
    Visible,
}

impl CandidateVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hidden => "hidden",
            Self::Anonymous => "anonymous",
            Self::Visible => "visible",
        }
    }

    /// An unknown stored value reads as the default.
    pub fn parse(value: &str) -> Self {
        match value {
            "hidden" => Self::Hidden,
            "visible" => Self::Visible,
            _ => Self::Anonymous,
        }
    }
}

/// What a caller reads of a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CandidateAccess {
    /// Every field, name and contact included.
    Full,
    /// The anonymous summary: skills, experience, Japanese level, preferences.
    Summary,
    /// Nothing: the candidate chose to be hidden from this caller.
    Hidden,
}

impl UsersService {
    /// What `caller` reads of each of `candidates` (the candidate themselves and
    /// administrators are decided before this: they read everything). Four queries for any
    /// number of candidates.
    pub async fn candidate_access(
        &self,
        caller: Uuid,
        candidates: &[Uuid],
    ) -> ApiResult<HashMap<Uuid, CandidateAccess>> {
        let verified: Vec<Uuid> = company_member::Entity::find()
            .select_only()
            .column(company_member::Column::CompanyId)
            .inner_join(company_profile::Entity)
            .filter(company_member::Column::UserId.eq(caller))
            .filter(company_profile::Column::VerificationStatus.eq("verified"))
            .into_tuple()
            .all(self.db())
            .await?;
        let visibility: HashMap<Uuid, CandidateVisibility> = candidate_profile::Entity::find()
            .select_only()
            .column(candidate_profile::Column::UserId)
            .column(candidate_profile::Column::Visibility)
            .filter(candidate_profile::Column::UserId.is_in(candidates.iter().copied()))
            .into_tuple::<(Uuid, String)>()
            .all(self.db())
            .await?
            .into_iter()
            .map(|(id, visibility)| (id, CandidateVisibility::parse(&visibility)))
            .collect();
        // (candidate, interested) for each match of a verified company of the caller's.
        let related: Vec<(Uuid, bool)> = if verified.is_empty() {
            Vec::new()
        } else {
            candidate_disclosure::Entity::find()
                .select_only()
                .column(candidate_disclosure::Column::CandidateId)
                .column(candidate_disclosure::Column::Interested)
                .filter(candidate_disclosure::Column::CandidateId.is_in(candidates.iter().copied()))
                .filter(candidate_disclosure::Column::CompanyId.is_in(verified.iter().copied()))
                .into_tuple()
                .all(self.db())
                .await?
        };
        let applied: Vec<Uuid> = if verified.is_empty() {
            Vec::new()
        } else {
            candidate_application::Entity::find()
                .select_only()
                .column(candidate_application::Column::CandidateId)
                .filter(
                    candidate_application::Column::CandidateId.is_in(candidates.iter().copied()),
                )
                .filter(candidate_application::Column::CompanyId.is_in(verified.iter().copied()))
                .filter(candidate_application::Column::Shared.eq(true))
                .into_tuple()
                .all(self.db())
                .await?
        };
        let matched: HashSet<Uuid> = related.iter().map(|(candidate, _)| *candidate).collect();
        let interested: HashSet<Uuid> = related
            .iter()
            .filter(|(_, interested)| *interested)
            .map(|(candidate, _)| *candidate)
            .chain(applied)
            .collect();
        Ok(candidates
            .iter()
            .map(|candidate| {
                let chosen = visibility.get(candidate).copied().unwrap_or_default();
                let access = if interested.contains(candidate)
                    || (chosen == CandidateVisibility::Visible && matched.contains(candidate))
                {
                    CandidateAccess::Full
                } else if chosen == CandidateVisibility::Hidden {
                    CandidateAccess::Hidden
                } else {
                    CandidateAccess::Summary
                };
                (*candidate, access)
            })
            .collect())
    }

    /// The companies `candidate` has disclosed their profile to (verified or not: the export
    /// shows the candidate every relationship), with whether they answered "interested".
    pub async fn disclosures_of(
        &self,
        candidate: Uuid,
    ) -> ApiResult<Vec<candidate_disclosure::Model>> {
        Ok(candidate_disclosure::Entity::find()
            .filter(candidate_disclosure::Column::CandidateId.eq(candidate))
            .all(self.db())
            .await?)
    }

    /// The companies `candidate` applied to, one row per application.
    pub async fn applications_of(
        &self,
        candidate: Uuid,
    ) -> ApiResult<Vec<candidate_application::Model>> {
        Ok(candidate_application::Entity::find()
            .filter(candidate_application::Column::CandidateId.eq(candidate))
            .all(self.db())
            .await?)
    }

    /// Forgets a deleted candidate's relationships, in the deletion's transaction.
    pub(super) async fn forget_disclosures<C: ConnectionTrait>(
        conn: &C,
        candidate: Uuid,
    ) -> ApiResult<()> {
        candidate_disclosure::Entity::delete_many()
            .filter(candidate_disclosure::Column::CandidateId.eq(candidate))
            .exec(conn)
            .await?;
        candidate_application::Entity::delete_many()
            .filter(candidate_application::Column::CandidateId.eq(candidate))
            .exec(conn)
            .await?;
        Ok(())
    }

    /// The consumer of this instance.
    pub fn consumer(&self, settings: ConsumerSettings) -> Consumer<Self> {
        Consumer {
            group: CONSUMER_GROUP,
            tables: migrations::users::CONSUMER,
            db: self.db().clone(),
            bus: self.bus().clone(),
            outbox: self.outbox().clone(),
            applier: self.clone(),
            metrics: self.metrics().clone(),
            settings,
        }
    }

    /// Joins the consumer group and keeps the copy current until `shutdown`.
    pub async fn spawn_consumer(
        &self,
        settings: ConsumerSettings,
        shutdown: Shutdown,
    ) -> Result<tokio::task::JoinHandle<()>, BusError> {
        self.consumer(settings).spawn(shutdown).await
    }
}

/// A match as the copy keeps it.
struct MatchRelation {
    match_id: Uuid,
    candidate_id: Uuid,
    company_id: Uuid,
    job_id: Uuid,
    /// `None` keeps what the copy has (a rescore says nothing about the answer).
    interested: Option<bool>,
}

impl EventApplier for UsersService {
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
        if let Some(application) = application_relation(event)? {
            if !ledger
                .advance(
                    txn,
                    APPLICATION,
                    application.application_id,
                    event.aggregate_version,
                )
                .await?
            {
                return Ok(Effect::stale());
            }
            // A deleted account's applications are withdrawn after it is gone: nothing of it
            // is copied again.
            let gone = user::Entity::find_by_id(application.candidate_id)
                .one(txn)
                .await?
                .is_none_or(|account| account.status == contracts::UserStatus::Deleted.as_str());
            if gone {
                return Ok(Effect::none());
            }
            upsert_application(txn, application).await?;
            return Ok(Effect::none());
        }
        let relation = match event.name() {
            Some(EventName::MatchCompleted) => {
                let completed: MatchCompleted = payload(event)?;
                completed.company_id.map(|company_id| MatchRelation {
                    match_id: completed.match_id,
                    candidate_id: completed.candidate_id,
                    company_id,
                    job_id: completed.job_id,
                    interested: None,
                })
            }
            Some(EventName::MatchStatusChanged) => {
                let changed: MatchStatusChanged = payload(event)?;
                changed.company_id.map(|company_id| MatchRelation {
                    match_id: changed.match_id,
                    candidate_id: changed.candidate_id,
                    company_id,
                    job_id: changed.job_id,
                    interested: Some(
                        changed.candidate_interest
                            == Some(contracts::CandidateInterest::Interested),
                    ),
                })
            }
            _ => None,
        };
        // A match of a posting without a company relates the candidate to no one.
        let Some(relation) = relation else {
            return Ok(Effect::none());
        };
        if !ledger
            .advance(txn, MATCH, relation.match_id, event.aggregate_version)
            .await?
        {
            return Ok(Effect::stale());
        }
        upsert(txn, relation).await?;
        Ok(Effect::none())
    }
}

/// An application as the copy keeps it.
struct ApplicationRelation {
    application_id: Uuid,
    candidate_id: Uuid,
    company_id: Uuid,
    job_id: Uuid,
    shared: bool,
    /// The profile version the application sent (every application event carries it).
    profile_version: Option<i32>,
}

/// The application an event is about, if it is an application event.
fn application_relation(event: &Event) -> ApiResult<Option<ApplicationRelation>> {
    Ok(match event.name() {
        Some(EventName::ApplicationSubmitted) => {
            let submitted: ApplicationSubmitted = payload(event)?;
            Some(ApplicationRelation {
                application_id: submitted.application_id,
                candidate_id: submitted.candidate_id,
                company_id: submitted.company_id,
                job_id: submitted.job_id,
                shared: true,
                profile_version: submitted.profile_version,
            })
        }
        Some(EventName::ApplicationStatusChanged) => {
            let changed: ApplicationStatusChanged = payload(event)?;
            Some(ApplicationRelation {
                application_id: changed.application_id,
                candidate_id: changed.candidate_id,
                company_id: changed.company_id,
                job_id: changed.job_id,
                shared: changed.to != contracts::ApplicationStatus::Withdrawn,
                profile_version: changed.profile_version,
            })
        }
        _ => None,
    })
}

async fn upsert_application(
    txn: &DatabaseTransaction,
    application: ApplicationRelation,
) -> ApiResult<()> {
    candidate_application::Entity::insert(candidate_application::ActiveModel {
        application_id: Set(application.application_id),
        candidate_id: Set(application.candidate_id),
        company_id: Set(application.company_id),
        job_id: Set(application.job_id),
        shared: Set(application.shared),
        profile_version: Set(application.profile_version),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(candidate_application::Column::ApplicationId)
            .update_columns([
                candidate_application::Column::Shared,
                candidate_application::Column::ProfileVersion,
                candidate_application::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(txn)
    .await?;
    Ok(())
}

async fn upsert(txn: &DatabaseTransaction, relation: MatchRelation) -> ApiResult<()> {
    let mut update = vec![
        candidate_disclosure::Column::CompanyId,
        candidate_disclosure::Column::JobId,
        candidate_disclosure::Column::UpdatedAt,
    ];
    if relation.interested.is_some() {
        update.push(candidate_disclosure::Column::Interested);
    }
    candidate_disclosure::Entity::insert(candidate_disclosure::ActiveModel {
        match_id: Set(relation.match_id),
        candidate_id: Set(relation.candidate_id),
        company_id: Set(relation.company_id),
        job_id: Set(relation.job_id),
        interested: Set(relation.interested.unwrap_or(false)),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(candidate_disclosure::Column::MatchId)
            .update_columns(update)
            .to_owned(),
    )
    .exec(txn)
    .await?;
    Ok(())
}
