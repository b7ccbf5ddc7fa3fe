//! Company profiles and the people acting for them.
//!
//! - An employer or HR manager creates a profile and becomes its first member, with their
//!   role as member role.
//! - Any member, or an administrator (`companies:manage`), edits it.
//! - Members acting as employer or HR manager, or administrators, add members; only people
//!   holding a company role (employer, recruiter, HR manager) can be added.
//!
//! Changes are audited and raise `company.profile_created`, `company.profile_updated` and
//! `company.member_added` in the same transaction.

use super::company_rules::{CompanyChanges, CompanyData, CompanyMemberRole, CompanySize};
use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use crate::service::identity::rbac;
use chrono::Utc;
use contracts::events::{
    CompanyFacts, CompanyMemberAdded, CompanyMemberRemoved, CompanyProfileCreated,
    CompanyProfileUpdated, EventPayload,
};
use entities::users::{company_member, company_profile};
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

/// Who acts on a company: the signed-in user, and whether they administer every company.
#[derive(Clone, Copy, Debug)]
pub struct CompanyActor {
    pub user_id: Uuid,
    pub manages_companies: bool,
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    serde_json::from_value(value.clone()).unwrap_or_default()
}

/// The stored profile's values.
pub fn data_of(model: &company_profile::Model) -> CompanyData {
    CompanyData {
        name: model.name.clone(),
        name_ja: model.name_ja.clone(),
        name_kana: model.name_kana.clone(),
        industry: model.industry.clone(),
        size: model.size.as_deref().and_then(CompanySize::parse),
        headquarters_country: model.headquarters_country.clone(),
        headquarters_city: model.headquarters_city.clone(),
        description: model.description.clone(),
        description_ja: model.description_ja.clone(),
        website: model.website.clone(),
        total_employees: model.total_employees,
        international_employees: model.international_employees,
        visa_sponsorship: model.visa_sponsorship,
        supported_visa_types: strings(&model.supported_visa_types),
        benefits: strings(&model.benefits),
    }
}

