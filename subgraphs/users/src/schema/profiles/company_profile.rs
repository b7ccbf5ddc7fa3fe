//! The `Company` entity (its profile and members; the jobs subgraph adds its postings).
//!
//! A company's profile is public: it is how the company presents itself to candidates. Who
//! acts for it is not: `members` is shown to the company's own members and to holders of
//! `users:read`; others get a `FORBIDDEN` error.

use super::company_invitation_pages::{InvitationConnection, invitation_connection};
use super::company_members::{MemberConnection, member_connection};
use super::loaders::{CompanyMembersLoader, CompanyProfileLoader};
use crate::schema::User;
use crate::schema::loaders::UserLoader;
use crate::service::{
    CompanyData, CompanyMemberRole, CompanySize, InvitationStatus, VerificationStatus,
    company_profile_data, email_on_company_domain, verification_of,
};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::{company_member, company_profile};
use kit::auth::{Caller, CallerOf};
use kit::pages::PageArgs;
use uuid::Uuid;

/// A company: its public profile and the people acting for it (the jobs subgraph adds its
/// postings).
pub struct Company {
    id: Uuid,
    data: CompanyData,
    model: company_profile::Model,
}

impl From<company_profile::Model> for Company {
    fn from(model: company_profile::Model) -> Self {
        Self {
            id: model.id,
            data: company_profile_data(&model),
            model,
        }
    }
}

impl Company {
    /// Whether the caller acts for this company or administers companies.
    async fn member_or_admin(&self, ctx: &Context<'_>, admin: Permission) -> Result<bool> {
        let Caller::User(caller) = Caller::of(ctx) else {
            return Ok(false);
        };
        if caller.has_permission(admin) {
            return Ok(true);
        }
        let loader = ctx.data::<DataLoader<CompanyMembersLoader>>()?;
        let members = loader.load_one(self.id).await?.unwrap_or_default();
        Ok(members
            .iter()
            .any(|member| member.user_id == caller.user_id))
    }
}

/// A company: its public profile, the people acting for it and whether it is verified. The
/// profile is public; `members` and `verification` are not.
#[Object]
impl Company {
    /// The company's id.
    pub(crate) async fn id(&self) -> ID {
        ID(self.id.to_string())
    }

    /// The company's name as it presents itself.
    async fn name(&self) -> &str {
        &self.data.name
    }

    /// The Japanese trade name, e.g. `株式会社さくらシステムズ`.
    async fn name_ja(&self) -> Option<&str> {
        self.data.name_ja.as_deref()
    }

    /// Reading of the name in kana.
    async fn name_kana(&self) -> Option<&str> {
        self.data.name_kana.as_deref()
    }

    /// The industry the company works in, e.g. `fintech`.
    async fn industry(&self) -> Option<&str> {
        self.data.industry.as_deref()
    }

    /// The headcount band.
    async fn size(&self) -> Option<CompanySize> {
        self.data.size
    }

    /// ISO 3166-1 alpha-2 code.
    async fn headquarters_country(&self) -> Option<&str> {
        self.data.headquarters_country.as_deref()
    }

    /// The city of the headquarters.
    async fn headquarters_city(&self) -> Option<&str> {
        self.data.headquarters_city.as_deref()
    }

    /// The description in English.
    async fn description(&self) -> Option<&str> {
        self.data.description.as_deref()
    }

    /// The description in Japanese.
    async fn description_ja(&self) -> Option<&str> {
        self.data.description_ja.as_deref()
    }

    /// The company's web site (http or https).
    async fn website(&self) -> Option<&str> {
        self.data.website.as_deref()
    }

    /// How many people work for the company.
    async fn total_employees(&self) -> Option<i32> {
        self.data.total_employees
    }

    /// Employees who are not Japanese nationals.
    async fn international_employees(&self) -> Option<i32> {
        self.data.international_employees
    }

    /// Whether the company sponsors visas; `supportedVisaTypes` says which.
    async fn visa_sponsorship(&self) -> bool {
        self.data.visa_sponsorship
    }

    /// Statuses of residence the company sponsors, e.g. `engineer_humanities_international`.
    async fn supported_visa_types(&self) -> Vec<contracts::StatusOfResidence> {
        let codes = self.data.supported_visa_types.iter();
        codes
            .filter_map(|code| contracts::StatusOfResidence::parse(code))
            .collect()
    }

    /// What the company offers besides pay, e.g. `housing allowance`.
    async fn benefits(&self) -> &[String] {
        &self.data.benefits
    }

    /// The people acting for the company, oldest first, all at once. Visible to its members
    /// and to `users:read` holders; null to other signed-in callers. `memberConnection` pages
    /// them, for companies with many.
    async fn members(&self, ctx: &Context<'_>) -> Result<Option<Vec<CompanyMember>>> {
        let loader = ctx.data::<DataLoader<CompanyMembersLoader>>()?;
        let members = loader.load_one(self.id).await?.unwrap_or_default();
        let allowed = match Caller::of(ctx) {
            Caller::User(caller) => {
                caller.has_permission(Permission::UsersRead)
                    || members
                        .iter()
                        .any(|member| member.user_id == caller.user_id)
            }
            Caller::Anonymous => false,
        };
        if !allowed {
            return Ok(kit::auth::hidden(ctx)?);
        }
        Ok(Some(members.into_iter().map(CompanyMember).collect()))
    }

