//! Company invitations by e-mail, so a colleague joins without anyone knowing their user id.
//!
//! - Members acting as employer or HR manager, and administrators, invite an address with a
//!   member role; the address gets a link with a single-use secret (256 bits, stored as
//!   SHA-256) valid for seven days. One open invitation per company and address; at most
//!   [`MAX_OPEN`] open per company.
//! - They may resend it (a new secret replaces the old one and the seven days start again; at
//!   most one mail a minute and [`MAX_SENDS`] in all) or revoke it.
//! - The invitee accepts with the secret: signed in as the invited address, or, with no
//!   account yet, by creating one from the invitation (the secret proves the mailbox, so the
//!   address is verified at once). Accepting adds the membership as `addCompanyMember` does
//!   (audited, `company.member_added`), so postings and matches follow.
//!
//! Every step is audited (`company_invitation_sent`, `_resent`, `_revoked`, `_accepted`).

use super::companies::CompanyActor;
use super::company_rules::CompanyMemberRole;
use crate::service::UsersService;
use crate::service::identity::audit::{self, AuditEntry, Origin};
use crate::service::identity::mail::Mail;
use crate::service::identity::rbac;
use crate::service::identity::sessions::{random_token, token_hash};
use crate::service::validation::{email_problem, normalize_email};
use crate::service::{Language, Registration, Role};
use chrono::{DateTime, Duration, Utc};
use entities::users::{company_invitation, company_profile, user};
use kit::{ApiError, ApiResult};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

/// How long a mailed invitation may be accepted.
pub const LIFETIME: Duration = Duration::days(7);
/// Open invitations a company may have at once.
pub const MAX_OPEN: u64 = 100;
/// Mails per invitation, the first included.
pub const MAX_SENDS: i32 = 5;
/// The least time between two mails of one invitation.
const RESEND_INTERVAL: Duration = Duration::seconds(60);

/// Where an invitation stands.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum InvitationStatus {
    /// Sent, not yet accepted, revoked or expired.
    Pending,
    /// The invitee joined the company; the link no longer works.
    Accepted,
    /// Revoked by the company; the link no longer works.
    Revoked,
    /// Seven days passed; resending opens it again.
    Expired,
}

pub fn status_of(invitation: &company_invitation::Model, now: DateTime<Utc>) -> InvitationStatus {
    if invitation.accepted_at.is_some() {
        InvitationStatus::Accepted
    } else if invitation.revoked_at.is_some() {
        InvitationStatus::Revoked
    } else if invitation.expires_at <= now {
        InvitationStatus::Expired
    } else {
        InvitationStatus::Pending
    }
}

/// The account an invitee without one creates when accepting.
#[derive(Clone, Debug)]
pub struct InvitedAccount {
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub first_name_kana: Option<String>,
    pub last_name_kana: Option<String>,
    pub language: Language,
    pub privacy_consent: bool,
    pub marketing_consent: bool,
}

/// The account role that goes with a member role, for accounts created from an invitation.
fn account_role(role: CompanyMemberRole) -> Role {
    match role {
        CompanyMemberRole::Employer => Role::Employer,
        CompanyMemberRole::Recruiter => Role::Recruiter,
        CompanyMemberRole::HrManager => Role::HrManager,
    }
}

fn invalid_token() -> ApiError {
    ApiError::invalid("token", "is not a valid invitation")
}

