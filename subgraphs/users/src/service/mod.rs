//! The users domain: rules, transactions and events. Resolvers call in here; nothing here
//! knows about HTTP.

mod candidate_profiles;
mod password;
mod registration;
mod roles;
mod validation;

pub use candidate_profiles::CandidateProfileInput;
pub use password::PasswordHasher;
pub use registration::Registration;
pub use roles::{Language, Role, UserStatus};

use entities::users::user;
use kit::outbox::Outbox;
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

#[derive(Clone)]
pub struct UsersService {
    db: DatabaseConnection,
    outbox: Outbox,
    hasher: PasswordHasher,
}

impl UsersService {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            outbox: Outbox::new(migrations::users::OUTBOX_TABLE),
            hasher: PasswordHasher::default(),
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    pub async fn find_user(&self, id: Uuid) -> kit::ApiResult<Option<user::Model>> {
        Ok(user::Entity::find_by_id(id).one(&self.db).await?)
    }
}
