//! Roles and permissions are data (`roles`, `permissions`, `role_permissions`, `user_roles`);
//! this module reads what a user may do, which access tokens then carry.

use entities::users::{role_permission, user_role};
use kit::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// The user's roles, sorted.
pub async fn roles_of<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> ApiResult<Vec<String>> {
    Ok(user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .order_by_asc(user_role::Column::Role)
        .all(conn)
        .await?
        .into_iter()
        .map(|grant| grant.role)
        .collect())
}

/// The union of the permissions of the user's roles, sorted and without duplicates.
pub async fn permissions_of<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> ApiResult<Vec<String>> {
    let roles = roles_of(conn, user_id).await?;
    let mut permissions: Vec<String> = role_permission::Entity::find()
        .filter(role_permission::Column::Role.is_in(roles))
        .all(conn)
        .await?
        .into_iter()
        .map(|grant| grant.permission)
        .collect();
    permissions.sort_unstable();
    permissions.dedup();
    Ok(permissions)
}
