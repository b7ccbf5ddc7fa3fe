//! Company invitations by e-mail: invite, resend and revoke (the company's employers and HR
//! managers, and administrators), list (the company's members), look one up and accept it with
//! the mailed token (the invitee, with or without an account). The rules live in
//! `service/profiles/company_invitations.rs`.

use super::company_profile::{Company, CompanyMember};
use super::loaders::CompanyProfileLoader;
use crate::schema::User;
use crate::schema::loaders::UserLoader;
use crate::schema::request::{origin, signed_in};
use crate::service::{
    CompanyActor, CompanyMemberRole, InvitationStatus, InvitedAccount, Language, UsersService,
    invitation_status,
};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::company_invitation;
use kit::auth::{Caller, CallerOf};

/// An invitation to join a company, as its members and administrators see it.
pub struct CompanyInvitation(pub(super) company_invitation::Model);

/// An invitation to join a company, as its members and administrators see it.
#[Object]
impl CompanyInvitation {
    /// The invitation's id, for `resendCompanyInvitation` and `revokeCompanyInvitation`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The invited address, as typed.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// The member role accepting gives.
    async fn role(&self) -> Option<CompanyMemberRole> {
        CompanyMemberRole::parse(&self.0.role)
    }

    /// Where the invitation stands.
    async fn status(&self) -> InvitationStatus {
        invitation_status(&self.0, Utc::now())
    }

    /// The company the invitation is to.
    async fn company(&self, ctx: &Context<'_>) -> Result<Option<Company>> {
        let loader = ctx.data::<DataLoader<CompanyProfileLoader>>()?;
        Ok(loader.load_one(self.0.company_id).await?.map(Company::from))
    }

    /// Who sent it.
    async fn invited_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let loader = ctx.data::<DataLoader<UserLoader>>()?;
        Ok(loader.load_one(self.0.invited_by).await?.map(User::public))
    }

    /// Mails sent, the first included (at most 5).
    async fn sent_count(&self) -> i32 {
        self.0.sent_count
    }

    /// When the invitation was first sent.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When the invitation was last mailed.
    async fn last_sent_at(&self) -> DateTime<Utc> {
        self.0.last_sent_at
    }

    /// Seven days after the last mail.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    /// When the invitee accepted; null until then.
    async fn accepted_at(&self) -> Option<DateTime<Utc>> {
        self.0.accepted_at
    }

    /// The account that accepted.
    async fn accepted_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(id) = self.0.accepted_by else {
            return Ok(None);
        };
        let loader = ctx.data::<DataLoader<UserLoader>>()?;
        Ok(loader.load_one(id).await?.map(User::public))
    }

    /// When the invitation was revoked; null unless it was.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// What the mailed link opens, for the page that offers to accept: enough to say who invites
/// whom and whether to sign in or create an account.
#[derive(SimpleObject)]
pub struct InvitationPreview {
    /// The inviting company's name.
    pub company_name: String,
    /// The company's Japanese trade name, if it has one.
    pub company_name_ja: Option<String>,
    /// The invited address (the link's holder received it there).
    pub email: String,
    /// The member role accepting gives.
    pub role: Option<CompanyMemberRole>,
    /// Whether the invitation can still be accepted (`PENDING`).
    pub status: InvitationStatus,
    /// When the link stops working: seven days after the last mail.
    pub expires_at: DateTime<Utc>,
    /// Whether an account with the invited address exists: then sign in as it to accept;
    /// otherwise pass `account` to `acceptCompanyInvitation`.
    pub account_exists: bool,
}

/// The account an invitee without one creates when accepting; the address is the invited
/// one, verified by the link, and the account role follows the member role.
#[derive(InputObject)]
pub struct InvitedAccountInput {
    /// 12 to 128 characters.
    pub password: String,
    /// Given name; at most 100 characters.
    pub first_name: String,
    /// Family name; at most 100 characters.
    pub last_name: String,
    /// Kana only (hiragana or katakana).
    pub first_name_kana: Option<String>,
    /// Reading of the family name; kana only (hiragana or katakana).
    pub last_name_kana: Option<String>,
    /// The language of the interface and of mail; `JA` by default.
    #[graphql(default)]
    pub language: Language,
    /// Must be true: the privacy policy is accepted with the account.
    pub privacy_consent: bool,
    /// Whether the invitee agrees to receive marketing mail; false by default.
    #[graphql(default)]
    pub marketing_consent: bool,
}

/// An accepted invitation: the new membership and the account that holds it.
#[derive(SimpleObject)]
pub struct AcceptedInvitation {
    /// The new membership: the company and the member role.
    pub member: CompanyMember,
    /// The account (new or existing) now acting for the company; sign in as it.
    pub user: User,
}

fn actor(ctx: &Context<'_>) -> Result<CompanyActor> {
    let caller = signed_in(ctx)?;
    Ok(CompanyActor {
        user_id: caller.user_id,
        manages_companies: caller.has_permission(Permission::CompaniesManage),
    })
}

#[derive(Default)]
pub struct CompanyInvitationQueries;

