//! `exportMyData`: everything stored about the caller, as one JSON document they can keep —
//! account and profile fields, consents, roles, candidate profile (with its visibility) and the
//! companies that matched it (whether each reads the whole profile, by the same rule as the
//! API), every saved version of the candidate profile and which one each application sent,
//! company memberships, sessions, security state and the audit rows about them.
//!
//! Secrets never leave: password hashes (current and history), the TOTP secret, backup and
//! one-time code hashes and refresh token hashes are left out; for them the export says only
//! that they exist (e.g. how many backup codes remain). The export itself is audited as
//! `data_export`.

use super::candidate_profiles::data_of as candidate_data;
use super::completeness;
use super::preferences::NotificationChannel;
use super::profile_versions::{changed_fields_of, data_of_version};
use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use crate::service::identity::rbac;
use chrono::Utc;
use entities::users::{
    audit_log, backup_code, candidate_profile_version, company_member, company_profile, session,
    user,
};
use kit::ApiResult;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

/// Bumped when the document's shape changes, so a reader knows what it holds.
const EXPORT_FORMAT: u32 = 1;

fn account(user: &user::Model) -> Value {
    json!({
        "id": user.id,
        "email": user.email,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "firstNameKana": user.first_name_kana,
        "lastNameKana": user.last_name_kana,
        "phone": user.phone,
        "bio": user.bio,
        "website": user.website,
        "role": user.role,
        "status": user.status,
        "language": user.language,
        "timezone": user.timezone,
        "notificationChannels": NotificationChannel::of_user(user)
            .into_iter()
            .map(NotificationChannel::as_str)
            .collect::<Vec<_>>(),
        "emailVerifiedAt": user.email_verified_at,
        "profileCompleteness": completeness::of_user(user),
        "profileCompletedAt": user.profile_completed_at,
        "lastLoginAt": user.last_login_at,
        "createdAt": user.created_at,
        "updatedAt": user.updated_at,
    })
}

fn consents(user: &user::Model) -> Value {
    json!({
        "privacy": {"given": user.privacy_consent_at.is_some(), "at": user.privacy_consent_at},
        "marketing": {"given": user.marketing_consent, "at": user.marketing_consent_at},
    })
}

fn sessions(rows: Vec<session::Model>) -> Value {
    Value::Array(
        rows.into_iter()
            .map(|row| {
                json!({
                    "id": row.id,
                    "ip": row.ip,
                    "userAgent": row.user_agent,
                    "rememberMe": row.remember_me,
                    "createdAt": row.created_at,
                    "lastActiveAt": row.last_active_at,
                    "expiresAt": row.expires_at,
                    "revokedAt": row.revoked_at,
                    "revokedReason": row.revoked_reason,
                })
            })
            .collect(),
    )
}

fn audit_rows(rows: Vec<audit_log::Model>) -> Value {
    Value::Array(
        rows.into_iter()
            .map(|row| {
                json!({
                    "id": row.id,
                    "action": row.action,
                    "actorId": row.actor_id,
                    "targetId": row.target_id,
                    "ip": row.ip,
                    "userAgent": row.user_agent,
                    "success": row.success,
                    "details": row.details,
                    "createdAt": row.created_at,
                })
            })
            .collect(),
    )
}

impl UsersService {
    /// The companies whose postings matched the candidate: whether they were told "interested"
    /// and whether they read the whole profile (verified, and interested or `visible`).
    async fn disclosure_export(
        &self,
        user_id: Uuid,
        candidate: Option<&Value>,
    ) -> ApiResult<Value> {
        let visible = candidate.is_some_and(|profile| profile["visibility"] == "visible");
        let rows = self.disclosures_of(user_id).await?;
        let companies: std::collections::HashMap<Uuid, company_profile::Model> =
            company_profile::Entity::find()
                .filter(company_profile::Column::Id.is_in(rows.iter().map(|row| row.company_id)))
                .all(self.db())
                .await?
                .into_iter()
                .map(|company| (company.id, company))
                .collect();
        Ok(rows
            .iter()
            .map(|row| {
                let company = companies.get(&row.company_id);
                let verified =
                    company.is_some_and(|company| company.verification_status == "verified");
                json!({
                    "companyId": row.company_id,
                    "companyName": company.map(|company| company.name.clone()),
                    "jobId": row.job_id,
                    "toldInterested": row.interested,
                    "readsWholeProfile": verified && (row.interested || visible),
                })
            })
            .collect())
    }

