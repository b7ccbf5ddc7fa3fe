//! The jobs subgraph's read-copies of companies and their members, kept current from the users
//! subgraph's events through `kit::consumer` (each event applied once).
//!
//! Why a copy and not memberships in the access token: a token lives 15 minutes, so a removed
//! member would keep writing postings that long, and every membership change would need a
//! token refresh the client does not know to ask for. The copy follows a change within the
//! relay's latency, every jobs instance reads it locally, and the same events give the company
//! facts search filters by (name, industry, size).

use super::{JobsService, search};
use chrono::Utc;
use contracts::EventName;
use contracts::events::{
    CompanyFacts, CompanyMemberAdded, CompanyMemberRemoved, CompanyProfileCreated,
    CompanyProfileUpdated, UserDeleted,
};
use entities::jobs::{company, company_member};
use kit::consumer::{Consumer, EventApplier, payload};
use kit::events::BusError;
use kit::{ApiResult, Event};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Every jobs instance joins this group: each event is applied by one of them.
pub const CONSUMER_GROUP: &str = "jobs";

const FOLLOWED: [EventName; 5] = [
    EventName::CompanyProfileCreated,
    EventName::CompanyProfileUpdated,
    EventName::CompanyMemberAdded,
    EventName::CompanyMemberRemoved,
    EventName::UserDeleted,
];

/// One company's copied fields.
struct CompanyCopy {
    id: Uuid,
    name: String,
    visa_sponsorship: bool,
    supported_visa_types: Vec<String>,
    facts: CompanyFacts,
}

impl EventApplier for JobsService {
    fn interested_in(&self, event: &Event) -> bool {
        event.name().is_some_and(|name| FOLLOWED.contains(&name))
    }

    async fn apply(&self, txn: &DatabaseTransaction, event: &Event) -> ApiResult<Vec<Event>> {
        match event.name() {
            Some(EventName::CompanyProfileCreated) => {
                let created: CompanyProfileCreated = payload(event)?;
                let creator = CompanyMemberAdded {
                    company_id: created.company_id,
                    user_id: created.created_by,
                    role: created
                        .creator_role
                        .clone()
                        .unwrap_or_else(|| "employer".to_owned()),
                };
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
                upsert_member(txn, creator).await?;
            }
            Some(EventName::CompanyProfileUpdated) => {
                let updated: CompanyProfileUpdated = payload(event)?;
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
            }
            Some(EventName::CompanyMemberAdded) => {
                let added: CompanyMemberAdded = payload(event)?;
                upsert_member(txn, added).await?;
            }
            Some(EventName::CompanyMemberRemoved) => {
                let removed: CompanyMemberRemoved = payload(event)?;
                company_member::Entity::delete_by_id((removed.company_id, removed.user_id))
                    .exec(txn)
                    .await?;
            }
            Some(EventName::UserDeleted) => {
                let deleted: UserDeleted = payload(event)?;
                company_member::Entity::delete_many()
                    .filter(company_member::Column::UserId.eq(deleted.user_id))
                    .exec(txn)
                    .await?;
            }
            _ => {}
        }
        Ok(Vec::new())
    }
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

async fn upsert_member(txn: &DatabaseTransaction, added: CompanyMemberAdded) -> ApiResult<()> {
    let model = company_member::ActiveModel {
        company_id: Set(added.company_id),
        user_id: Set(added.user_id),
        role: Set(added.role),
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

impl JobsService {
    fn consumer(&self) -> Consumer<JobsService> {
        Consumer {
            group: CONSUMER_GROUP,
            processed_table: "jobs_processed_events",
            db: self.db().clone(),
            bus: self.bus().clone(),
            outbox: self.outbox().clone(),
            applier: self.clone(),
        }
    }

    /// Joins the consumer group and keeps the copies current until the task is aborted.
    pub async fn spawn_consumer(&self) -> Result<tokio::task::JoinHandle<()>, BusError> {
        self.consumer().spawn().await
    }

    /// Applies one event unless it was applied before.
    pub async fn handle(&self, event: &Event) -> ApiResult<()> {
        self.consumer().handle(event).await
    }
}
