//! Editing one's own profile and preferences.

use crate::schema::User;
use crate::schema::request::{origin, signed_in};
use crate::service::{
    Language, NotificationChannel, PreferenceChanges, ProfileChanges, UsersService,
};
use async_graphql::{Context, InputObject, MaybeUndefined, Object, Result};

/// Changes to the caller's profile. Omitted fields stay as they are; `null` or a blank value
/// clears an optional field.
#[derive(InputObject, Default)]
pub struct UpdateProfileInput {
    /// Required once given: it cannot be cleared.
    pub first_name: Option<String>,
    /// Required once given: it cannot be cleared.
    pub last_name: Option<String>,
    /// Hiragana or katakana only.
    pub first_name_kana: MaybeUndefined<String>,
    /// Hiragana or katakana only.
    pub last_name_kana: MaybeUndefined<String>,
    /// International format, e.g. `+81 90-1234-5678` (stored as `+819012345678`).
    pub phone: MaybeUndefined<String>,
    /// At most 2,000 characters.
    pub bio: MaybeUndefined<String>,
    /// An http or https address.
    pub website: MaybeUndefined<String>,
}

impl From<UpdateProfileInput> for ProfileChanges {
    fn from(input: UpdateProfileInput) -> Self {
        Self {
            first_name: input.first_name,
            last_name: input.last_name,
            first_name_kana: input.first_name_kana.into(),
            last_name_kana: input.last_name_kana.into(),
            phone: input.phone.into(),
            bio: input.bio.into(),
            website: input.website.into(),
        }
    }
}

/// Changes to the caller's preferences; omitted fields stay as they are.
#[derive(InputObject, Default)]
pub struct UpdatePreferencesInput {
    /// The language of the interface and of mail.
    pub language: Option<Language>,
    /// An IANA time zone name, e.g. `Asia/Tokyo`.
    pub timezone: Option<String>,
    /// Replaces the channels notifications may use; an empty list turns notifications off
    /// (security mail is still sent).
    pub notification_channels: Option<Vec<NotificationChannel>>,
}

#[derive(Default)]
pub struct ProfileMutations;

#[Object]
impl ProfileMutations {
    /// Edits the caller's profile. Every invalid field is reported at once (`BAD_USER_INPUT`
    /// with `extensions.fields`). Raises `user.updated` with the changed fields, and
    /// `user.profile_completed` the first time `profileCompleteness` reaches 1.0.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The fields to change.")] input: UpdateProfileInput,
    ) -> Result<User> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        let user = service
            .update_profile(caller.user_id, input.into(), &origin(ctx))
            .await?;
        Ok(User::public(user))
    }

    /// Sets the caller's language, time zone and notification channels. Raises `user.updated`.
    async fn update_preferences(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The preferences to change.")] input: UpdatePreferencesInput,
    ) -> Result<User> {
        let caller = signed_in(ctx)?;
        let service = ctx.data::<UsersService>()?;
        let changes = PreferenceChanges {
            language: input.language,
            timezone: input.timezone,
            notification_channels: input.notification_channels,
        };
        let user = service
            .update_preferences(caller.user_id, changes, &origin(ctx))
            .await?;
        Ok(User::public(user))
    }
}
