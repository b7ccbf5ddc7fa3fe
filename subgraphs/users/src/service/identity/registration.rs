//! Sign-up: validate every field at once, hash the password, store the user in status
//! `pending_verification` and raise `user.created` in the same transaction.
//!
//! `register` answers the same way whether or not the address already has an account: the same
//! shape (a pending account with a new id and the address given), after the same work (the
//! password is hashed either way). The owner of the existing account is mailed instead, that
//! someone tried to sign up with their address. So sign-up never tells a stranger who has an
//! account.

use super::password_policy::{PersonalWords, password_problem};
use super::roles::{Language, Role, UserStatus};
use crate::service::UsersService;
use crate::service::validation::{email_problem, kana_problem, name_problem, normalize_email};
use chrono::Utc;
use contracts::events::UserCreated;
use entities::users::{user, user_role};
use kit::error::FieldErrors;
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// Where new accounts are unless they say otherwise.
pub const DEFAULT_TIMEZONE: &str = "Asia/Tokyo";

/// What a new account needs; mirrors the GraphQL `RegisterInput`.
#[derive(Clone, Debug)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    pub first_name_kana: Option<String>,
    pub last_name_kana: Option<String>,
    pub role: Role,
    pub language: Language,
    pub privacy_consent: bool,
    pub marketing_consent: bool,
}

impl Registration {
    fn check(&self) -> ApiResult<()> {
        let mut errors = FieldErrors::default();
        let mut check = |field: &str, problem: Option<&str>| {
            if let Some(problem) = problem {
                errors.add(field, problem);
            }
        };
        check("email", email_problem(&self.email));
        let personal = PersonalWords {
            email: &self.email,
            names: vec![&self.first_name, &self.last_name],
        };
        check("password", password_problem(&self.password, &personal));
        check("firstName", name_problem(&self.first_name));
        check("lastName", name_problem(&self.last_name));
        check(
            "firstNameKana",
            self.first_name_kana.as_deref().and_then(kana_problem),
        );
        check(
            "lastNameKana",
            self.last_name_kana.as_deref().and_then(kana_problem),
        );
        check(
            "role",
            (!self.role.self_service()).then_some("can only be granted by an administrator"),
        );
        check(
            "privacyConsent",
            (!self.privacy_consent).then_some("must be given to create an account"),
        );
        errors.finish()
    }
}

impl UsersService {
    /// Sign-up: creates the account and mails its verification link. For an address that has
    /// an account already, answers as if it created one and mails the owner instead.
    pub async fn register(&self, input: Registration) -> ApiResult<user::Model> {
        input.check()?;
        let email_normalized = normalize_email(&input.email);
        let existing = user::Entity::find()
            .filter(user::Column::EmailNormalized.eq(&email_normalized))
            .one(self.db())
            .await?;
        let created = match existing {
            Some(owner) => return self.answer_taken(input, &owner).await,
            None => match self.create_account(input.clone()).await {
                Ok(created) => created,
                // Lost a race with a concurrent sign-up for the same address.
                Err(ApiError::InvalidInput { field, .. }) if field == "email" => {
                    let owner = user::Entity::find()
                        .filter(user::Column::EmailNormalized.eq(&email_normalized))
                        .one(self.db())
                        .await?
                        .ok_or(ApiError::defect("an address both taken and free"))?;
                    return self.answer_taken(input, &owner).await;
                }
                Err(err) => return Err(err),
            },
        };
        // The account exists either way; a failed mail is logged and can be resent.
        if let Err(err) = self.send_verification(&created).await {
            tracing::error!(user = %created.id, error = ?err, "verification mail failed");
        }
        Ok(created)
    }

