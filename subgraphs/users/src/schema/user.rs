//! The `User` entity: account, profile and preference fields, and the profiles hung on it.

use super::loaders::UserRolesLoader;
use super::profiles::candidate_access::{candidate_access, shown_profile};
use super::profiles::candidate_profile::CandidateProfile;
use super::profiles::company_profile::CompanyMember;
use super::profiles::loaders::{CandidateProfileLoader, MembershipsLoader};
use crate::service::{
    CandidateAccess, Language, NotificationChannel, Role, UserStatus, completeness,
};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::user;
use kit::ApiError;
use kit::auth::Caller;
use uuid::Uuid;

/// A user account as the API shows it; who reads which field is in the GraphQL description on
/// the `#[Object]` impl below.
pub struct User {
    model: user::Model,
    /// Set when the account's own operation produced this value (register, login, verify).
    disclosed: bool,
}

impl User {
    pub fn public(model: user::Model) -> Self {
        Self {
            model,
            disclosed: false,
        }
    }

    pub fn disclosed(model: user::Model) -> Self {
        Self {
            model,
            disclosed: true,
        }
    }

    fn private<T>(&self, ctx: &Context<'_>, value: T) -> Result<T> {
        if self.disclosed {
            return Ok(value);
        }
        match ctx.data_opt::<Caller>() {
            Some(Caller::User(caller))
                if caller.user_id == self.model.id
                    || caller.has_permission(Permission::UsersRead) =>
            {
                Ok(value)
            }
            _ => Err(ApiError::Forbidden.into()),
        }
    }
}

impl User {
    fn is_candidate(&self) -> bool {
        self.model.role == Role::Candidate.as_str()
    }

    /// Whether the caller is the user, an administrator, or the operation that produced this.
    fn own(&self, ctx: &Context<'_>) -> bool {
        self.disclosed
            || matches!(ctx.data_opt::<Caller>(), Some(Caller::User(caller))
                if caller.user_id == self.model.id || caller.has_permission(Permission::UsersRead))
    }

    /// Whether the caller reads the whole profile of this candidate.
    async fn discloses_to_caller(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(candidate_access(ctx, self.model.id).await? == CandidateAccess::Full)
    }

    /// Whether the caller acts for a company this user acts for too.
    async fn works_with_caller(&self, ctx: &Context<'_>) -> Result<bool> {
        let Some(Caller::User(caller)) = ctx.data_opt::<Caller>() else {
            return Ok(false);
        };
        let loader = ctx.data::<DataLoader<MembershipsLoader>>()?;
        let found = loader.load_many([caller.user_id, self.model.id]).await?;
        let companies = |user: Uuid| -> Vec<Uuid> {
            found
                .get(&user)
                .map(|memberships| memberships.iter().map(|m| m.company_id).collect())
                .unwrap_or_default()
        };
        let theirs = companies(self.model.id);
        Ok(companies(caller.user_id)
            .iter()
            .any(|company| theirs.contains(company)))
    }

    /// `value` for those who may contact the user: a candidate's contact reads null to those
    /// the candidate has not disclosed it to (their choice, not a refusal, so lists of
    /// anonymous summaries carry no errors); anyone else's is `FORBIDDEN` outside their
    /// companies.
    async fn contact<T>(&self, ctx: &Context<'_>, value: Option<T>) -> Result<Option<T>> {
        if self.own(ctx) {
            return Ok(value);
        }
        if self.is_candidate() {
            let disclosed = self.discloses_to_caller(ctx).await?;
            return Ok(value.filter(|_| disclosed));
        }
        if self.works_with_caller(ctx).await? {
            Ok(value)
        } else {
            Err(ApiError::Forbidden.into())
        }
    }

    /// `value` for a candidate's personal fields: null unless the caller reads the whole
    /// profile (see `CandidateProfile.disclosed`).
    async fn personal<T>(&self, ctx: &Context<'_>, value: T) -> Result<Option<T>> {
        if !self.is_candidate() || self.own(ctx) || self.discloses_to_caller(ctx).await? {
            Ok(Some(value))
        } else {
            Ok(None)
        }
    }
}

/// A user. Account security state is private: only the user, an administrator (`users:read`) or
/// the operation that just created or signed in the account sees it. Contact details (e-mail,
/// phone) are also shown to the people who work with the user: a candidate's to the verified
/// companies the candidate disclosed their profile to, a company member's to the other members
/// of their companies. A candidate's name, kana, bio and web site are shown only to those who
/// read the candidate's whole profile (see `CandidateProfile`); other users' are public. Anyone
/// else gets null and a `FORBIDDEN` error for those fields.
#[Object]
impl User {
    /// The user's id.
    pub(crate) async fn id(&self) -> ID {
        ID(self.model.id.to_string())
    }

