//! The first administrator. Staff roles are only granted by admins, so a fresh installation
//! gets its first one from configuration (`ADMIN_EMAIL`, `ADMIN_PASSWORD`): created active and
//! verified at start when no account holds the `admin` role yet.

use super::password_policy::{PersonalWords, password_problem};
use super::roles::{Language, UserStatus};
use crate::service::UsersService;
use crate::service::validation::normalize_email;
use chrono::Utc;
use contracts::events::UserCreated;
use entities::users::{user, user_role};
use kit::config::{ExposeSecret, SecretString};
use kit::{ApiError, ApiResult, Event};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// The credentials of the first administrator.
#[derive(Clone, Debug)]
pub struct BootstrapAdmin {
    pub email: String,
    /// Never printed: `Debug` shows `[REDACTED]`.
    pub password: SecretString,
}

impl UsersService {
    /// Creates the administrator unless an admin exists; returns whether it did.
    pub async fn bootstrap_admin(&self, admin: &BootstrapAdmin) -> ApiResult<bool> {
        let exists = user_role::Entity::find()
            .filter(user_role::Column::Role.eq("admin"))
            .one(self.db())
            .await?
            .is_some();
        if exists {
            return Ok(false);
        }
        let personal = PersonalWords {
            email: &admin.email,
            names: Vec::new(),
        };
        if let Some(problem) = password_problem(admin.password.expose_secret(), &personal) {
            return Err(ApiError::defect(format!("ADMIN_PASSWORD {problem}")));
        }
        let hash = self
            .hasher()
            .hash(admin.password.expose_secret().to_owned())
            .await?;
        let now = Utc::now();
        let txn = kit::db::begin_write(self.db()).await?;
        let created = user::Entity::insert(user::ActiveModel {
            id: Set(kit::ids::new_node_id(kit::ids::NodeKind::User)),
            email: Set(admin.email.trim().to_owned()),
            email_normalized: Set(normalize_email(&admin.email)),
            password_hash: Set(hash),
            first_name: Set("Platform".into()),
            last_name: Set("Administrator".into()),
            role: Set("admin".into()),
            status: Set(UserStatus::Active.as_str().to_owned()),
            language: Set(Language::En.as_str().to_owned()),
            email_verified_at: Set(Some(now)),
            password_changed_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec_with_returning(&txn)
        .await?;
        user_role::Entity::insert(user_role::ActiveModel {
            user_id: Set(created.id),
            role: Set("admin".into()),
            granted_by: Set(None),
            granted_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let event = Event::of(
            created.id,
            &UserCreated {
                user_id: created.id,
                role: "admin".into(),
                language: "en".into(),
            },
        )?;
        self.outbox().enqueue(&txn, &event).await?;
        txn.commit().await?;
        self.outbox().wake();
        tracing::info!(email = %created.email, "created the first administrator");
        Ok(true)
    }
}
