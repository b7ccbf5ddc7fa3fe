//! The client-facing outcomes every subgraph shares, mapped once to GraphQL errors with a
//! stable `extensions.code` (and `extensions.field` for input errors). Internal details are
//! logged, never returned.
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql converts every
//! `Display` type into an error with only its message, which would drop the code. Without it,
//! the `From<ApiError>` below is the one conversion `?` uses in resolvers.

use async_graphql::ErrorExtensions;
use contracts::ErrorCode;
use sea_orm::DbErr;
use std::borrow::Cow;
use std::error::Error as StdError;

pub type ApiResult<T> = Result<T, ApiError>;

/// Any underlying failure an [`ApiError::Internal`] keeps as its cause.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

#[derive(Debug)]
pub enum ApiError {
    /// `BAD_USER_INPUT` with the offending input field; several at once become several errors.
    InvalidInput { field: String, message: String },
    /// `BAD_USER_INPUT` for several fields reported together.
    InvalidFields(Vec<(String, String)>),
    /// `NOT_FOUND`: the thing asked for does not exist (or the caller may not know it does).
    NotFound(&'static str),
    /// `CONFLICT`: the request clashes with current state (duplicate, wrong lifecycle step).
    Conflict(String),
    /// `UNAUTHENTICATED`: no valid credentials.
    Unauthenticated,
    /// `UNAUTHENTICATED`: credentials were sent but refused (expired, forged, revoked, …); the
    /// message says which in client terms (see `auth::AuthError::client_message`).
    InvalidToken(&'static str),
    /// `FORBIDDEN`: valid credentials without the needed permission.
    Forbidden,
    /// `RATE_LIMITED` with `extensions.retryAfter` (seconds): too many attempts in a window.
    RateLimited { retry_after_secs: u64 },
    /// A domain outcome with its own stable code (e.g. `ACCOUNT_LOCKED`, `MFA_REQUIRED`,
    /// `EMAIL_NOT_VERIFIED`) and a client-facing message.
    Coded { code: ErrorCode, message: String },
    /// A domain refusal with its reasons as data in `extensions.findings` (e.g.
    /// `COMPLIANCE_FAILED` with each rule a posting breaks).
    WithFindings {
        code: ErrorCode,
        message: String,
        findings: serde_json::Value,
    },
    /// `SERVICE_UNAVAILABLE` with `extensions.retryAfter` (seconds): a store the request
    /// needs (the database, Redis) is unreachable for now; nothing was changed and the same
    /// request may be retried. The cause is logged.
    Unavailable {
        retry_after_secs: u64,
        cause: Option<BoxError>,
    },
    /// `INTERNAL`: a database or infrastructure failure; the cause is logged.
    Database(DbErr),
    /// `INTERNAL` for anything else unexpected: what was being done and, when another error
    /// caused it, that error with its own chain. Both are logged, never returned.
    Internal {
        context: Cow<'static, str>,
        source: Option<BoxError>,
    },
}

impl ApiError {
    /// `INTERNAL` caused by `source` while doing `context` (e.g. `"sign token"`).
    pub fn internal(context: impl Into<Cow<'static, str>>, source: impl Into<BoxError>) -> Self {
        Self::Internal {
            context: context.into(),
            source: Some(source.into()),
        }
    }

    /// `INTERNAL` with no underlying error: a broken invariant or misconfiguration.
    pub fn defect(context: impl Into<Cow<'static, str>>) -> Self {
        Self::Internal {
            context: context.into(),
            source: None,
        }
    }

    /// `SERVICE_UNAVAILABLE` because of `cause`; clients are told to retry in a few seconds.
    pub fn unavailable(cause: impl Into<BoxError>) -> Self {
        Self::Unavailable {
            retry_after_secs: UNAVAILABLE_RETRY_AFTER_SECS,
            cause: Some(cause.into()),
        }
    }

    /// The whole story for operators: the client message, or for internal failures the
    /// context followed by every cause in the chain (`a: b: c`). Never sent to clients.
    pub fn report(&self) -> String {
        let (head, mut cause): (String, Option<&(dyn StdError + 'static)>) = match self {
            Self::Database(err) => ("database".into(), Some(err)),
            Self::Unavailable { cause, .. } => (
                "unavailable".into(),
                cause.as_deref().map(|err| err as &(dyn StdError + 'static)),
            ),
            Self::Internal { context, source } => (
                context.to_string(),
                source
                    .as_deref()
                    .map(|err| err as &(dyn StdError + 'static)),
            ),
            other => return other.message(),
        };
        let mut report = head;
        while let Some(err) = cause {
            report.push_str(": ");
            report.push_str(&err.to_string());
            cause = err.source();
        }
        report
    }

    pub fn coded(code: ErrorCode, message: &str) -> Self {
        Self::Coded {
            code,
            message: message.to_owned(),
        }
    }

    pub fn invalid(field: &str, message: &str) -> Self {
        Self::InvalidInput {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }

    /// The client-facing message; internal causes are never included.
    pub fn message(&self) -> String {
        match self {
            Self::InvalidInput { field, message } => format!("{field} {message}"),
            Self::InvalidFields(_) => "invalid input".into(),
            Self::NotFound(what) => format!("{what} not found"),
            Self::Conflict(message) => message.clone(),
            Self::Unauthenticated => "authentication required".into(),
            Self::InvalidToken(message) => (*message).into(),
            Self::Forbidden => "not allowed".into(),
            Self::RateLimited { retry_after_secs } => {
                format!("too many attempts; retry in {retry_after_secs} s")
            }
            Self::Coded { message, .. } | Self::WithFindings { message, .. } => message.clone(),
            Self::Unavailable {
                retry_after_secs, ..
            } => format!("temporarily unavailable; retry in {retry_after_secs} s"),
            Self::Database(_) | Self::Internal { .. } => "internal error".into(),
        }
    }

    /// The stable `extensions.code`.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    pub fn error_code(&self) -> ErrorCode {
        match self {
            Self::InvalidInput { .. } | Self::InvalidFields(_) => ErrorCode::BadUserInput,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Unauthenticated | Self::InvalidToken(_) => ErrorCode::Unauthenticated,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Coded { code, .. } | Self::WithFindings { code, .. } => *code,
            Self::Unavailable { .. } => ErrorCode::ServiceUnavailable,
            Self::Database(_) | Self::Internal { .. } => ErrorCode::Internal,
        }
    }
}

/// Seconds a client is told to wait when a store is unavailable.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// A database that is unreachable or busy for now is `SERVICE_UNAVAILABLE` (retryable); any
/// other database failure is `INTERNAL`.
impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        if crate::db::is_transient(&err) {
            Self::unavailable(err)
        } else {
            Self::Database(err)
        }
    }
}

/// An event payload that would not encode or decode: a defect, never the client's fault.
impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        Self::internal("event payload", err)
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        // The request ends here: log the whole cause chain once; the client gets the code.
        match err.error_code() {
            ErrorCode::Internal => tracing::error!(error = %err.report(), "internal error"),
            ErrorCode::ServiceUnavailable => {
                tracing::warn!(error = %err.report(), "a store is unavailable")
            }
            _ => {}
        }
        let code = err.code();
        match err {
            ApiError::InvalidInput { field, message } => {
                async_graphql::Error::new(format!("{field} {message}")).extend_with(|_, ext| {
                    ext.set("code", code);
                    ext.set("field", field.as_str());
                })
            }
            ApiError::InvalidFields(fields) => {
                let summary = fields
                    .iter()
                    .map(|(field, message)| format!("{field} {message}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                let details: Vec<async_graphql::Value> = fields
                    .iter()
                    .map(|(field, message)| {
                        let mut map = async_graphql::indexmap::IndexMap::new();
                        map.insert(async_graphql::Name::new("field"), field.as_str().into());
                        map.insert(async_graphql::Name::new("message"), message.as_str().into());
                        async_graphql::Value::Object(map)
                    })
                    .collect();
                let first = fields.first().map(|(field, _)| field.clone());
                async_graphql::Error::new(summary).extend_with(|_, ext| {
                    ext.set("code", code);
                    if let Some(field) = &first {
                        ext.set("field", field.as_str());
                    }
                    ext.set("fields", async_graphql::Value::List(details.clone()));
                })
            }
            ApiError::RateLimited { retry_after_secs }
            | ApiError::Unavailable {
                retry_after_secs, ..
            } => async_graphql::Error::new(err.message()).extend_with(|_, ext| {
                ext.set("code", code);
                ext.set("retryAfter", retry_after_secs);
            }),
            ApiError::WithFindings {
                message, findings, ..
            } => {
                let findings = async_graphql::Value::from_json(findings).unwrap_or_default();
                async_graphql::Error::new(message).extend_with(|_, ext| {
                    ext.set("code", code);
                    ext.set("findings", findings.clone());
                })
            }
            other => async_graphql::Error::new(other.message())
                .extend_with(|_, ext| ext.set("code", code)),
        }
    }
}

/// A batch loader's error. Every resolver waiting on the batch gets a clone, so it is kept as
/// what clients see: `SERVICE_UNAVAILABLE` when the database is unreachable for now, `INTERNAL`
/// otherwise (the cause logged). Converting a database error straight into a GraphQL error
/// would send its text without a code.
#[derive(Clone, Debug)]
pub struct LoadError {
    unavailable: bool,
    report: std::sync::Arc<String>,
}

impl From<DbErr> for LoadError {
    fn from(err: DbErr) -> Self {
        Self {
            unavailable: crate::db::is_transient(&err),
            report: std::sync::Arc::new(err.to_string()),
        }
    }
}

impl From<ApiError> for LoadError {
    fn from(err: ApiError) -> Self {
        Self {
            unavailable: err.error_code() == ErrorCode::ServiceUnavailable,
            report: std::sync::Arc::new(err.report()),
        }
    }
}

impl From<LoadError> for ApiError {
    fn from(err: LoadError) -> Self {
        let cause = BoxError::from(err.report.as_str());
        if err.unavailable {
            ApiError::unavailable(cause)
        } else {
            ApiError::internal("loading a batch", cause)
        }
    }
}

impl From<LoadError> for async_graphql::Error {
    fn from(err: LoadError) -> Self {
        ApiError::from(err).into()
    }
}

/// `BAD_USER_INPUT` on `field` when `value` has more than `max` characters (counting stops at
/// the limit, so a huge value costs no more than a long one).
pub fn check_chars(field: &str, value: &str, max: usize) -> ApiResult<()> {
    if value.chars().nth(max).is_some() {
        return Err(ApiError::invalid(
            field,
            &format!("must be at most {max} characters"),
        ));
    }
    Ok(())
}

/// An optional text input trimmed, blank read as absent, and bounded to `max` characters
/// (`BAD_USER_INPUT` on `field` beyond).
pub fn optional_text(value: Option<String>, field: &str, max: usize) -> ApiResult<Option<String>> {
    let value = value
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    if let Some(text) = &value {
        check_chars(field, text, max)?;
    }
    Ok(value)
}

/// Collects field errors so a whole input is checked at once and reported together.
#[derive(Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: &str) {
        self.0.push((field.to_owned(), message.to_owned()));
    }

    /// `Ok` when nothing was added.
    pub fn finish(self) -> ApiResult<()> {
        match self.0.len() {
            0 => Ok(()),
            1 => {
                let (field, message) = self.0.into_iter().next().unwrap_or_default();
                Err(ApiError::InvalidInput { field, message })
            }
            _ => Err(ApiError::InvalidFields(self.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ApiError;

    #[derive(Debug, thiserror::Error)]
    #[error("connection refused")]
    struct Refused;

    #[derive(Debug, thiserror::Error)]
    #[error("store unavailable")]
    struct Store(#[source] Refused);

    #[test]
    fn an_internal_error_reports_its_whole_chain_but_tells_the_client_nothing() {
        let err = ApiError::internal("seeding users", Store(Refused));
        assert_eq!(
            err.report(),
            "seeding users: store unavailable: connection refused"
        );
        assert_eq!(err.message(), "internal error");
        assert_eq!(err.code(), "INTERNAL");
        assert_eq!(
            ApiError::defect("no signing key").report(),
            "no signing key"
        );
        assert_eq!(ApiError::Forbidden.report(), "not allowed");
    }
}
