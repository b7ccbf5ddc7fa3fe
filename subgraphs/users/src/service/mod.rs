//! The users domain: rules, transactions and events. Resolvers call in here; nothing here
//! knows about HTTP.

mod admin;
mod audit;
mod bootstrap;
mod candidate_profiles;
mod credentials;
mod lockout_notice;
mod login;
mod mail;
mod mfa;
mod one_time_codes;
mod password;
mod password_policy;
pub mod rbac;
mod registration;
mod roles;
pub mod sealed_secrets;
mod sessions;
mod status;
mod tokens;
mod validation;
mod verification;
// Profiles and privacy.
mod account_deletion;
mod candidate_profile_data;
mod candidate_profile_rules;
mod companies;
mod company_rules;
pub mod completeness;
mod data_export;
mod field_changes;
mod preferences;
mod profile_rules;
mod profiles;
mod visa_statuses;

pub use admin::{AuditFilter, UserFilter};
pub use audit::{AuditEntry, Origin};
pub use bootstrap::BootstrapAdmin;
pub use candidate_profiles::CandidateProfileInput;
pub use login::{LoginOutcome, LoginPolicy, LoginRequest, SignedIn};
pub use mail::{MailSettings, Mailer};
pub use mfa::MfaSetup;
pub use password::PasswordHasher;
pub use registration::Registration;
pub use roles::{Language, Role, UserStatus};
pub use sealed_secrets::{DataEncryption, DataEncryptionKeys};
pub use sessions::EndReason;
pub use tokens::{KeyRing, TokenIssuer, TokenSettings};
// Profiles and privacy.
pub use candidate_profile_data::{CandidateProfileData, LanguageSkill, SalaryRange, WorkStyle};
pub use candidate_profile_rules::CandidateProfileChanges;
pub use candidate_profiles::data_of as candidate_profile_data;
pub use companies::{CompanyActor, data_of as company_profile_data};
pub use company_rules::{CompanyChanges, CompanyData, CompanyMemberRole, CompanySize};
pub use preferences::{NotificationChannel, PreferenceChanges};
pub use profiles::ProfileChanges;

use entities::users::user;
use kit::auth::{RateLimiter, SessionRevocations};
use kit::events::SharedBus;
use kit::outbox::Outbox;
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

/// What the identity service needs besides its database.
#[derive(Clone)]
pub struct IdentityDeps {
    pub tokens: TokenIssuer,
    pub revocations: SessionRevocations,
    pub rate_limiter: RateLimiter,
    pub mailer: Mailer,
    pub login_policy: LoginPolicy,
    /// Where the web app lives, for links in mail.
    pub public_url: String,
    /// Feeds `userStatusChanged`.
    pub bus: SharedBus,
    /// Seals TOTP secrets at rest.
    pub data_keys: DataEncryptionKeys,
}

#[derive(Clone)]
pub struct UsersService {
    db: DatabaseConnection,
    outbox: Outbox,
    hasher: PasswordHasher,
    deps: IdentityDeps,
}

impl UsersService {
    pub fn new(db: DatabaseConnection, deps: IdentityDeps) -> Self {
        Self {
            db,
            outbox: Outbox::new(migrations::users::OUTBOX_TABLE),
            hasher: PasswordHasher::default(),
            deps,
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    pub fn hasher(&self) -> &PasswordHasher {
        &self.hasher
    }

    pub fn tokens(&self) -> &TokenIssuer {
        &self.deps.tokens
    }

    pub fn revocations(&self) -> &SessionRevocations {
        &self.deps.revocations
    }

    pub fn rate_limiter(&self) -> &RateLimiter {
        &self.deps.rate_limiter
    }

    pub fn bus(&self) -> &SharedBus {
        &self.deps.bus
    }

    fn mailer(&self) -> &Mailer {
        &self.deps.mailer
    }

    fn login_policy(&self) -> &LoginPolicy {
        &self.deps.login_policy
    }

    fn data_keys(&self) -> &DataEncryptionKeys {
        &self.deps.data_keys
    }

    fn public_url(&self) -> &str {
        &self.deps.public_url
    }

    pub async fn find_user(&self, id: Uuid) -> kit::ApiResult<Option<user::Model>> {
        Ok(user::Entity::find_by_id(id).one(&self.db).await?)
    }
}