    /// The answer to a sign-up with a taken address: what a new pending account would look
    /// like (after hashing the password, as a real sign-up does), while the owner is told.
    async fn answer_taken(
        &self,
        input: Registration,
        owner: &user::Model,
    ) -> ApiResult<user::Model> {
        let _same_work = self.hasher.hash(input.password.clone()).await?;
        if let Err(err) = self.send_registration_attempt(owner).await {
            tracing::error!(user = %owner.id, error = ?err, "registration-attempt mail failed");
        }
        let now = Utc::now();
        Ok(user::Model {
            id: kit::ids::new_node_id(kit::ids::NodeKind::User),
            email: input.email.trim().to_owned(),
            email_normalized: normalize_email(&input.email),
            password_hash: String::new(),
            first_name: input.first_name.trim().to_owned(),
            last_name: input.last_name.trim().to_owned(),
            first_name_kana: input.first_name_kana.map(|kana| kana.trim().to_owned()),
            last_name_kana: input.last_name_kana.map(|kana| kana.trim().to_owned()),
            role: input.role.as_str().to_owned(),
            status: UserStatus::PendingVerification.as_str().to_owned(),
            language: input.language.as_str().to_owned(),
            privacy_consent_at: Some(now),
            marketing_consent: input.marketing_consent,
            marketing_consent_at: input.marketing_consent.then_some(now),
            timezone: DEFAULT_TIMEZONE.to_owned(),
            mfa_enabled: false,
            failed_login_count: 0,
            password_changed_at: Some(now),
            created_at: now,
            updated_at: now,
            // Nothing of the owner's account: the answer is what any new account looks like.
            phone: None,
            bio: None,
            website: None,
            notification_channels: None,
            email_verified_at: None,
            locked_until: None,
            last_login_at: None,
            profile_completed_at: None,
            deleted_at: None,
        })
    }

    /// Creates the account without mailing (the demo seed verifies its accounts itself).
    pub async fn create_account(&self, input: Registration) -> ApiResult<user::Model> {
        input.check()?;
        self.insert_account(input).await
    }

    /// Creates an account whose role someone entitled to give it chose (a company's invitation
    /// may make an HR manager, which sign-up alone cannot): every other rule of sign-up holds.
    pub(crate) async fn create_granted_account(
        &self,
        input: Registration,
    ) -> ApiResult<user::Model> {
        let chosen = input.role;
        Registration {
            role: Role::Candidate,
            ..input.clone()
        }
        .check()?;
        if chosen == Role::Admin {
            return Err(ApiError::invalid(
                "role",
                "can only be granted by an administrator",
            ));
        }
        self.insert_account(input).await
    }

    async fn insert_account(&self, input: Registration) -> ApiResult<user::Model> {
        let email_normalized = normalize_email(&input.email);
        let taken = user::Entity::find()
            .filter(user::Column::EmailNormalized.eq(&email_normalized))
            .one(self.db())
            .await?
            .is_some();
        if taken {
            return Err(ApiError::InvalidInput {
                field: "email".into(),
                message: "is already registered".into(),
            });
        }
        let password_hash = self.hasher.hash(input.password.clone()).await?;
        let now = Utc::now();
        let model = user::ActiveModel {
            id: Set(kit::ids::new_node_id(kit::ids::NodeKind::User)),
            email: Set(input.email.trim().to_owned()),
            email_normalized: Set(email_normalized),
            password_hash: Set(password_hash),
            first_name: Set(input.first_name.trim().to_owned()),
            last_name: Set(input.last_name.trim().to_owned()),
            first_name_kana: Set(input.first_name_kana.map(|kana| kana.trim().to_owned())),
            last_name_kana: Set(input.last_name_kana.map(|kana| kana.trim().to_owned())),
            role: Set(input.role.as_str().to_owned()),
            status: Set(UserStatus::PendingVerification.as_str().to_owned()),
            language: Set(input.language.as_str().to_owned()),
            privacy_consent_at: Set(Some(now)),
            marketing_consent: Set(input.marketing_consent),
            marketing_consent_at: Set(input.marketing_consent.then_some(now)),
            timezone: Set(DEFAULT_TIMEZONE.to_owned()),
            mfa_enabled: Set(false),
            failed_login_count: Set(0),
            password_changed_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let txn = kit::db::begin_write(self.db()).await?;
        let inserted = match user::Entity::insert(model).exec_with_returning(&txn).await {
            Ok(inserted) => inserted,
            // Lost a race with a concurrent sign-up for the same address.
            Err(err) if kit::db::is_unique_violation(&err) => {
                return Err(ApiError::invalid("email", "is already registered"));
            }
            Err(err) => return Err(err.into()),
        };
        user_role::Entity::insert(user_role::ActiveModel {
            user_id: Set(inserted.id),
            role: Set(inserted.role.clone()),
            granted_by: Set(None),
            granted_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let event = Event::of(
            inserted.id,
            &UserCreated {
                user_id: inserted.id,
                role: inserted.role.clone(),
                language: inserted.language.clone(),
            },
        )?;
        self.outbox.enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox.wake();
        Ok(inserted)
    }
}
