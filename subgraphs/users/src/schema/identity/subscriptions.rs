//! `userStatusChanged`, fed from the event bus (`user.activated` / `user.deactivated`), so a
//! change on any instance reaches subscribers everywhere. Only the user or an administrator
//! (`users:read`) may watch an account.

use crate::schema::User;
use crate::schema::request::signed_in;
use crate::service::UsersService;
use async_graphql::{Context, ID, Result, Subscription};
use contracts::Permission;
use contracts::events::UserStatusChanged;
use contracts::{EventName, EventPayload};
use futures::{Stream, StreamExt};
use kit::ApiError;
use kit::live::Interest;

/// The events of an account's status.
const STATUS_EVENTS: &[EventName] = UserStatusChanged::NAMES;

#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// The user, each time their account status changes.
    async fn user_status_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account to watch: your own, or any with `users:read`.")] user_id: ID,
        #[graphql(
            desc = "The `extensions.eventId` of the last update received: the updates \
                          published since are replayed first (within the retention window)."
        )]
        resume_after: Option<ID>,
    ) -> Result<impl Stream<Item = User>> {
        let id = kit::ids::parse_id(&user_id, "userId")?;
        let resume_after = resume_after
            .map(|id| kit::ids::parse_id(&id, "resumeAfter"))
            .transpose()?;
        let caller = signed_in(ctx)?;
        if caller.user_id != id && !caller.has_permission(Permission::UsersRead) {
            return Err(ApiError::Forbidden.into());
        }
        let service = ctx.data::<UsersService>()?.clone();
        let interest = Interest {
            types: STATUS_EVENTS,
            aggregate: Some(id.to_string()),
        };
        let events = kit::live::updates(
            service.bus(),
            service.outbox(),
            service.db(),
            interest,
            resume_after,
        )
        .await?;
        Ok(events.filter_map(move |event| {
            let service = service.clone();
            async move {
                match service.find_user(id).await {
                    Ok(Some(user)) => {
                        kit::live::tag(event.id);
                        Some(User::public(user))
                    }
                    Ok(None) => None,
                    Err(err) => {
                        tracing::warn!(error = ?err, "loading user for subscription failed");
                        None
                    }
                }
            }
        }))
    }
}