    /// The sign-in address. A contact detail: the user and administrators read it; a
    /// candidate's reads null except to the verified companies the candidate disclosed their
    /// profile to; anyone else's is `FORBIDDEN` except to the other members of their companies.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.contact(ctx, Some(self.model.email.as_str())).await
    }

    /// The phone number in international format, e.g. `+819012345678`; null when not given.
    /// A contact detail, shown like `email`.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.contact(ctx, self.model.phone.as_deref()).await
    }

    /// Whether the e-mail address has been confirmed. Private: the user and administrators
    /// (`users:read`) only; others get null and a `FORBIDDEN` error.
    async fn email_verified(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.private(ctx, Some(self.model.email_verified_at.is_some()))
    }

    /// Whether signing in needs a second factor (a TOTP or backup code). Private, like
    /// `emailVerified`.
    async fn mfa_enabled(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.private(ctx, Some(self.model.mfa_enabled))
    }

    /// When the user last signed in; null if never. Private, like `emailVerified`.
    async fn last_login_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        self.private(ctx, self.model.last_login_at)
    }

    /// Every role held (the primary `role` and those granted by admins).
    async fn roles(&self, ctx: &Context<'_>) -> Result<Option<Vec<Role>>> {
        self.private(ctx, ())?;
        let loader = ctx.data::<DataLoader<UserRolesLoader>>()?;
        let names = loader.load_one(self.model.id).await?.unwrap_or_default();
        // Roles are the five the migrations seed; none other can be granted.
        Ok(Some(
            names.iter().filter_map(|name| Role::parse(name)).collect(),
        ))
    }

    /// The user's IANA time zone, e.g. `Asia/Tokyo` (the default).
    async fn timezone(&self) -> &str {
        &self.model.timezone
    }

    /// A candidate's reads null to those the candidate has not disclosed their profile to.
    async fn first_name(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.personal(ctx, self.model.first_name.as_str()).await
    }

    /// A candidate's reads null to those the candidate has not disclosed their profile to.
    async fn last_name(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.personal(ctx, self.model.last_name.as_str()).await
    }

    /// Reading of the first name in kana, for Japanese sorting and forms.
    async fn first_name_kana(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self
            .personal(ctx, self.model.first_name_kana.as_deref())
            .await?
            .flatten())
    }

    /// Reading of the last name in kana. A candidate's reads null to those the candidate has
    /// not disclosed their profile to.
    async fn last_name_kana(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self
            .personal(ctx, self.model.last_name_kana.as_deref())
            .await?
            .flatten())
    }

    /// The primary role, chosen at sign-up (or given by the invitation that created the
    /// account); `roles` also lists the roles granted since.
    async fn role(&self) -> Role {
        Role::parse(&self.model.role).unwrap_or(Role::Candidate)
    }

    /// Where the account stands; only `ACTIVE` accounts can sign in.
    async fn status(&self) -> UserStatus {
        UserStatus::parse(&self.model.status).unwrap_or(UserStatus::Inactive)
    }

    /// The language of the interface, mail and error messages; `JA` unless chosen otherwise.
    async fn language(&self) -> Language {
        Language::parse(&self.model.language).unwrap_or_default()
    }

    /// When the account was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    /// Skills, languages, visa situation and preferences; null for non-candidates. Personal
    /// and immigration details in it are private (see `CandidateProfile`).
    async fn candidate_profile(&self, ctx: &Context<'_>) -> Result<Option<CandidateProfile>> {
        let loader = ctx.data::<DataLoader<CandidateProfileLoader>>()?;
        shown_profile(ctx, loader.load_one(self.model.id).await?).await
    }

    // Profiles and privacy.

    /// A short introduction, at most 2,000 characters.
    async fn bio(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self
            .personal(ctx, self.model.bio.as_deref())
            .await?
            .flatten())
    }

    /// The user's web site (http or https).
    async fn website(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self
            .personal(ctx, self.model.website.as_deref())
            .await?
            .flatten())
    }

    /// How much of the profile is filled in, 0.0 to 1.0 (two decimals): first and last name,
    /// e-mail and role weigh 80 %; kana readings, phone, bio and website 20 %.
    async fn profile_completeness(&self) -> f64 {
        completeness::of_user(&self.model)
    }

    /// When `profileCompleteness` first reached 1.0. Private.
    async fn profile_completed_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        self.private(ctx, self.model.profile_completed_at)
    }

    /// Where notifications may reach the user (`EMAIL` unless chosen otherwise). Private.
    async fn notification_channels(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<Vec<NotificationChannel>>> {
        self.private(ctx, Some(NotificationChannel::of_user(&self.model)))
    }

    /// The companies the user acts for, and as what. Private.
    async fn company_memberships(&self, ctx: &Context<'_>) -> Result<Option<Vec<CompanyMember>>> {
        self.private(ctx, ())?;
        let loader = ctx.data::<DataLoader<MembershipsLoader>>()?;
        let memberships = loader.load_one(self.model.id).await?.unwrap_or_default();
        Ok(Some(memberships.into_iter().map(CompanyMember).collect()))
    }
}