impl UsersService {
    /// Whether `actor` may invite, resend and revoke for `company_id`.
    async fn manages_members(&self, actor: CompanyActor, company_id: Uuid) -> ApiResult<()> {
        let role = self
            .membership(company_id, actor.user_id)
            .await?
            .and_then(|member| CompanyMemberRole::parse(&member.role));
        if role.is_some_and(CompanyMemberRole::manages_members) || actor.manages_companies {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// Invites `email` to the company as `role` and mails the link.
    pub async fn invite_company_member(
        &self,
        actor: CompanyActor,
        company_id: Uuid,
        email: &str,
        role: CompanyMemberRole,
        origin: &Origin,
    ) -> ApiResult<company_invitation::Model> {
        if let Some(problem) = email_problem(email) {
            return Err(ApiError::invalid("email", problem));
        }
        let company = self
            .company_profile(company_id)
            .await?
            .ok_or(ApiError::NotFound("company profile"))?;
        self.manages_members(actor, company_id).await?;
        let normalized = normalize_email(email);
        let account = self.account_at(&normalized).await?;
        if let Some(account) = &account
            && self.membership(company_id, account.id).await?.is_some()
        {
            return Err(ApiError::Conflict(
                "this address belongs to a member of the company already".into(),
            ));
        }
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        // The company row is locked so two concurrent invitations of one address (or past
        // the limit) cannot both pass the checks below.
        company_profile::Entity::find_by_id(company_id)
            .lock_exclusive()
            .one(&txn)
            .await?;
        let open = || {
            company_invitation::Entity::find()
                .filter(company_invitation::Column::CompanyId.eq(company_id))
                .filter(company_invitation::Column::AcceptedAt.is_null())
                .filter(company_invitation::Column::RevokedAt.is_null())
                .filter(company_invitation::Column::ExpiresAt.gt(now))
        };
        if open()
            .filter(company_invitation::Column::EmailNormalized.eq(&normalized))
            .count(&txn)
            .await?
            > 0
        {
            return Err(ApiError::Conflict(
                "this address has an open invitation: resend it instead".into(),
            ));
        }
        if open().count(&txn).await? >= MAX_OPEN {
            return Err(ApiError::Conflict(format!(
                "the company has {MAX_OPEN} open invitations: revoke some first"
            )));
        }
        let secret = random_token();
        let invitation = company_invitation::Entity::insert(company_invitation::ActiveModel {
            id: Set(kit::ids::new_id()),
            company_id: Set(company_id),
            email: Set(email.trim().to_owned()),
            email_normalized: Set(normalized),
            role: Set(role.as_str().to_owned()),
            token_hash: Set(token_hash(&secret)),
            invited_by: Set(actor.user_id),
            sent_count: Set(1),
            created_at: Set(now),
            last_sent_at: Set(now),
            expires_at: Set(now + LIFETIME),
            accepted_at: Set(None),
            accepted_by: Set(None),
            revoked_at: Set(None),
            revoked_by: Set(None),
        })
        .exec_with_returning(&txn)
        .await?;
        self.audit_invitation(
            &txn,
            actor.user_id,
            "company_invitation_sent",
            &invitation,
            origin,
        )
        .await?;
        txn.commit().await?;
        self.mail_invitation(&invitation, &company, account.as_ref(), &secret)
            .await;
        Ok(invitation)
    }

    /// Mails the invitation again with a new secret; the old link stops working.
    pub async fn resend_company_invitation(
        &self,
        actor: CompanyActor,
        id: Uuid,
        origin: &Origin,
    ) -> ApiResult<company_invitation::Model> {
        let found = self.invitation(id).await?;
        self.manages_members(actor, found.company_id).await?;
        let now = Utc::now();
        match status_of(&found, now) {
            InvitationStatus::Pending | InvitationStatus::Expired => {}
            status => {
                return Err(ApiError::Conflict(format!(
                    "the invitation is {}",
                    if status == InvitationStatus::Accepted {
                        "accepted"
                    } else {
                        "revoked"
                    }
                )));
            }
        }
        let wait = found.last_sent_at + RESEND_INTERVAL - now;
        if wait > Duration::zero() {
            return Err(ApiError::RateLimited {
                retry_after_secs: wait.num_seconds().max(1) as u64,
            });
        }
        if found.sent_count >= MAX_SENDS {
            return Err(ApiError::Conflict(format!(
                "the invitation was mailed {MAX_SENDS} times: revoke it and invite again"
            )));
        }
        let secret = random_token();
        let txn = kit::db::begin_write(self.db()).await?;
        // Conditional on the count read, so two concurrent resends mail once.
        let updated = company_invitation::Entity::update_many()
            .col_expr(
                company_invitation::Column::TokenHash,
                token_hash(&secret).into(),
            )
            .col_expr(
                company_invitation::Column::SentCount,
                (found.sent_count + 1).into(),
            )
            .col_expr(company_invitation::Column::LastSentAt, now.into())
            .col_expr(
                company_invitation::Column::ExpiresAt,
                (now + LIFETIME).into(),
            )
            .filter(company_invitation::Column::Id.eq(id))
            .filter(company_invitation::Column::SentCount.eq(found.sent_count))
            .filter(company_invitation::Column::AcceptedAt.is_null())
            .filter(company_invitation::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(ApiError::Conflict(
                "the invitation changed meanwhile: read it again".into(),
            ));
        }
        let invitation = self.invitation_in(&txn, id).await?;
        self.audit_invitation(
            &txn,
            actor.user_id,
            "company_invitation_resent",
            &invitation,
            origin,
        )
        .await?;
        txn.commit().await?;
        let company = self
            .company_profile(invitation.company_id)
            .await?
            .ok_or(ApiError::NotFound("company profile"))?;
        let account = self.account_at(&invitation.email_normalized).await?;
        self.mail_invitation(&invitation, &company, account.as_ref(), &secret)
            .await;
        Ok(invitation)
    }

    /// Revokes an open (or expired) invitation: its link stops working.
    pub async fn revoke_company_invitation(
        &self,
        actor: CompanyActor,
        id: Uuid,
        origin: &Origin,
    ) -> ApiResult<company_invitation::Model> {
        let found = self.invitation(id).await?;
        self.manages_members(actor, found.company_id).await?;
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let updated = company_invitation::Entity::update_many()
            .col_expr(company_invitation::Column::RevokedAt, now.into())
            .col_expr(
                company_invitation::Column::RevokedBy,
                Some(actor.user_id).into(),
            )
            .filter(company_invitation::Column::Id.eq(id))
            .filter(company_invitation::Column::AcceptedAt.is_null())
            .filter(company_invitation::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(ApiError::Conflict(
                "the invitation is accepted or revoked already".into(),
            ));
        }
        let invitation = self.invitation_in(&txn, id).await?;
        self.audit_invitation(
            &txn,
            actor.user_id,
            "company_invitation_revoked",
            &invitation,
            origin,
        )
        .await?;
        txn.commit().await?;
        Ok(invitation)
    }

    /// The company's invitations, newest first, for its members and administrators.
    pub async fn company_invitations(
        &self,
        actor: CompanyActor,
        company_id: Uuid,
    ) -> ApiResult<Vec<company_invitation::Model>> {
        let member = self.membership(company_id, actor.user_id).await?.is_some();
        if !member && !actor.manages_companies {
            return Err(ApiError::Forbidden);
        }
        Ok(company_invitation::Entity::find()
            .filter(company_invitation::Column::CompanyId.eq(company_id))
            .order_by_desc(company_invitation::Column::CreatedAt)
            .limit(MAX_OPEN * 2)
            .all(self.db())
            .await?)
    }

    /// The invitation the mailed `token` opens, for the page that shows it before accepting.
    pub async fn invitation_by_token(
        &self,
        token: &str,
    ) -> ApiResult<(company_invitation::Model, bool)> {
        let invitation = self.invitation_with_token(token).await?;
        let account_exists = self
            .account_at(&invitation.email_normalized)
            .await?
            .is_some();
        Ok((invitation, account_exists))
    }

    /// Accepts the invitation: as the signed-in `caller` (whose address it must be), or, with
    /// nobody signed in, by creating `account` for the invited address.
    pub async fn accept_company_invitation(
        &self,
        caller: Option<Uuid>,
        token: &str,
        account: Option<InvitedAccount>,
        origin: &Origin,
    ) -> ApiResult<(company_invitation::Model, user::Model)> {
        let invitation = self.invitation_with_token(token).await?;
        match status_of(&invitation, Utc::now()) {
            InvitationStatus::Pending => {}
            InvitationStatus::Accepted => {
                return Err(ApiError::Conflict(
                    "the invitation is accepted already".into(),
                ));
            }
            InvitationStatus::Revoked => {
                return Err(ApiError::invalid("token", "was revoked by the company"));
            }
            InvitationStatus::Expired => {
                return Err(ApiError::invalid(
                    "token",
                    "has expired: ask the company to send it again",
                ));
            }
        }
        let role = CompanyMemberRole::parse(&invitation.role)
            .ok_or_else(|| ApiError::defect("an invitation with an unknown role"))?;
        let member = match (caller, account) {
            (Some(_), Some(_)) => {
                return Err(ApiError::invalid(
                    "account",
                    "is for invitees without an account: you are signed in",
                ));
            }
            (Some(user_id), None) => {
                let member = self.live_user(user_id).await?;
                if member.email_normalized != invitation.email_normalized {
                    return Err(ApiError::Coded {
                        code: contracts::ErrorCode::Forbidden,
                        message: "this invitation is for another e-mail address".into(),
                    });
                }
                let roles = rbac::roles_of(self.db(), member.id).await?;
                if !roles
                    .iter()
                    .any(|role| CompanyMemberRole::parse(role).is_some())
                {
                    return Err(ApiError::Coded {
                        code: contracts::ErrorCode::Forbidden,
                        message: "a candidate account cannot join a company: accept with a \
                                  work account"
                            .into(),
                    });
                }
                member
            }
            (None, Some(account)) => {
                self.create_invited_account(&invitation, role, account, origin)
                    .await?
            }
            (None, None) => {
                let exists = self
                    .account_at(&invitation.email_normalized)
                    .await?
                    .is_some();
                return Err(if exists {
                    ApiError::Unauthenticated
                } else {
                    ApiError::invalid("account", "is required to join without an account")
                });
            }
        };
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        // Conditional on the invitation still being open: accepted once, even under races.
        let taken = company_invitation::Entity::update_many()
            .col_expr(company_invitation::Column::AcceptedAt, Some(now).into())
            .col_expr(
                company_invitation::Column::AcceptedBy,
                Some(member.id).into(),
            )
            .filter(company_invitation::Column::Id.eq(invitation.id))
            .filter(company_invitation::Column::AcceptedAt.is_null())
            .filter(company_invitation::Column::RevokedAt.is_null())
            .filter(company_invitation::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?;
        if taken.rows_affected == 0 {
            return Err(ApiError::Conflict(
                "the invitation is no longer open".into(),
            ));
        }
        self.insert_member(
            &txn,
            invitation.invited_by,
            invitation.company_id,
            member.id,
            role,
            origin,
        )
        .await?;
        let accepted = self.invitation_in(&txn, invitation.id).await?;
        self.audit_invitation(
            &txn,
            member.id,
            "company_invitation_accepted",
            &accepted,
            origin,
        )
        .await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok((accepted, member))
    }

    /// Creates the invitee's account: verified (the secret came through the mailbox) and
    /// active, with the account role of the member role.
    async fn create_invited_account(
        &self,
        invitation: &company_invitation::Model,
        role: CompanyMemberRole,
        account: InvitedAccount,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        let registration = Registration {
            email: invitation.email.clone(),
            password: account.password,
            first_name: account.first_name,
            last_name: account.last_name,
            first_name_kana: account.first_name_kana,
            last_name_kana: account.last_name_kana,
            role: account_role(role),
            language: account.language,
            privacy_consent: account.privacy_consent,
            marketing_consent: account.marketing_consent,
        };
        let created = self
            .create_granted_account(registration)
            .await
            .map_err(|err| match err {
                ApiError::InvalidInput { field, .. } if field == "email" => {
                    // Someone created it meanwhile: they sign in to accept.
                    ApiError::Unauthenticated
                }
                err => err,
            })?;
        let txn = kit::db::begin_write(self.db()).await?;
        let verified = self.mark_email_verified(&txn, created, origin).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(verified)
    }

    /// The account with the (normalised) address, if any.
    async fn account_at(&self, email_normalized: &str) -> ApiResult<Option<user::Model>> {
        Ok(user::Entity::find()
            .filter(user::Column::EmailNormalized.eq(email_normalized))
            .one(self.db())
            .await?)
    }

    async fn invitation(&self, id: Uuid) -> ApiResult<company_invitation::Model> {
        self.invitation_in(self.db(), id).await
    }

    async fn invitation_in<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        id: Uuid,
    ) -> ApiResult<company_invitation::Model> {
        company_invitation::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(ApiError::NotFound("invitation"))
    }

    async fn invitation_with_token(&self, token: &str) -> ApiResult<company_invitation::Model> {
        // A secret is 43 characters of base64url; anything far longer is not one.
        if token.is_empty() || token.len() > 128 {
            return Err(invalid_token());
        }
        company_invitation::Entity::find()
            .filter(company_invitation::Column::TokenHash.eq(token_hash(token.trim())))
            .one(self.db())
            .await?
            .ok_or_else(invalid_token)
    }

    async fn audit_invitation<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        actor: Uuid,
        action: &'static str,
        invitation: &company_invitation::Model,
        origin: &Origin,
    ) -> ApiResult<()> {
        audit::record(
            conn,
            AuditEntry {
                actor_id: Some(actor),
                action,
                target_id: Some(invitation.id),
                success: true,
                details: serde_json::json!({
                    "companyId": invitation.company_id,
                    "email": invitation.email,
                    "role": invitation.role,
                }),
            },
            origin,
        )
        .await
    }

    /// Mails the link, in the invitee's language when they have an account, else in Japanese
    /// and English. A failed mail is logged; the inviter may resend.
    async fn mail_invitation(
        &self,
        invitation: &company_invitation::Model,
        company: &company_profile::Model,
        account: Option<&user::Model>,
        secret: &str,
    ) {
        let link = self.links().accept_invitation(secret);
        let name_ja = company
            .name_ja
            .clone()
            .unwrap_or_else(|| company.name.clone());
        let expires = invitation.expires_at.format("%Y-%m-%d %H:%M UTC");
        let english = format!(
            "You are invited to join {} on iworkz as {}.\n\nAccept the invitation with this link (valid until {expires}, once); if you have no account yet, you create one there with this address:\n{link}\n\nIf you did not expect this invitation, ignore this mail.\n",
            company.name,
            invitation.role.replace('_', " "),
        );
        let (subject, body) = match account.and_then(|account| Language::parse(&account.language)) {
            Some(Language::En) => (format!("Join {} on iworkz", company.name), english),
            _ => (
                format!("{name_ja} への招待 / Join {} on iworkz", company.name),
                format!(
                    "{name_ja} から iworkz への招待が届いています（役割: {}）。\n\n次のリンクから招待を承諾してください（{expires} まで・1回限り有効）。アカウントがない場合は、このメールアドレスでその場で作成できます:\n{link}\n\n心当たりがない場合は、このメールを無視してください。\n\n{english}",
                    invitation.role.replace('_', " "),
                ),
            ),
        };
        let sent = self
            .mailer()
            .send(Mail {
                to: invitation.email.clone(),
                subject,
                body,
            })
            .await;
        if let Err(err) = sent {
            tracing::error!(invitation = %invitation.id, error = ?err, "invitation mail failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation(now: DateTime<Utc>) -> company_invitation::Model {
        company_invitation::Model {
            id: Uuid::nil(),
            company_id: Uuid::nil(),
            email: "a@b.jp".into(),
            email_normalized: "a@b.jp".into(),
            role: "recruiter".into(),
            token_hash: String::new(),
            invited_by: Uuid::nil(),
            sent_count: 1,
            created_at: now,
            last_sent_at: now,
            expires_at: now + LIFETIME,
            accepted_at: None,
            accepted_by: None,
            revoked_at: None,
            revoked_by: None,
        }
    }

    #[test]
    fn an_invitation_is_pending_until_accepted_revoked_or_past_its_week() {
        let now = Utc::now();
        let open = invitation(now);
        assert_eq!(status_of(&open, now), InvitationStatus::Pending);
        assert_eq!(status_of(&open, now + LIFETIME), InvitationStatus::Expired);
        let accepted = company_invitation::Model {
            accepted_at: Some(now),
            ..open.clone()
        };
        assert_eq!(status_of(&accepted, now), InvitationStatus::Accepted);
        let revoked = company_invitation::Model {
            revoked_at: Some(now),
            ..open
        };
        assert_eq!(status_of(&revoked, now), InvitationStatus::Revoked);
    }
}
