//! Mutations: parse input, call the service, map the result.

use crate::schema::User;
use crate::service::{Language, Registration, Role, UsersService};
use async_graphql::{Context, InputObject, Object, Result};

#[derive(Default)]
pub struct AccountMutations;

#[derive(InputObject)]
pub struct RegisterInput {
    pub email: String,
    /// 12 to 128 characters.
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    /// Kana only (hiragana or katakana).
    pub first_name_kana: Option<String>,
    pub last_name_kana: Option<String>,
    #[graphql(default_with = "Role::Candidate")]
    pub role: Role,
    #[graphql(default)]
    pub language: Language,
    /// Must be true: the privacy policy is accepted at sign-up.
    pub privacy_consent: bool,
    #[graphql(default)]
    pub marketing_consent: bool,
}

#[Object]
impl AccountMutations {
    /// Creates an account in status `PENDING_VERIFICATION`.
    async fn register(&self, ctx: &Context<'_>, input: RegisterInput) -> Result<User> {
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
