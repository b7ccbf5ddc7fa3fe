//! Verifying employers. A company starts `unverified`; a member acting as employer or HR
//! manager submits evidence (`verification_evidence.rs`) and the company is `pending`; an
//! administrator (`companies:manage`) reviews the queue and approves (`verified`) or rejects
//! it with a reason (`rejected`, after which members may submit again). An administrator may
//! also take a verification back, with a reason. A verified company that changes who it says
//! it is (name, Japanese name, web site) goes back to `pending`, so a verification never
//! covers a different company than the one reviewed.
//!
//! Only verified companies see what candidates disclose to them; every change is audited,
//! raises `company.verification_changed` in the same transaction (other subgraphs keep the
//! status in their copies) and mails the requester the outcome.

use super::companies::CompanyActor;
use super::company_rules::CompanyMemberRole;
use super::verification_evidence;
use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use crate::service::identity::mail::Mail;
use crate::service::identity::roles::Language;
use chrono::Utc;
use contracts::events::CompanyVerificationChanged;
use entities::users::{company_member, company_profile, user};
use kit::pages::{OffsetRange, Window};
use kit::{ApiError, ApiResult, Event};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Where a company stands with verification (typed once, in `contracts`: matching reads it
/// from events).
pub use contracts::CompanyVerificationStatus as VerificationStatus;

/// A company's verification as stored; an unknown value reads as unverified.
pub fn verification_of(model: &company_profile::Model) -> VerificationStatus {
    VerificationStatus::of_stored(&model.verification_status)
}

/// What a member submits.
#[derive(Clone, Debug)]
pub struct VerificationRequest {
    pub corporate_number: String,
    pub recruitment_agency: bool,
    pub agency_licence_number: Option<String>,
}

/// A reviewer's decision.
#[derive(Clone, Debug)]
pub enum Review {
    Approve,
    /// Rejects pending evidence, or takes a verification back.
    Reject {
        reason: String,
    },
}

/// A page of the verification queue: the companies, how many are in the asked status, and
/// where the page stands in the queue.
pub struct QueuePage {
    pub companies: Vec<company_profile::Model>,
    pub total: u64,
    pub range: OffsetRange,
}

/// The longest rejection reason kept.
const MAX_REASON_CHARS: usize = 1000;

impl UsersService {
    /// Submits `request` as the evidence of `company_id`; the caller must act for the company
    /// as employer or HR manager, with a verified e-mail on the company's web-site domain.
    pub async fn request_company_verification(
        &self,
        actor: CompanyActor,
        company_id: Uuid,
        request: VerificationRequest,
        origin: &Origin,
    ) -> ApiResult<company_profile::Model> {
        let mut problems = Vec::new();
        let corporate_number = verification_evidence::corporate_number(&request.corporate_number)
            .map_err(|err| problems.push(err))
            .ok();
        let licence = match (&request.agency_licence_number, request.recruitment_agency) {
            (Some(raw), true) => verification_evidence::agency_licence_number(raw)
                .map_err(|err| problems.push(err))
                .ok(),
            (None, true) => {
                problems.push(ApiError::invalid(
                    "agencyLicenceNumber",
                    "is required for a recruitment agency",
                ));
                None
            }
            (Some(_), false) => {
                problems.push(ApiError::invalid(
                    "agencyLicenceNumber",
                    "is only for recruitment agencies (set recruitmentAgency)",
                ));
                None
            }
            (None, false) => None,
        };
        if !problems.is_empty() {
            return Err(ApiError::InvalidFields(
                problems
                    .into_iter()
                    .filter_map(|problem| match problem {
                        ApiError::InvalidInput { field, message } => Some((field, message)),
                        _ => None,
                    })
                    .collect(),
            ));
        }
        let corporate_number = corporate_number.unwrap_or_default();
        let requester = self.live_user(actor.user_id).await?;
        let txn = kit::db::begin_write(self.db()).await?;
        let company = company_profile::Entity::find_by_id(company_id)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("company profile"))?;
        let role = company_member::Entity::find_by_id((company_id, actor.user_id))
            .one(&txn)
            .await?
            .and_then(|member| CompanyMemberRole::parse(&member.role));
        if !role.is_some_and(CompanyMemberRole::manages_members) {
            return Err(ApiError::Forbidden);
        }
        match verification_of(&company) {
            VerificationStatus::Pending => {
                return Err(ApiError::Conflict(
                    "the company's verification is already waiting for review".into(),
                ));
            }
            VerificationStatus::Verified => {
                return Err(ApiError::Conflict("the company is already verified".into()));
            }
            VerificationStatus::Unverified | VerificationStatus::Rejected => {}
        }
        let Some(website) = company.website.as_deref() else {
            return Err(ApiError::invalid(
                "website",
                "must be set on the company profile first: your work e-mail is checked against its domain",
            ));
        };
        if !verification_evidence::email_on_company_domain(&requester.email, website) {
            return Err(ApiError::invalid(
                "email",
                "must be a work e-mail on the domain of the company's web site",
            ));
        }
        let taken = company_profile::Entity::find()
            .filter(company_profile::Column::CorporateNumber.eq(&corporate_number))
            .filter(company_profile::Column::Id.ne(company_id))
            .filter(company_profile::Column::VerificationStatus.is_in([
                VerificationStatus::Pending.as_str(),
                VerificationStatus::Verified.as_str(),
            ]))
            .count(&txn)
            .await?;
        if taken > 0 {
            return Err(ApiError::Conflict(
                "another company profile is verified or under review with this corporate number"
                    .into(),
            ));
        }
        let now = Utc::now();
        let updated = company_profile::Entity::update(company_profile::ActiveModel {
            id: Set(company_id),
            verification_status: Set(VerificationStatus::Pending.as_str().to_owned()),
            corporate_number: Set(Some(corporate_number.clone())),
            recruitment_agency: Set(request.recruitment_agency),
            agency_licence_number: Set(licence.clone()),
            verification_email: Set(Some(requester.email.clone())),
            verification_requested_by: Set(Some(actor.user_id)),
            verification_requested_at: Set(Some(now)),
            verification_reviewed_by: Set(None),
            verification_reviewed_at: Set(None),
            verification_note: Set(None),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            AuditEntry::own("company_verification_requested", actor.user_id).details(
                serde_json::json!({
                    "companyId": company_id,
                    "corporateNumber": corporate_number,
                    "recruitmentAgency": request.recruitment_agency,
                    "agencyLicenceNumber": licence,
                }),
            ),
            origin,
        )
        .await?;
        self.announce_verification(&txn, &updated, actor.user_id)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(updated)
    }

    /// Records `review` of `company_id` by `reviewer` (who holds `companies:manage`).
    pub async fn review_company_verification(
        &self,
        reviewer: Uuid,
        company_id: Uuid,
        review: Review,
        origin: &Origin,
    ) -> ApiResult<company_profile::Model> {
        let reason = match &review {
            Review::Reject { reason } => {
                let reason = reason.trim();
                if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                    return Err(ApiError::invalid(
                        "reason",
                        "must say why, in at most 1,000 characters",
                    ));
                }
                Some(reason.to_owned())
            }
            Review::Approve => None,
        };
        let txn = kit::db::begin_write(self.db()).await?;
        let company = company_profile::Entity::find_by_id(company_id)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or(ApiError::NotFound("company profile"))?;
        let current = verification_of(&company);
        let next = match (&review, current) {
            (Review::Approve, VerificationStatus::Pending) => VerificationStatus::Verified,
            (Review::Reject { .. }, VerificationStatus::Pending | VerificationStatus::Verified) => {
                VerificationStatus::Rejected
            }
            _ => {
                return Err(ApiError::Conflict(format!(
                    "a {} company cannot be {}",
                    current.as_str(),
                    match review {
                        Review::Approve => "approved",
                        Review::Reject { .. } => "rejected",
                    }
                )));
            }
        };
        let now = Utc::now();
        let updated = company_profile::Entity::update(company_profile::ActiveModel {
            id: Set(company_id),
            verification_status: Set(next.as_str().to_owned()),
            verification_reviewed_by: Set(Some(reviewer)),
            verification_reviewed_at: Set(Some(now)),
            verification_note: Set(reason.clone()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            AuditEntry {
                actor_id: Some(reviewer),
                action: match next {
                    VerificationStatus::Verified => "company_verification_approved",
                    _ => "company_verification_rejected",
                },
                target_id: company.verification_requested_by,
                success: true,
                details: serde_json::json!({
                    "companyId": company_id,
                    "from": current.as_str(),
                    "reason": reason,
                }),
            },
            origin,
        )
        .await?;
        self.announce_verification(&txn, &updated, reviewer).await?;
        txn.commit().await?;
        self.outbox().wake();
        self.mail_review_outcome(&updated).await;
        Ok(updated)
    }

    /// The page `window` asks for of the companies in `status`, longest waiting first, and how
    /// many there are (counted first: paging back from the end needs it).
    pub async fn verification_queue(
        &self,
        status: VerificationStatus,
        window: &Window<u64>,
    ) -> ApiResult<QueuePage> {
        let query = company_profile::Entity::find()
            .filter(company_profile::Column::VerificationStatus.eq(status.as_str()));
        let total = query.clone().count(self.db()).await?;
        let range = window.range(total)?;
        let companies = query
            .order_by_asc(company_profile::Column::VerificationRequestedAt)
            .order_by_asc(company_profile::Column::Id)
            .offset(range.offset)
            .limit(range.limit)
            .all(self.db())
            .await?;
        Ok(QueuePage {
            companies,
            total,
            range,
        })
    }

    /// Sends a verified company back to review when `changed` touches who it says it is;
    /// called in the transaction of the profile change.
    pub(super) async fn recheck_verification<C: ConnectionTrait>(
        &self,
        conn: &C,
        company: &company_profile::Model,
        changed: &[&'static str],
        actor: Uuid,
    ) -> ApiResult<Option<company_profile::Model>> {
        const IDENTITY: [&str; 3] = ["name", "nameJa", "website"];
        if verification_of(company) != VerificationStatus::Verified
            || !changed.iter().any(|field| IDENTITY.contains(field))
        {
            return Ok(None);
        }
        let updated = company_profile::Entity::update(company_profile::ActiveModel {
            id: Set(company.id),
            verification_status: Set(VerificationStatus::Pending.as_str().to_owned()),
            verification_requested_at: Set(Some(Utc::now())),
            verification_note: Set(Some(
                "the company changed its name or web site after verification".to_owned(),
            )),
            ..Default::default()
        })
        .exec(conn)
        .await?;
        self.announce_verification(conn, &updated, actor).await?;
        Ok(Some(updated))
    }

    /// Marks a demo company verified with `corporate_number`, as if a reviewer had approved
    /// it (the seed has no reviewer); audited without an actor.
    pub async fn seed_verified(&self, company_id: Uuid, corporate_number: &str) -> ApiResult<()> {
        let corporate_number = verification_evidence::corporate_number(corporate_number)?;
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let updated = company_profile::Entity::update(company_profile::ActiveModel {
            id: Set(company_id),
            verification_status: Set(VerificationStatus::Verified.as_str().to_owned()),
            corporate_number: Set(Some(corporate_number)),
            verification_requested_at: Set(Some(now)),
            verification_reviewed_at: Set(Some(now)),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        audit::record(
            &txn,
            AuditEntry {
                actor_id: None,
                action: "company_verification_approved",
                target_id: None,
                success: true,
                details: serde_json::json!({"companyId": company_id, "seeded": true}),
            },
            &Origin::default(),
        )
        .await?;
        let payload = CompanyVerificationChanged {
            company_id,
            status: verification_of(&updated),
        };
        self.outbox()
            .enqueue(&txn, &Event::of(company_id, &payload)?)
            .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(())
    }

    async fn announce_verification<C: ConnectionTrait>(
        &self,
        conn: &C,
        company: &company_profile::Model,
        actor: Uuid,
    ) -> ApiResult<()> {
        let payload = CompanyVerificationChanged {
            company_id: company.id,
            status: verification_of(company),
        };
        let event = Event::of(company.id, &payload)?.with_actor(Some(actor.to_string()));
        self.outbox().enqueue(conn, &event).await?;
        Ok(())
    }

    /// Tells whoever submitted the evidence how the review went; a failure is logged, the
    /// review stands.
    async fn mail_review_outcome(&self, company: &company_profile::Model) {
        let Some(requester) = company.verification_requested_by else {
            return;
        };
        let Ok(Some(person)) = user::Entity::find_by_id(requester).one(self.db()).await else {
            return;
        };
        let verified = verification_of(company) == VerificationStatus::Verified;
        let reason = company.verification_note.clone().unwrap_or_default();
        let name = &company.name;
        let (subject, body) = match (Language::parse(&person.language), verified) {
            (Some(Language::En), true) => (
                format!("{name} is verified"),
                format!(
                    "Hello {},\n\n{name} is now a verified company: candidates who show interest in its postings share their profile with it.\n",
                    person.first_name
                ),
            ),
            (Some(Language::En), false) => (
                format!("{name} could not be verified"),
                format!(
                    "Hello {},\n\nthe review of {name} did not verify it: {reason}\n\nCorrect the evidence and submit it again.\n",
                    person.first_name
                ),
            ),
            (_, true) => (
                format!("{name} の確認が完了しました / {name} is verified"),
                format!(
                    "{} 様\n\n{name} は確認済みの企業になりました。求人に関心を示した候補者のプロフィールを閲覧できます。\n{name} is now a verified company.\n",
                    person.last_name
                ),
            ),
            (_, false) => (
                format!("{name} を確認できませんでした / {name} could not be verified"),
                format!(
                    "{} 様\n\n{name} の確認は承認されませんでした: {reason}\n内容を修正して再度申請してください。\nThe review did not verify {name}: {reason}\n",
                    person.last_name
                ),
            ),
        };
        let mail = Mail {
            to: person.email,
            subject,
            body,
        };
        if let Err(err) = self.mailer().send(mail).await {
            tracing::warn!(company = %company.id, error = %err.report(), "verification outcome not mailed");
        }
    }
}
