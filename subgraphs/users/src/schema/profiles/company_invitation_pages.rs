//! `Company.invitationConnection`: every invitation a company sent, newest first, a page at a
//! time with `totalCount` and a status filter. Read by the company's members and
//! `companies:manage` holders, as `companyInvitations` is; null for other signed-in callers.

use super::company_invitation_operations::CompanyInvitation;
use super::company_members::member_or_holder;
use crate::service::{InvitationStatus, UsersService};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};
use contracts::Permission;
use kit::pages::PageArgs;
use uuid::Uuid;

/// What a page of invitations adds to its connection: the count, run only when asked for.
pub struct InvitationTotals {
    company_id: Uuid,
    status: Option<InvitationStatus>,
    /// The moment the page was read at, so the count agrees with it on what has expired.
    now: DateTime<Utc>,
}

#[Object]
impl InvitationTotals {
    /// Every invitation the filter keeps, not only this page.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(ctx
            .data::<UsersService>()?
            .count_company_invitations(self.company_id, self.status, self.now)
            .await?)
    }
}

pub type InvitationConnection =
    Connection<String, CompanyInvitation, InvitationTotals, EmptyFields>;

/// The page of `company_id`'s invitations the arguments ask for, or null (`UNAUTHENTICATED`
/// when signed out) for a caller who may not see them.
pub async fn invitation_connection(
    ctx: &Context<'_>,
    company_id: Uuid,
    args: PageArgs,
    status: Option<InvitationStatus>,
) -> Result<Option<InvitationConnection>> {
    let window = kit::pages::id_window(args, kit::pages::DEFAULT_PAGE, kit::pages::MAX_PAGE)?;
    let service = ctx.data::<UsersService>()?;
    let allowed = member_or_holder(ctx, company_id, Permission::CompaniesManage).await?;
    if !allowed {
        return Ok(kit::auth::hidden(ctx)?);
    }
    let now = Utc::now();
    let page = service
        .company_invitation_page(company_id, status, now, &window)
        .await?;
    let mut connection = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        InvitationTotals {
            company_id,
            status,
            now,
        },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .map(|invitation| Edge::new(invitation.id.to_string(), CompanyInvitation(invitation))),
    );
    Ok(Some(connection))
}
