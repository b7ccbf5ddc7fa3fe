//! Reading a company's invitations a page at a time, for `Company.invitationConnection`: every
//! invitation a company ever sent, newest first, paged by id and filtered by status in the
//! database, where `companyInvitations` shows the 200 newest at once.

use super::company_invitations::InvitationStatus;
use crate::service::UsersService;
use chrono::{DateTime, Utc};
use entities::users::company_invitation::{self, Column};
use kit::ApiResult;
use kit::pages::{IdPage, Window, id_page, select_id_window};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, Select};
use uuid::Uuid;

/// `status` as a condition on the row, as [`super::company_invitations::status_of`] reads it at
/// `now`: accepted wins over revoked, and either over the expiry time.
fn in_status(status: InvitationStatus, now: DateTime<Utc>) -> Condition {
    let open = Condition::all()
        .add(Column::AcceptedAt.is_null())
        .add(Column::RevokedAt.is_null());
    match status {
        InvitationStatus::Accepted => Condition::all().add(Column::AcceptedAt.is_not_null()),
        InvitationStatus::Revoked => Condition::all()
            .add(Column::AcceptedAt.is_null())
            .add(Column::RevokedAt.is_not_null()),
        InvitationStatus::Expired => open.add(Column::ExpiresAt.lte(now)),
        InvitationStatus::Pending => open.add(Column::ExpiresAt.gt(now)),
    }
}

/// The invitations of `company_id`, in `status` when given.
pub fn invitations_of(
    company_id: Uuid,
    status: Option<InvitationStatus>,
    now: DateTime<Utc>,
) -> Select<company_invitation::Entity> {
    let select = company_invitation::Entity::find().filter(Column::CompanyId.eq(company_id));
    match status {
        Some(status) => select.filter(in_status(status, now)),
        None => select,
    }
}

impl UsersService {
    /// The page of `company_id`'s invitations `window` asks for, newest first.
    pub async fn company_invitation_page(
        &self,
        company_id: Uuid,
        status: Option<InvitationStatus>,
        now: DateTime<Utc>,
        window: &Window<Uuid>,
    ) -> ApiResult<IdPage<company_invitation::Model>> {
        let rows = select_id_window(invitations_of(company_id, status, now), Column::Id, window)
            .all(self.db())
            .await?;
        Ok(id_page(window, rows))
    }

    /// How many invitations of `company_id` are in `status` (all when `None`).
    pub async fn count_company_invitations(
        &self,
        company_id: Uuid,
        status: Option<InvitationStatus>,
        now: DateTime<Utc>,
    ) -> ApiResult<u64> {
        Ok(invitations_of(company_id, status, now)
            .count(self.db())
            .await?)
    }
}