    /// The caller's data as JSON (see the module doc for what is left out).
    pub async fn export_user_data(&self, user_id: Uuid, origin: &Origin) -> ApiResult<Value> {
        let user = self.live_user(user_id).await?;
        let roles = rbac::roles_of(self.db(), user_id).await?;
        let candidate = self.candidate_profile(user_id).await?.map(|model| {
            let data = candidate_data(&model);
            json!({
                "nationality": data.nationality,
                "currentCountry": data.current_country,
                "currentCity": data.current_city,
                "visaStatus": data.visa_status,
                "visaExpiryDate": data.visa_expiry_date,
                "workAuthorization": data.work_authorization,
                "yearsExperience": data.years_experience,
                "currentSalary": {"min": data.current_salary.min, "max": data.current_salary.max, "currency": "JPY"},
                "desiredSalary": {"min": data.desired_salary.min, "max": data.desired_salary.max, "currency": "JPY"},
                "availabilityDate": data.availability_date,
                "technicalSkills": data.technical_skills,
                "softSkills": data.soft_skills,
                "languages": data.languages,
                "certifications": data.certifications,
                "preferredLocations": data.preferred_locations,
                "preferredIndustries": data.preferred_industries,
                "workStyle": data.work_style.map(|style| style.as_str()),
                "visibility": data.visibility.as_str(),
                "createdAt": model.created_at,
                "updatedAt": model.updated_at,
            })
        });
        let memberships: Vec<Value> = company_member::Entity::find()
            .filter(company_member::Column::UserId.eq(user_id))
            .find_also_related(company_profile::Entity)
            .order_by_asc(company_member::Column::CreatedAt)
            .all(self.db())
            .await?
            .into_iter()
            .map(|(member, company)| {
                json!({
                    "companyId": member.company_id,
                    "companyName": company.map(|company| company.name),
                    "role": member.role,
                    "since": member.created_at,
                })
            })
            .collect();
        let disclosures = self.disclosure_export(user_id, candidate.as_ref()).await?;
        let applications: Vec<Value> = self
            .applications_of(user_id)
            .await?
            .into_iter()
            .map(|row| {
                json!({
                    "applicationId": row.application_id,
                    "companyId": row.company_id,
                    "jobId": row.job_id,
                    "shared": row.shared,
                    "profileVersion": row.profile_version,
                })
            })
            .collect();
        let profile_versions: Vec<Value> = candidate_profile_version::Entity::find()
            .filter(candidate_profile_version::Column::UserId.eq(user_id))
            .order_by_asc(candidate_profile_version::Column::Version)
            .all(self.db())
            .await?
            .into_iter()
            .map(|saved| {
                json!({
                    "version": saved.version,
                    "savedAt": saved.saved_at,
                    "changedFields": changed_fields_of(&saved),
                    "profile": data_of_version(&saved),
                })
            })
            .collect();
        let session_rows = session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .order_by_asc(session::Column::CreatedAt)
            .all(self.db())
            .await?;
        let backup_codes_left = backup_code::Entity::find()
            .filter(backup_code::Column::UserId.eq(user_id))
            .filter(backup_code::Column::UsedAt.is_null())
            .count(self.db())
            .await?;
        let audit = audit_log::Entity::find()
            .filter(
                Condition::any()
                    .add(audit_log::Column::ActorId.eq(user_id))
                    .add(audit_log::Column::TargetId.eq(user_id)),
            )
            .order_by_asc(audit_log::Column::CreatedAt)
            .all(self.db())
            .await?;
        let exported_at = Utc::now();
        audit::record(self.db(), AuditEntry::own("data_export", user_id), origin).await?;
        Ok(json!({
            "format": EXPORT_FORMAT,
            "exportedAt": exported_at,
            "user": account(&user),
            "consents": consents(&user),
            "roles": roles,
            "security": {
                "mfaEnabled": user.mfa_enabled,
                "backupCodesRemaining": backup_codes_left,
                "passwordChangedAt": user.password_changed_at,
                "failedLoginCount": user.failed_login_count,
                "lockedUntil": user.locked_until,
            },
            "candidateProfile": candidate,
            "candidateProfileVersions": profile_versions,
            "companyMemberships": memberships,
            "companiesMatched": disclosures,
            "applicationsShared": applications,
            "sessions": sessions(session_rows),
            "auditLog": audit_rows(audit),
        }))
    }
}
