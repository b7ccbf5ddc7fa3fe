//! A token signing key pair. The newest unretired key signs; every key verifies until
//! its last token has expired.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signing_keys")]
pub struct Model {
    /// The JWT `kid`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kid: String,
    pub algorithm: String,
    /// PKCS#8 DER, base64.
    pub private_key_der: String,
    /// The public JWK, JSON.
    pub public_jwk: String,
    pub created_at: DateTimeUtc,
    /// When it stopped signing; it still verifies for one access-token lifetime after.
    pub retired_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
