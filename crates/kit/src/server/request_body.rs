//! Reading a GraphQL request body with a ceiling.
//!
//! async-graphql-axum's extractor reads a body to its end whatever its size (and takes
//! multipart uploads to temporary files), so a subgraph reached directly could be made to
//! buffer anything. Here the body is read through axum's `DefaultBodyLimit` (installed on the
//! `/graphql` routes), a declared length over the limit is refused before reading, and an
//! oversized body answers 413 with a GraphQL error coded `REQUEST_TOO_LARGE`. Only JSON is
//! taken: the router sends nothing else.

use crate::operation_limits::{MAX_BODY_BYTES, REQUEST_TOO_LARGE};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use contracts::ErrorCode;

/// A GraphQL request read from a JSON body of at most [`MAX_BODY_BYTES`].
pub struct GraphqlBody(pub async_graphql::Request);

impl<S: Send + Sync> FromRequest<S> for GraphqlBody {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
            return Err(too_large());
        }
        let body =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection {
                    BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => {
                        too_large()
                    }
                    other => bad_request(&other.body_text()),
                })?;
        serde_json::from_slice(&body)
            .map(Self)
            .map_err(|err| bad_request(&format!("The body is not a GraphQL request: {err}")))
    }
}

fn too_large() -> Response {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        REQUEST_TOO_LARGE,
        &format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
    )
}

fn bad_request(message: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        ErrorCode::BadRequest.as_str(),
        message,
    )
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{"message": message, "extensions": {"code": code}}]
    });
    (status, axum::Json(body)).into_response()
}
