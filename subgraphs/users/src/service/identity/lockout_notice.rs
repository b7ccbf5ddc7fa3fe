//! Tells the owner of an account that repeated failed sign-ins locked it, when, and until
//! when, so an attack on their account does not go unnoticed and they know to reset the
//! password if the attempts were not theirs.
//!
//! The mail goes out in the background: the failed sign-in answers in the same way and time
//! whether or not the address has an account, so locking must not add a visible delay.

use super::audit::Origin;
use super::mail::Mail;
use super::roles::Language;
use crate::service::UsersService;
use chrono::{DateTime, SecondsFormat, Utc};
use entities::users::user;

impl UsersService {
    pub(super) fn notify_lockout(&self, user: &user::Model, until: DateTime<Utc>, origin: &Origin) {
        let until = until.to_rfc3339_opts(SecondsFormat::Secs, true);
        let from = origin
            .ip
            .clone()
            .unwrap_or_else(|| "an unknown address".to_owned());
        let reset = self.links().forgot_password();
        let (subject, body) = match Language::parse(&user.language) {
            Some(Language::En) => (
                "Your account was locked after failed sign-ins".to_owned(),
                format!(
                    "Hello {},\n\nafter repeated failed sign-ins (the last from {from}) your account is locked until {until} (UTC).\n\nIf these attempts were not yours, reset your password at {reset} and turn on two-factor authentication.\n",
                    user.first_name
                ),
            ),
            _ => (
                "アカウントがロックされました / Your account was locked".to_owned(),
                format!(
                    "{} 様\n\nサインインの失敗が続いたため（最後は {from} から）、アカウントを {until}（UTC）までロックしました。\nAfter repeated failed sign-ins (the last from {from}) your account is locked until {until} (UTC).\n\n心当たりがない場合は {reset} でパスワードを再設定し、二要素認証を有効にしてください。\nIf these attempts were not yours, reset your password at {reset}.\n",
                    user.last_name
                ),
            ),
        };
        let mail = Mail {
            to: user.email.clone(),
            subject,
            body,
        };
        let mailer = self.mailer().clone();
        let user_id = user.id;
        tokio::spawn(async move {
            if let Err(err) = mailer.send(mail).await {
                tracing::warn!(%user_id, error = %err.report(), "lockout notice not sent");
            }
        });
    }
}