    /// The people acting for the company, oldest member first, as a cursor connection with
    /// `totalCount`: `first` (≤ 100, default 20) after `after`, or back with `last` before
    /// `before`. Visible to its members and to `users:read` holders; null to other signed-in
    /// callers.
    async fn member_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 0 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "The `cursor` of the last edge already received.")] after: Option<String>,
        #[graphql(
            desc = "How many to return from the end of the list (or before `before`): 0 to \
                    100, default 20. Not with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received; the page ends before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only members in these roles; all when omitted or empty.")] roles: Option<
            Vec<CompanyMemberRole>,
        >,
    ) -> Result<Option<MemberConnection>> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        member_connection(ctx, self.id, args, roles).await
    }

    /// Every invitation the company sent, newest first, as a cursor connection with
    /// `totalCount`: `first` (≤ 100, default 20) after `after`, or back with `last` before
    /// `before`. Visible to its members and to `companies:manage` holders; null to other
    /// signed-in callers.
    async fn invitation_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return: 0 to 100, default 20.")] first: Option<i32>,
        #[graphql(desc = "The `cursor` of the last edge already received.")] after: Option<String>,
        #[graphql(
            desc = "How many to return from the end of the list (or before `before`): 0 to \
                    100, default 20. Not with `first` or `after`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of the first edge already received; the page ends before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only invitations in this status; all when omitted.")] status: Option<
            InvitationStatus,
        >,
    ) -> Result<Option<InvitationConnection>> {
        let args = PageArgs {
            first,
            after,
            last,
            before,
        };
        invitation_connection(ctx, self.id, args, status).await
    }

    /// Whether a reviewer has verified who the company is. Only verified companies see what
    /// candidates disclose to them.
    async fn verification_status(&self) -> VerificationStatus {
        verification_of(&self.model)
    }

    /// When the company was verified; null unless `VERIFIED`.
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        (verification_of(&self.model) == VerificationStatus::Verified)
            .then_some(self.model.verification_reviewed_at)
            .flatten()
    }

    /// The evidence submitted and the review's outcome. Visible to the company's members and
    /// to `companies:manage` holders (reviewers); null to other signed-in callers.
    async fn verification(&self, ctx: &Context<'_>) -> Result<Option<CompanyVerification>> {
        if !self
            .member_or_admin(ctx, Permission::CompaniesManage)
            .await?
        {
            return Ok(kit::auth::hidden(ctx)?);
        }
        Ok(Some(CompanyVerification(self.model.clone())))
    }

    /// When the profile was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    /// When the profile last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.model.updated_at
    }
}

/// A company's verification evidence and review.
pub struct CompanyVerification(company_profile::Model);

/// A company's verification evidence and its review.
#[Object]
impl CompanyVerification {
    /// Where the company stands with verification (as `Company.verificationStatus`).
    async fn status(&self) -> VerificationStatus {
        verification_of(&self.0)
    }

    /// The 13-digit corporate number (法人番号) submitted.
    async fn corporate_number(&self) -> Option<&str> {
        self.0.corporate_number.as_deref()
    }

    /// Whether the company said it is a recruitment agency.
    async fn recruitment_agency(&self) -> bool {
        self.0.recruitment_agency
    }

    /// The agency's placement business licence number, e.g. `13-ユ-123456`.
    async fn agency_licence_number(&self) -> Option<&str> {
        self.0.agency_licence_number.as_deref()
    }

    /// The requester's work e-mail when they submitted.
    async fn work_email(&self) -> Option<&str> {
        self.0.verification_email.as_deref()
    }

    /// Whether `workEmail` is on the domain of the company's web site as it is now.
    async fn work_email_on_company_domain(&self) -> bool {
        match (&self.0.verification_email, &self.0.website) {
            (Some(email), Some(website)) => email_on_company_domain(email, website),
            _ => false,
        }
    }

    /// Who submitted the evidence.
    async fn requested_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(id) = self.0.verification_requested_by else {
            return Ok(None);
        };
        let loader = ctx.data::<DataLoader<UserLoader>>()?;
        Ok(loader.load_one(id).await?.map(User::public))
    }

    /// When the evidence was last submitted, or when a change to the company's name or web site
    /// sent it back to review; null if nothing was submitted.
    async fn requested_at(&self) -> Option<DateTime<Utc>> {
        self.0.verification_requested_at
    }

    /// When a reviewer last approved or rejected the evidence; null until then, and again once
    /// new evidence is submitted.
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.verification_reviewed_at
    }

    /// Why the review rejected the evidence, or why the company is back under review.
    async fn reason(&self) -> Option<&str> {
        self.0.verification_note.as_deref()
    }
}

/// A person acting for a company, and as what.
pub struct CompanyMember(pub company_member::Model);

/// A person acting for a company, and as what.
#[Object]
impl CompanyMember {
    /// The company.
    async fn company(&self, ctx: &Context<'_>) -> Result<Option<Company>> {
        let loader = ctx.data::<DataLoader<CompanyProfileLoader>>()?;
        Ok(loader.load_one(self.0.company_id).await?.map(Company::from))
    }

    /// The person.
    async fn user(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let loader = ctx.data::<DataLoader<UserLoader>>()?;
        Ok(loader.load_one(self.0.user_id).await?.map(User::public))
    }

    /// What the person does for the company.
    async fn role(&self) -> CompanyMemberRole {
        CompanyMemberRole::parse(&self.0.role).unwrap_or(CompanyMemberRole::Recruiter)
    }

    /// When the person joined the company.
    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
