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

use super::{JobsService, search};
use chrono::Utc;
use contracts::EventName;
use contracts::events::{
    CompanyFacts, CompanyMemberAdded, CompanyMemberRemoved, CompanyProfileCreated,
    CompanyProfileUpdated, UserDeleted,
};
use entities::jobs::{company, company_member};
use kit::consumer::{Consumer, ConsumerSettings, Effect, EventApplier, Outcome, payload};
use kit::copies::CopyLedger;
use kit::events::BusError;
use kit::lifecycle::Shutdown;
use kit::{ApiResult, Event};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Every jobs instance joins this group: each event is applied by one of them.
pub const CONSUMER_GROUP: &str = "jobs";

/// The events the copies follow (reconciliation compares them with what was applied).
pub const FOLLOWED_EVENTS: [EventName; 5] = [
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

/// The kinds of copy this subgraph keeps, in the version ledger.
const COMPANY: &str = "company";
const MEMBER: &str = "company_member";
/// Tombstones of deleted accounts: no membership of theirs comes back.
const ACCOUNT: &str = "account";

fn member_key(company_id: Uuid, user_id: Uuid) -> String {
    format!("{company_id}:{user_id}")
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
        let changed = match event.name() {
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
                let company = if ledger
                    .advance(txn, COMPANY, created.company_id, version)
                    .await?
                {
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
                    true
                } else {
                    false
                };
                let member = add_member(txn, ledger, creator, version).await?;
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
            Some(EventName::CompanyMemberAdded) => {
                let added: CompanyMemberAdded = payload(event)?;
                add_member(txn, ledger, added, version).await?
            }
            Some(EventName::CompanyMemberRemoved) => {
                let removed: CompanyMemberRemoved = payload(event)?;
                let key = member_key(removed.company_id, removed.user_id);
                if ledger.remove(txn, MEMBER, key, version).await? {
                    company_member::Entity::delete_by_id((removed.company_id, removed.user_id))
                        .exec(txn)
                        .await?;
                    true
                } else {
                    false
                }
            }
            Some(EventName::UserDeleted) => {
                let deleted: UserDeleted = payload(event)?;
                if ledger
                    .remove(txn, ACCOUNT, deleted.user_id, version)
                    .await?
                {
                    company_member::Entity::delete_many()
                        .filter(company_member::Column::UserId.eq(deleted.user_id))
                        .exec(txn)
                        .await?;
                    true
                } else {
                    false
                }
            }
            _ => true,
        };
        Ok(if changed {
            Effect::none()
        } else {
            Effect::stale()
        })
    }
}

/// Adds (or updates) a membership unless the copy already reflects a newer change of it or the
/// account was deleted; `false` when nothing changed.
async fn add_member(
    txn: &DatabaseTransaction,
    ledger: CopyLedger,
    added: CompanyMemberAdded,
    version: i64,
) -> ApiResult<bool> {
    let key = member_key(added.company_id, added.user_id);
    if !ledger.advance(txn, MEMBER, key, version).await? {
        return Ok(false);
    }
    if ledger.is_removed(txn, ACCOUNT, added.user_id).await? {
        return Ok(false);
    }
    upsert_member(txn, added).await?;
    Ok(true)
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