/// The editable columns of `data`, for an insert or an update of `id`.
fn active_model(id: Uuid, data: &CompanyData) -> company_profile::ActiveModel {
    company_profile::ActiveModel {
        id: Set(id),
        name: Set(data.name.clone()),
        name_ja: Set(data.name_ja.clone()),
        name_kana: Set(data.name_kana.clone()),
        industry: Set(data.industry.clone()),
        size: Set(data.size.map(|size| size.as_str().to_owned())),
        headquarters_country: Set(data.headquarters_country.clone()),
        headquarters_city: Set(data.headquarters_city.clone()),
        description: Set(data.description.clone()),
        description_ja: Set(data.description_ja.clone()),
        website: Set(data.website.clone()),
        total_employees: Set(data.total_employees),
        international_employees: Set(data.international_employees),
        visa_sponsorship: Set(data.visa_sponsorship),
        supported_visa_types: Set(serde_json::json!(data.supported_visa_types)),
        benefits: Set(serde_json::json!(data.benefits)),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// What other subgraphs copy of a profile besides its name.
fn facts_of(data: &CompanyData) -> CompanyFacts {
    CompanyFacts {
        name_ja: data.name_ja.clone(),
        name_kana: data.name_kana.clone(),
        industry: data.industry.clone(),
        size: data.size.map(|size| size.as_str().to_owned()),
    }
}

fn company_event(company_id: Uuid, actor: Uuid, payload: &impl EventPayload) -> ApiResult<Event> {
    Ok(Event::of(company_id, payload)?.with_actor(Some(actor.to_string())))
}

impl UsersService {
    pub async fn company_profile(&self, id: Uuid) -> ApiResult<Option<company_profile::Model>> {
        Ok(company_profile::Entity::find_by_id(id)
            .one(self.db())
            .await?)
    }

    pub(super) async fn membership(
        &self,
        company_id: Uuid,
        user_id: Uuid,
    ) -> ApiResult<Option<company_member::Model>> {
        Ok(company_member::Entity::find_by_id((company_id, user_id))
            .one(self.db())
            .await?)
    }

    pub async fn create_company_profile(
        &self,
        actor: Uuid,
        changes: CompanyChanges,
        origin: &Origin,
    ) -> ApiResult<company_profile::Model> {
        let user = self.live_user(actor).await?;
        let roles = rbac::roles_of(self.db(), actor).await?;
        // The primary role first, so an employer who was also granted HR joins as employer.
        let member_role = std::iter::once(user.role.as_str())
            .chain(roles.iter().map(String::as_str))
            .filter_map(CompanyMemberRole::parse)
            .find(|role| role.manages_members())
            .ok_or(ApiError::Forbidden)?;
        let (data, changed) = changes.apply(&CompanyData::default())?;
        let id = kit::ids::new_node_id(kit::ids::NodeKind::Company);
        let now = Utc::now();
        let mut model = active_model(id, &data);
        model.created_by = Set(Some(actor));
        model.created_at = Set(now);
        let txn = kit::db::begin_write(self.db()).await?;
        let created = company_profile::Entity::insert(model)
            .exec_with_returning(&txn)
            .await?;
        company_member::Entity::insert(company_member::ActiveModel {
            company_id: Set(id),
            user_id: Set(actor),
            role: Set(member_role.as_str().to_owned()),
            added_by: Set(Some(actor)),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        audit::record(
            &txn,
            AuditEntry::own("company_profile_created", actor).details(serde_json::json!({
                "companyId": id,
                "memberRole": member_role.as_str(),
                "changedFields": changed,
            })),
            origin,
        )
        .await?;
        let payload = CompanyProfileCreated {
            company_id: id,
            name: created.name.clone(),
            created_by: actor,
            creator_role: Some(member_role),
            visa_sponsorship: created.visa_sponsorship,
            supported_visa_types: data.supported_visa_types.clone(),
            facts: facts_of(&data),
        };
        self.outbox()
            .enqueue(&txn, &company_event(id, actor, &payload)?)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(created)
    }

    pub async fn update_company_profile(
        &self,
        actor: CompanyActor,
        company_id: Uuid,
        changes: CompanyChanges,
        origin: &Origin,
    ) -> ApiResult<company_profile::Model> {
        let company = self
            .company_profile(company_id)
            .await?
            .ok_or(ApiError::NotFound("company profile"))?;
        let is_member = self.membership(company_id, actor.user_id).await?.is_some();
        if !is_member && !actor.manages_companies {
            return Err(ApiError::Forbidden);
        }
        let (data, changed) = changes.apply(&data_of(&company))?;
        if changed.is_empty() {
            return Ok(company);
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let updated = company_profile::Entity::update(active_model(company_id, &data))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            AuditEntry::own("company_profile_updated", actor.user_id).details(serde_json::json!({
                "companyId": company_id,
                "changedFields": changed,
            })),
            origin,
        )
        .await?;
        let payload = CompanyProfileUpdated {
            company_id,
            name: updated.name.clone(),
            changed_fields: changed.iter().map(|field| field.to_string()).collect(),
            visa_sponsorship: updated.visa_sponsorship,
            supported_visa_types: data.supported_visa_types.clone(),
            facts: facts_of(&data),
        };
        self.outbox()
            .enqueue(&txn, &company_event(company_id, actor.user_id, &payload)?)
            .await?;
        let updated = self
            .recheck_verification(&txn, &updated, &changed, actor.user_id)
            .await?
            .unwrap_or(updated);
        txn.commit().await?;
        self.outbox().wake();
        Ok(updated)
    }

    pub async fn add_company_member(
        &self,
        actor: CompanyActor,
        company_id: Uuid,
        user_id: Uuid,
        role: CompanyMemberRole,
        origin: &Origin,
    ) -> ApiResult<company_member::Model> {
        self.company_profile(company_id)
            .await?
            .ok_or(ApiError::NotFound("company profile"))?;
        let actor_role = self
            .membership(company_id, actor.user_id)
            .await?
            .and_then(|member| CompanyMemberRole::parse(&member.role));
        let may_add = actor_role.is_some_and(CompanyMemberRole::manages_members);
        if !may_add && !actor.manages_companies {
            return Err(ApiError::Forbidden);
        }
        let target = self
            .live_user(user_id)
            .await
            .map_err(|_| ApiError::invalid("userId", "is not an account"))?;
        let roles = rbac::roles_of(self.db(), target.id).await?;
        if !roles
            .iter()
            .any(|role| CompanyMemberRole::parse(role).is_some())
        {
            return Err(ApiError::invalid(
                "userId",
                "must be an employer, recruiter or HR manager",
            ));
        }
        let txn = kit::db::begin_write(self.db()).await?;
        let member = self
            .insert_member(&txn, actor.user_id, company_id, user_id, role, origin)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(member)
    }

    /// Adds the membership in `txn`, audited (`company_member_added` by `added_by`) and with
    /// `company.member_added`; the caller commits and wakes the outbox.
    pub(crate) async fn insert_member(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        added_by: Uuid,
        company_id: Uuid,
        user_id: Uuid,
        role: CompanyMemberRole,
        origin: &Origin,
    ) -> ApiResult<company_member::Model> {
        // The key (company, user) decides, inside the transaction: a concurrent duplicate is
        // a conflict too, not an internal error.
        let member = company_member::Entity::insert(company_member::ActiveModel {
            company_id: Set(company_id),
            user_id: Set(user_id),
            role: Set(role.as_str().to_owned()),
            added_by: Set(Some(added_by)),
            created_at: Set(Utc::now()),
        })
        .exec_with_returning(txn)
        .await
        .map_err(|err| {
            if kit::db::is_unique_violation(&err) {
                ApiError::Conflict("already a member of this company".into())
            } else {
                err.into()
            }
        })?;
        audit::record(
            txn,
            AuditEntry {
                actor_id: Some(added_by),
                action: "company_member_added",
                target_id: Some(user_id),
                success: true,
                details: serde_json::json!({"companyId": company_id, "role": role.as_str()}),
            },
            origin,
        )
        .await?;
        let payload = CompanyMemberAdded {
            company_id,
            user_id,
            role,
        };
        self.outbox()
            .enqueue(txn, &company_event(company_id, added_by, &payload)?)
            .await?;
        Ok(member)
    }

    /// The membership of `user_id` in the company, if any.
    pub async fn company_member(
        &self,
        company_id: Uuid,
        user_id: Uuid,
    ) -> ApiResult<Option<company_member::Model>> {
        self.membership(company_id, user_id).await
    }

    /// Removes `user_id` from the company. Members acting as employer or HR manager and
    /// administrators remove anyone; every member may leave. The company keeps at least one
    /// employer or HR manager (else `CONFLICT`): the profile row is locked first, so two
    /// concurrent removals cannot both take the last one.
    pub async fn remove_company_member(
        &self,
        actor: CompanyActor,
        company_id: Uuid,
        user_id: Uuid,
        origin: &Origin,
    ) -> ApiResult<()> {
        use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QuerySelect};
        let txn = kit::db::begin_write(self.db()).await?;
        company_profile::Entity::find_by_id(company_id)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("company profile"))?;
        let actor_role = company_member::Entity::find_by_id((company_id, actor.user_id))
            .one(&txn)
            .await?
            .and_then(|member| CompanyMemberRole::parse(&member.role));
        let may_remove = actor.user_id == user_id
            || actor.manages_companies
            || actor_role.is_some_and(CompanyMemberRole::manages_members);
        if !may_remove {
            return Err(ApiError::Forbidden);
        }
        let removed = company_member::Entity::delete_by_id((company_id, user_id))
            .exec(&txn)
            .await?
            .rows_affected;
        if removed == 0 {
            return Err(ApiError::NotFound("company member"));
        }
        let managers = company_member::Entity::find()
            .filter(company_member::Column::CompanyId.eq(company_id))
            .filter(company_member::Column::Role.is_in([
                CompanyMemberRole::Employer.as_str(),
                CompanyMemberRole::HrManager.as_str(),
            ]))
            .count(&txn)
            .await?;
        if managers == 0 {
            return Err(ApiError::Conflict(
                "a company keeps at least one employer or HR manager".into(),
            ));
        }
        audit::record(
            &txn,
            AuditEntry {
                actor_id: Some(actor.user_id),
                action: "company_member_removed",
                target_id: Some(user_id),
                success: true,
                details: serde_json::json!({"companyId": company_id}),
            },
            origin,
        )
        .await?;
        let payload = CompanyMemberRemoved {
            company_id,
            user_id,
        };
        self.outbox()
            .enqueue(&txn, &company_event(company_id, actor.user_id, &payload)?)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(())
    }
}
