//! The users domain: rules, transactions and events. Resolvers call in here; nothing here
//! knows about HTTP.
//!
//! Two domains share one [`UsersService`]: `identity` (accounts, sign-in, sessions, tokens,
//! MFA, roles, audit) and `profiles` (profiles, companies, privacy). What both use stays here:
//! the service and its dependencies, and the input rules in `validation`. The names other
//! modules and crates use are re-exported below, so `users::service::X` does not depend on
//! which half holds `X`.

mod identity;
mod profiles;
mod validation;

pub use identity::admin::{AuditFilter, UserFilter};
pub use identity::audit::{AuditEntry, Origin};
pub use identity::bootstrap::BootstrapAdmin;
pub use identity::links::ClientLinks;
pub use identity::login::{LoginOutcome, LoginPolicy, LoginRequest, SignedIn};
pub use identity::mail::{MailSettings, Mailer};
pub use identity::mfa::MfaSetup;
pub use identity::password::PasswordHasher;
pub use identity::rate_limit::{RateDecision, RateLimitError, RateLimiter};
pub use identity::registration::Registration;
pub use identity::roles::{Language, Role, UserStatus};
pub use identity::sealed_secrets::{DataEncryption, DataEncryptionKeys};
pub use identity::sessions::EndReason;
pub use identity::tokens::{KeyRing, TokenIssuer, TokenSettings};
pub use identity::{rbac, sealed_secrets};
pub use profiles::disclosures::{
    CONSUMER_GROUP, CandidateAccess, CandidateVisibility, FOLLOWED_EVENTS,
};
// Profiles and privacy.
pub use profiles::candidate_profile_data::{
    CandidateProfileData, LanguageSkill, SalaryRange, WorkStyle,
};
pub use profiles::candidate_profile_rules::CandidateProfileChanges;
pub use profiles::candidate_profiles::CandidateProfileInput;
pub use profiles::candidate_profiles::data_of as candidate_profile_data;
pub use profiles::companies::{CompanyActor, data_of as company_profile_data};
pub use profiles::company_invitations::{
    InvitationStatus, InvitedAccount, status_of as invitation_status,
};
pub use profiles::company_members::MemberPage;
pub use profiles::company_rules::{CompanyChanges, CompanyData, CompanyMemberRole, CompanySize};
pub use profiles::company_verification::{
    Review, VerificationRequest, VerificationStatus, verification_of,
};
pub use profiles::completeness;
pub use profiles::preferences::{NotificationChannel, PreferenceChanges};
pub use profiles::profile_versions::{SentProfile, changed_fields_of, data_of_version};
pub use profiles::user_profile::ProfileChanges;
pub use profiles::verification_evidence::email_on_company_domain;

use entities::users::user;
use kit::auth::SessionRevocations;
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
    /// The web app's routes, for links in mail.
    pub links: ClientLinks,
    /// Feeds `userStatusChanged`.
    pub bus: SharedBus,
    /// Seals TOTP secrets at rest.
    pub data_keys: DataEncryptionKeys,
    /// The process's metrics (the consumer's among them).
    pub metrics: kit::metrics::Metrics,
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
            outbox: Outbox::new(migrations::users::EVENTS),
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

    pub fn metrics(&self) -> &kit::metrics::Metrics {
        &self.deps.metrics
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

    fn links(&self) -> &ClientLinks {
        &self.deps.links
    }

    pub async fn find_user(&self, id: Uuid) -> kit::ApiResult<Option<user::Model>> {
        Ok(user::Entity::find_by_id(id).one(&self.db).await?)
    }
}
