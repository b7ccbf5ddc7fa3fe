//! Mutations: parse input, call the service, map the result.

use crate::schema::User;
use crate::service::{Language, Registration, Role, UsersService};
use async_graphql::{Context, InputObject, Object, Result};

#[derive(Default)]
pub struct AccountMutations;

/// A new account. Every invalid field is reported at once (`BAD_USER_INPUT` with
/// `extensions.fields`).
#[derive(InputObject)]
pub struct RegisterInput {
    /// The address to sign in with, at most 254 characters; the verification link is mailed
    /// to it.
    pub email: String,
    /// 12 to 128 characters.
    pub password: String,
    /// Given name; at most 100 characters.
    pub first_name: String,
    /// Family name; at most 100 characters.
    pub last_name: String,
    /// Kana only (hiragana or katakana).
    pub first_name_kana: Option<String>,
    /// Reading of the family name; kana only (hiragana or katakana).
    pub last_name_kana: Option<String>,
    /// `CANDIDATE` (the default), `EMPLOYER` or `RECRUITER`; other roles are granted by
    /// administrators only (`BAD_USER_INPUT`).
    #[graphql(default_with = "Role::Candidate")]
    pub role: Role,
    /// The language of the interface and of mail; `JA` by default.
    #[graphql(default)]
    pub language: Language,
    /// Must be true: the privacy policy is accepted at sign-up.
    pub privacy_consent: bool,
    /// Whether the user agrees to receive marketing mail; false by default.
    #[graphql(default)]
    pub marketing_consent: bool,
}

#[Object]
impl AccountMutations {
    /// Creates an account in status `PENDING_VERIFICATION`.
    async fn register(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account's details.")] input: RegisterInput,
    ) -> Result<User> {
        let service = ctx.data::<UsersService>()?;
        let user = service
            .register(Registration {
                email: input.email,
                password: input.password,
                first_name: input.first_name,
                last_name: input.last_name,
                first_name_kana: input.first_name_kana,
                last_name_kana: input.last_name_kana,
                role: input.role,
                language: input.language,
                privacy_consent: input.privacy_consent,
                marketing_consent: input.marketing_consent,
            })
            .await?;
        Ok(User::disclosed(user))
    }
}