#[Object]
impl CompanyInvitationQueries {
    /// The company's 200 newest invitations, newest first: for its members and administrators.
    /// `Company.invitationConnection` pages through every one.
    async fn company_invitations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] company_id: ID,
        #[graphql(
            desc = "Only invitations in this status, among the company's 200 newest; all of those \
                    when omitted."
        )]
        status: Option<InvitationStatus>,
    ) -> Result<Vec<CompanyInvitation>> {
        let company_id = kit::ids::parse_id(&company_id, "companyId")?;
        let service = ctx.data::<UsersService>()?;
        let now = Utc::now();
        Ok(service
            .company_invitations(actor(ctx)?, company_id)
            .await?
            .into_iter()
            .filter(|found| status.is_none_or(|wanted| invitation_status(found, now) == wanted))
            .map(CompanyInvitation)
            .collect())
    }

    /// What a mailed invitation `token` opens; anyone holding the token may read it.
    /// An unknown token is `BAD_USER_INPUT` (`token`).
    async fn invitation_preview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The secret the invitation mail's link carries.")] token: String,
    ) -> Result<InvitationPreview> {
        let service = ctx.data::<UsersService>()?;
        let (invitation, account_exists) = service.invitation_by_token(&token).await?;
        let company = service
            .company_profile(invitation.company_id)
            .await?
            .ok_or(kit::ApiError::NotFound("company profile"))?;
        Ok(InvitationPreview {
            company_name: company.name,
            company_name_ja: company.name_ja,
            email: invitation.email.clone(),
            role: CompanyMemberRole::parse(&invitation.role),
            status: invitation_status(&invitation, Utc::now()),
            expires_at: invitation.expires_at,
            account_exists,
        })
    }
}

#[derive(Default)]
pub struct CompanyInvitationMutations;

#[Object]
impl CompanyInvitationMutations {
    /// Invites an address to the company as `role` and mails it a link (valid seven days,
    /// once). For the company's employers and HR managers and administrators; an address that
    /// is a member already, or has an open invitation, is `CONFLICT`.
    async fn invite_company_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company's id.")] company_id: ID,
        #[graphql(desc = "The address to invite; at most 254 characters.")] email: String,
        #[graphql(desc = "The member role accepting gives.")] role: CompanyMemberRole,
    ) -> Result<CompanyInvitation> {
        let company_id = kit::ids::parse_id(&company_id, "companyId")?;
        let service = ctx.data::<UsersService>()?;
        let invitation = service
            .invite_company_member(actor(ctx)?, company_id, &email, role, &origin(ctx))
            .await?;
        Ok(CompanyInvitation(invitation))
    }

    /// Mails the invitation again with a new link (the old one stops working) and seven more
    /// days; at most once a minute (`RATE_LIMITED`) and five mails in all.
    async fn resend_company_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation's id; it must be pending or expired.")] id: ID,
    ) -> Result<CompanyInvitation> {
        let id = kit::ids::parse_id(&id, "id")?;
        let service = ctx.data::<UsersService>()?;
        let invitation = service
            .resend_company_invitation(actor(ctx)?, id, &origin(ctx))
            .await?;
        Ok(CompanyInvitation(invitation))
    }

    /// Revokes an invitation not yet accepted: its link stops working.
    async fn revoke_company_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The invitation's id; it must be neither accepted nor revoked.")] id: ID,
    ) -> Result<CompanyInvitation> {
        let id = kit::ids::parse_id(&id, "id")?;
        let service = ctx.data::<UsersService>()?;
        let invitation = service
            .revoke_company_invitation(actor(ctx)?, id, &origin(ctx))
            .await?;
        Ok(CompanyInvitation(invitation))
    }

    /// Joins the company with the mailed `token`. Signed in, the account must have the invited
    /// address (else `FORBIDDEN`) and a company role. With nobody signed in, `account` creates
    /// the invitee's account for the invited address (verified by the link); if the address
    /// has an account already, sign in first (`UNAUTHENTICATED`). A used, revoked or expired
    /// token is refused.
    async fn accept_company_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The secret the invitation mail's link carries.")] token: String,
        #[graphql(
            desc = "The account to create, only with nobody signed in and no account for the \
                    invited address; omit it when signed in."
        )]
        account: Option<InvitedAccountInput>,
    ) -> Result<AcceptedInvitation> {
        let caller = match Caller::of(ctx) {
            Caller::User(caller) => Some(caller.user_id),
            Caller::Anonymous => None,
        };
        let account = account.map(|input| InvitedAccount {
            password: input.password,
            first_name: input.first_name,
            last_name: input.last_name,
            first_name_kana: input.first_name_kana,
            last_name_kana: input.last_name_kana,
            language: input.language,
            privacy_consent: input.privacy_consent,
            marketing_consent: input.marketing_consent,
        });
        let service = ctx.data::<UsersService>()?;
        let (invitation, user) = service
            .accept_company_invitation(caller, &token, account, &origin(ctx))
            .await?;
        let member = service
            .company_member(invitation.company_id, user.id)
            .await?
            .ok_or(kit::ApiError::NotFound("membership"))?;
        Ok(AcceptedInvitation {
            member: CompanyMember(member),
            user: User::disclosed(user),
        })
    }
}
