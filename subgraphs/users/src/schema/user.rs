//! The `User` entity: account, profile and preference fields, and the profiles hung on it.

use super::loaders::UserRolesLoader;
use super::profiles::candidate_profile::CandidateProfile;
use super::profiles::company_profile::CompanyMember;
use super::profiles::loaders::{CandidateProfileLoader, MembershipsLoader};
use crate::service::{Language, NotificationChannel, Role, UserStatus, completeness};
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use contracts::Permission;
use entities::users::user;
use kit::ApiError;
use kit::auth::Caller;

/// A user. Name, kana, role and status are public; contact details and account security
/// state are private: only the user, an administrator (`users:read`) or the operation that
/// just created or signed in the account sees them (others get null and a `FORBIDDEN` error).
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

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.model.id.to_string())
    }

    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, Some(self.model.email.as_str()))
    }

    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        self.private(ctx, self.model.phone.as_deref())
    }

    async fn email_verified(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.private(ctx, Some(self.model.email_verified_at.is_some()))
    }

    async fn mfa_enabled(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        self.private(ctx, Some(self.model.mfa_enabled))
    }

    async fn last_login_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        self.private(ctx, self.model.last_login_at)
    }

    /// Every role held (the primary `role` and those granted by admins).
    async fn roles(&self, ctx: &Context<'_>) -> Result<Option<Vec<String>>> {
        self.private(ctx, ())?;
        let loader = ctx.data::<DataLoader<UserRolesLoader>>()?;
        Ok(Some(
            loader.load_one(self.model.id).await?.unwrap_or_default(),
        ))
    }

    async fn timezone(&self) -> &str {
        &self.model.timezone
    }

    async fn first_name(&self) -> &str {
        &self.model.first_name
    }

    async fn last_name(&self) -> &str {
        &self.model.last_name
    }

    /// Reading of the first name in kana, for Japanese sorting and forms.
    async fn first_name_kana(&self) -> Option<&str> {
        self.model.first_name_kana.as_deref()
    }

    async fn last_name_kana(&self) -> Option<&str> {
        self.model.last_name_kana.as_deref()
    }

    async fn role(&self) -> Role {
        Role::parse(&self.model.role).unwrap_or(Role::Candidate)
    }

    async fn status(&self) -> UserStatus {
        UserStatus::parse(&self.model.status).unwrap_or(UserStatus::Inactive)
    }

    async fn language(&self) -> Language {
        Language::parse(&self.model.language).unwrap_or_default()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    /// Skills, languages, visa situation and preferences; null for non-candidates. Personal
    /// and immigration details in it are private (see `CandidateProfile`).
    async fn candidate_profile(&self, ctx: &Context<'_>) -> Result<Option<CandidateProfile>> {
        let loader = ctx.data::<DataLoader<CandidateProfileLoader>>()?;
        Ok(loader
            .load_one(self.model.id)
            .await?
            .map(CandidateProfile::from))
    }

    // Profiles and privacy.

    /// A short introduction, at most 2,000 characters.
    async fn bio(&self) -> Option<&str> {
        self.model.bio.as_deref()
    }

    /// The user's web site (http or https).
    async fn website(&self) -> Option<&str> {
        self.model.website.as_deref()
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
