//! `Company.memberConnection`: a company's members a page at a time, with `totalCount` and an
//! optional role filter, for companies whose members outgrow one list. Who may read it is
//! decided as for `Company.members`: the company's own members and `users:read` holders.

use super::company_profile::CompanyMember;
use crate::service::{CompanyMemberRole, MemberPage, UsersService};
use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Result, SimpleObject};
use contracts::Permission;
use kit::ApiError;
use kit::auth::{Caller, CallerOf};
use kit::pages::{OffsetRange, PageArgs};
use uuid::Uuid;

/// What a page of members adds to its connection.
#[derive(SimpleObject)]
pub struct MemberTotals {
    /// Every member the filter keeps, not only this page.
    total_count: u64,
}

pub type MemberConnection = Connection<String, CompanyMember, MemberTotals, EmptyFields>;

/// The page of `company_id`'s members the arguments ask for, or null (`UNAUTHENTICATED` when
/// signed out) for a caller who may not see who acts for the company.
pub async fn member_connection(
    ctx: &Context<'_>,
    company_id: Uuid,
    args: PageArgs,
    roles: Option<Vec<CompanyMemberRole>>,
) -> Result<Option<MemberConnection>> {
    let window = kit::pages::offset_window(args, kit::pages::DEFAULT_PAGE, kit::pages::MAX_PAGE)?;
    let mut roles = roles.unwrap_or_default();
    if roles.len() > CompanyMemberRole::ALL.len() {
        return Err(ApiError::invalid(
            "roles",
            &format!("has at most {} entries", CompanyMemberRole::ALL.len()),
        )
        .into());
    }
    roles.sort_by_key(|role| role.as_str());
    roles.dedup();
    let service = ctx.data::<UsersService>()?;
    let allowed = member_or_holder(ctx, company_id, Permission::UsersRead).await?;
    if !allowed {
        return Ok(kit::auth::hidden(ctx)?);
    }
    let (range, page) = window
        .fetch(
            |page: &MemberPage| page.total,
            |range| service.company_member_page(company_id, &roles, range),
        )
        .await?;
    Ok(Some(connection(page, range)))
}

/// Whether the caller acts for `company_id` or holds `permission`: who reads a company's
/// people (its members, its invitations). One row is read, not the company's whole list.
pub async fn member_or_holder(
    ctx: &Context<'_>,
    company_id: Uuid,
    permission: Permission,
) -> Result<bool> {
    Ok(match Caller::of(ctx) {
        Caller::User(caller) => {
            caller.has_permission(permission)
                || ctx
                    .data::<UsersService>()?
                    .is_company_member(company_id, caller.user_id)
                    .await?
        }
        Caller::Anonymous => false,
    })
}

fn connection(page: MemberPage, range: OffsetRange) -> MemberConnection {
    let (has_previous, has_next) = range.page_info(page.members.len(), page.total);
    let mut connection = Connection::with_additional_fields(
        has_previous,
        has_next,
        MemberTotals {
            total_count: page.total,
        },
    );
    connection.edges.extend(
        page.members
            .into_iter()
            .enumerate()
            .map(|(index, member)| Edge::new(range.cursor(index), CompanyMember(member))),
    );
    connection
}
