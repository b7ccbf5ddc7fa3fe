//! Outgoing mail through `lettre`: SMTP in production (`SMTP_URL`, e.g.
//! `smtps://user:pass@smtp.example.com`), and in the embedded default a mail sink that writes
//! each message as an `.eml` file under `./data/mail/` (and logs it), which is also what the
//! tests read.

use kit::config::{ExposeSecret, SecretString};
use kit::{ApiError, ApiResult};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// Where mail goes.
#[derive(Clone, Debug)]
pub enum MailSettings {
    /// Write `.eml` files into this folder.
    Sink(PathBuf),
    /// Send through this SMTP URL; it may carry credentials, so it never prints.
    Smtp(SecretString),
}

impl Default for MailSettings {
    fn default() -> Self {
        Self::Sink(PathBuf::from("data/mail"))
    }
}

/// One message to send.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Clone)]
pub enum Mailer {
    Sink(AsyncFileTransport<Tokio1Executor>, PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

const FROM: &str = "iworkz <no-reply@iworkz.jp>";

impl Mailer {
    pub fn new(settings: &MailSettings) -> anyhow::Result<Self> {
        Ok(match settings {
            MailSettings::Sink(dir) => {
                std::fs::create_dir_all(dir)?;
                Self::Sink(AsyncFileTransport::new(dir), dir.clone())
            }
            MailSettings::Smtp(url) => Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())?.build(),
            ),
        })
    }

    /// Sends `mail`. Failures are logged and reported, never shown to the client: the
    /// operations that mail (sign-up, reset) answer the same either way.
    pub async fn send(&self, mail: Mail) -> ApiResult<()> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|err| ApiError::internal("mail recipient", err))?;
        let from: Mailbox = FROM
            .parse()
            .map_err(|err| ApiError::internal("mail sender", err))?;
        // Base64 keeps Japanese text intact through any relay, and is trivial to decode.
        let body = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::Base64)
            .body(mail.body);
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject.clone())
            .singlepart(body)
            .map_err(|err| ApiError::internal("mail message", err))?;
        match self {
            Self::Sink(transport, dir) => {
                let id = transport
                    .send(message)
                    .await
                    .map_err(|err| ApiError::internal("mail sink", err))?;
                tracing::info!(to = %mail.to, subject = %mail.subject, file = %dir.join(format!("{id}.eml")).display(), "mail written to the sink");
            }
            Self::Smtp(transport) => {
                transport
                    .send(message)
                    .await
                    .map_err(|err| ApiError::internal("smtp", err))?;
                tracing::info!(to = %mail.to, subject = %mail.subject, "mail sent");
            }
        }
        Ok(())
    }
}
