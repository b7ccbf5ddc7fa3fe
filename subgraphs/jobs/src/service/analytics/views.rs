//! Counting a posting's views once per viewer and day without keeping who viewed: the viewer
//! (a signed-in user's id, or an anonymous client's address and user agent) is hashed with the
//! day's salt, a random value kept only for two days, so the stored hashes cannot be matched to
//! anyone once it is gone. The first view of the day counts; later ones from the same viewer
//! do not.

use super::{Bump, source_counter};
use crate::service::JobsService;
use chrono::{Days, NaiveDate, Utc};
use contracts::ApplicationSource;
use entities::jobs::{job_posting, job_view, job_view_salt};
use kit::{ApiError, ApiResult};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Days a salt and the view hashes made with it are kept.
const KEPT_DAYS: u64 = 2;

/// Who viewed, before hashing.
pub enum ViewerKey {
    User(Uuid),
    /// An anonymous client: its address and user agent, as the request showed them.
    Anonymous {
        address: String,
        agent: String,
    },
}

impl ViewerKey {
    fn text(&self) -> String {
        match self {
            Self::User(id) => format!("user:{id}"),
            Self::Anonymous { address, agent } => format!("anonymous:{address}|{agent}"),
        }
    }
}

impl JobsService {
    /// Records a view of the published or closed posting `job_id` from `source`; whether it
    /// counted (the viewer's first today).
    pub async fn record_view(
        &self,
        job_id: Uuid,
        viewer: ViewerKey,
        source: ApplicationSource,
    ) -> ApiResult<bool> {
        let posting = job_posting::Entity::find_by_id(job_id)
            .one(self.db())
            .await?;
        let Some(posting) = self
            .visible(crate::service::Viewer::Anonymous, posting)
            .await?
        else {
            return Err(ApiError::NotFound("job posting"));
        };
        let now = Utc::now();
        let day = now.date_naive();
        let txn = kit::db::begin_write(self.db()).await?;
        let salt = salt_of(&txn, day).await?;
        let hash = hex::encode(Sha256::digest(format!("{salt}|{}", viewer.text())));
        let inserted = job_view::Entity::insert(job_view::ActiveModel {
            job_id: Set(job_id),
            day: Set(day),
            viewer: Set(hash),
        })
        .on_conflict(
            OnConflict::columns([
                job_view::Column::JobId,
                job_view::Column::Day,
                job_view::Column::Viewer,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 1 {
            Bump::new(job_id, posting.company_id, now)
                .add("views", 1)
                .add(source_counter("views", source), 1)
                .write(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(inserted == 1)
    }

    /// Forgets the salts and view hashes older than two days.
    pub async fn forget_old_views(&self) -> ApiResult<()> {
        let Some(oldest) = Utc::now()
            .date_naive()
            .checked_sub_days(Days::new(KEPT_DAYS))
        else {
            return Ok(());
        };
        job_view::Entity::delete_many()
            .filter(job_view::Column::Day.lt(oldest))
            .exec(self.db())
            .await?;
        job_view_salt::Entity::delete_many()
            .filter(job_view_salt::Column::Day.lt(oldest))
            .exec(self.db())
            .await?;
        Ok(())
    }
}

/// The salt of `day`, made on its first view (two random UUIDs: 244 random bits).
async fn salt_of(conn: &impl ConnectionTrait, day: NaiveDate) -> ApiResult<String> {
    job_view_salt::Entity::insert(job_view_salt::ActiveModel {
        day: Set(day),
        salt: Set(format!(
            "{}{}",
            Uuid::new_v4().simple(),
            Uuid::new_v4().simple()
        )),
    })
    .on_conflict(
        OnConflict::column(job_view_salt::Column::Day)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    job_view_salt::Entity::find_by_id(day)
        .one(conn)
        .await?
        .map(|row| row.salt)
        .ok_or_else(|| ApiError::defect("the day's view salt was not stored"))
}
