//! Preferences: interface language, time zone and the channels notifications may use. Changes
//! are audited (`preferences_updated`) and announced as `user.updated` like profile edits.

use super::profile_rules::timezone_problem;
use super::user_profile::set;
use crate::service::UsersService;
use crate::service::identity::audit::Origin;
use crate::service::identity::roles::Language;
use async_graphql::Enum;
use chrono::Utc;
use entities::users::user;
use kit::ApiResult;
use kit::error::FieldErrors;
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

/// Where notifications may reach a user. Stored as lower-case names in a JSON array.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum NotificationChannel {
    /// E-mail to the account's address.
    Email,
    /// Push notifications to the mobile app.
    Push,
    /// Text messages to the phone number.
    Sms,
    /// LINE messages.
    Line,
}

impl NotificationChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Push => "push",
            Self::Sms => "sms",
            Self::Line => "line",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Email, Self::Push, Self::Sms, Self::Line]
            .into_iter()
            .find(|channel| channel.as_str() == value)
    }

    /// What an account that never chose gets: e-mail only.
    pub fn defaults() -> Vec<Self> {
        vec![Self::Email]
    }

    /// The channels stored on `user` (the default when never chosen).
    pub fn of_user(user: &user::Model) -> Vec<Self> {
        match &user.notification_channels {
            None => Self::defaults(),
            Some(stored) => stored
                .as_array()
                .map(|names| {
                    names
                        .iter()
                        .filter_map(|name| name.as_str().and_then(Self::parse))
                        .collect()
                })
                .unwrap_or_else(Self::defaults),
        }
    }
}

/// Each channel once, with room for repeats; more is not a preference but abuse.
const MAX_CHANNELS: usize = 10;

/// Changes to the preferences; `None` keeps a value.
#[derive(Clone, Debug, Default)]
pub struct PreferenceChanges {
    pub language: Option<Language>,
    pub timezone: Option<String>,
    /// Replaces the list; duplicates are dropped. An empty list opts out of notifications
    /// (security mail is still sent).
    pub notification_channels: Option<Vec<NotificationChannel>>,
}

impl PreferenceChanges {
    pub fn normalized(self) -> ApiResult<Self> {
        let mut errors = FieldErrors::default();
        let timezone = self.timezone.map(|zone| zone.trim().to_owned());
        if let Some(problem) = timezone.as_deref().and_then(timezone_problem) {
            errors.add("timezone", problem);
        }
        if self
            .notification_channels
            .as_ref()
            .is_some_and(|channels| channels.len() > MAX_CHANNELS)
        {
            errors.add("notificationChannels", "must have at most 10 entries");
        }
        errors.finish()?;
        // At most a few distinct channels exist, so this de-duplication is linear.
        let notification_channels = self.notification_channels.map(|channels| {
            let mut unique: Vec<NotificationChannel> = Vec::with_capacity(channels.len());
            for channel in channels {
                if !unique.contains(&channel) {
                    unique.push(channel);
                }
            }
            unique
        });
        Ok(Self {
            language: self.language,
            timezone,
            notification_channels,
        })
    }
}

fn channels_json(channels: &[NotificationChannel]) -> serde_json::Value {
    serde_json::json!(channels.iter().map(|c| c.as_str()).collect::<Vec<_>>())
}

impl UsersService {
    pub async fn update_preferences(
        &self,
        user_id: Uuid,
        changes: PreferenceChanges,
        origin: &Origin,
    ) -> ApiResult<user::Model> {
        let changes = changes.normalized()?;
        let user = self.live_user(user_id).await?;
        let mut updated = user.clone();
        let mut changed = Vec::new();
        set(
            &mut updated.language,
            changes
                .language
                .map(|language| language.as_str().to_owned()),
            "language",
            &mut changed,
        );
        set(
            &mut updated.timezone,
            changes.timezone,
            "timezone",
            &mut changed,
        );
        if let Some(channels) = changes.notification_channels
            && NotificationChannel::of_user(&user) != channels
        {
            updated.notification_channels = Some(channels_json(&channels));
            changed.push("notificationChannels");
        }
        if changed.is_empty() {
            return Ok(user);
        }
        let active = user::ActiveModel {
            id: Set(user.id),
            language: Set(updated.language.clone()),
            timezone: Set(updated.timezone.clone()),
            notification_channels: Set(updated.notification_channels.clone()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        let txn = kit::db::begin_write(self.db()).await?;
        user::Entity::update(active).exec(&txn).await?;
        self.announce_user_update(&txn, &updated, &changed, "preferences_updated", origin)
            .await?;
        let stored = self.find_user_in(&txn, user_id).await?;
        txn.commit().await?;
        self.outbox().wake();
        Ok(stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_time_zones_are_refused() {
        let changes = PreferenceChanges {
            timezone: Some("Tokyo".into()),
            ..Default::default()
        };
        assert!(matches!(
            changes.normalized(),
            Err(kit::ApiError::InvalidInput { field, .. }) if field == "timezone"
        ));
    }

    #[test]
    fn channels_are_deduplicated_in_order() {
        let changes = PreferenceChanges {
            timezone: Some(" Asia/Tokyo ".into()),
            notification_channels: Some(vec![
                NotificationChannel::Line,
                NotificationChannel::Email,
                NotificationChannel::Line,
            ]),
            ..Default::default()
        }
        .normalized()
        .expect("valid");
        assert_eq!(changes.timezone.as_deref(), Some("Asia/Tokyo"));
        assert_eq!(
            changes.notification_channels,
            Some(vec![NotificationChannel::Line, NotificationChannel::Email])
        );
    }

    #[test]
    fn too_many_channels_are_refused() {
        let changes = PreferenceChanges {
            notification_channels: Some(vec![NotificationChannel::Email; 100_000]),
            ..Default::default()
        };
        assert!(matches!(
            changes.normalized(),
            Err(kit::ApiError::InvalidInput { field, .. }) if field == "notificationChannels"
        ));
    }

    #[test]
    fn stored_channels_round_trip() {
        let stored = channels_json(&[NotificationChannel::Sms, NotificationChannel::Push]);
        assert_eq!(stored, serde_json::json!(["sms", "push"]));
        for channel in [NotificationChannel::Email, NotificationChannel::Line] {
            assert_eq!(NotificationChannel::parse(channel.as_str()), Some(channel));
        }
    }
}
