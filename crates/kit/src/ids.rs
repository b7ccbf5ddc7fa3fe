//! Identifiers: UUID v7 (time-ordered, so primary-key inserts stay append-only) and parsing of
//! client-supplied `ID` values into UUIDs with a field-level error.

use crate::ApiError;
use async_graphql::ID;
use uuid::Uuid;

/// A new time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Parses a GraphQL `ID` argument; `field` names the argument in the error.
pub fn parse_id(id: &ID, field: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id.as_str()).map_err(|_| ApiError::invalid(field, "is not a valid id"))
}
