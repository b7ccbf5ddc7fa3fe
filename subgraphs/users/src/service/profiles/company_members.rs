//! Reading a company's members a page at a time, for `Company.memberConnection`: a large
//! company's members are read from the database one window at a time, with their count, instead
//! of all at once as the short `members` list does.

use crate::service::{CompanyMemberRole, UsersService};
use entities::users::company_member;
use kit::ApiResult;
use kit::pages::OffsetRange;
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

/// One page of a company's members, oldest member first, and how many the list holds.
#[derive(Debug)]
pub struct MemberPage {
    pub members: Vec<company_member::Model>,
    pub total: u64,
}

/// The members of `company_id` in the roles given (all roles when none are).
fn members_of(company_id: Uuid, roles: &[CompanyMemberRole]) -> Select<company_member::Entity> {
    let select =
        company_member::Entity::find().filter(company_member::Column::CompanyId.eq(company_id));
    if roles.is_empty() {
        select
    } else {
        select.filter(company_member::Column::Role.is_in(roles.iter().map(|role| role.as_str())))
    }
}

impl UsersService {
    /// The members of `company_id` that `range` covers, oldest member first (ties by user id,
    /// so every page of a list that does not change is the same).
    pub async fn company_member_page(
        &self,
        company_id: Uuid,
        roles: &[CompanyMemberRole],
        range: OffsetRange,
    ) -> ApiResult<MemberPage> {
        let total = members_of(company_id, roles).count(self.db()).await?;
        let members = if range.limit == 0 || range.offset >= total {
            Vec::new()
        } else {
            members_of(company_id, roles)
                .order_by_asc(company_member::Column::CreatedAt)
                .order_by_asc(company_member::Column::UserId)
                .offset(range.offset)
                .limit(range.limit)
                .all(self.db())
                .await?
        };
        Ok(MemberPage { members, total })
    }

    /// Whether `user_id` acts for `company_id`.
    pub async fn is_company_member(&self, company_id: Uuid, user_id: Uuid) -> ApiResult<bool> {
        Ok(self.membership(company_id, user_id).await?.is_some())
    }
}
