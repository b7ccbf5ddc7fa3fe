//! Identifiers: UUID v7 (time-ordered, so primary-key inserts stay append-only) and parsing of
//! client-supplied `ID` values into UUIDs with a field-level error.
//!
//! The ids of the types that implement `Node` are **global**: besides being unique, they say
//! which type they name, so `node(id:)` can answer from the id alone and let the router fetch
//! the fields from the subgraph that owns the type. The last two bytes of such an id (random
//! in a plain UUID v7, after the timestamp and the monotonic counter) hold a mark and the
//! type's number ([`NodeKind`]). The id stays a valid UUID v7, ordered by creation time, so
//! keys, cursors and events are unchanged; only `new_node_id` writes the mark.

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

/// The byte that marks a global id (`N`).
const NODE_MARK: u8 = 0x4e;

/// The types whose ids are global (they implement `Node`). The numbers are stored in ids:
/// never reuse or change one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    User = 1,
    Company = 2,
    JobPosting = 3,
    Application = 4,
    Match = 5,
}

impl NodeKind {
    pub const ALL: [NodeKind; 5] = [
        NodeKind::User,
        NodeKind::Company,
        NodeKind::JobPosting,
        NodeKind::Application,
        NodeKind::Match,
    ];

    /// The GraphQL type the id names.
    pub fn typename(self) -> &'static str {
        match self {
            NodeKind::User => "User",
            NodeKind::Company => "Company",
            NodeKind::JobPosting => "JobPosting",
            NodeKind::Application => "Application",
            NodeKind::Match => "Match",
        }
    }

    /// The kind `id` was minted for; `None` for ids that are not global (minted by
    /// [`new_id`], or not UUID v7).
    pub fn of(id: Uuid) -> Option<NodeKind> {
        let bytes = id.as_bytes();
        if id.get_version_num() != 7 || bytes[14] != NODE_MARK {
            return None;
        }
        NodeKind::ALL
            .into_iter()
            .find(|kind| *kind as u8 == bytes[15])
    }
}

/// A new time-ordered id of a `kind` object, global ([`NodeKind::of`] reads the kind back).
pub fn new_node_id(kind: NodeKind) -> Uuid {
    let mut bytes = *Uuid::now_v7().as_bytes();
    bytes[14] = NODE_MARK;
    bytes[15] = kind as u8;
    Uuid::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_name_their_type_and_stay_ordered_uuid_v7() {
        for kind in NodeKind::ALL {
            let first = new_node_id(kind);
            let second = new_node_id(kind);
            assert_eq!(NodeKind::of(first), Some(kind));
            assert_eq!(first.get_version_num(), 7);
            assert_eq!(first.get_variant(), uuid::Variant::RFC4122);
            assert!(first < second, "ids keep their creation order");
            assert_eq!(Uuid::parse_str(&first.to_string()).unwrap(), first);
        }
        let user = new_node_id(NodeKind::User);
        let posting = new_node_id(NodeKind::JobPosting);
        assert_eq!(NodeKind::of(user).map(NodeKind::typename), Some("User"));
        assert_eq!(
            NodeKind::of(posting).map(NodeKind::typename),
            Some("JobPosting")
        );
    }

    #[test]
    fn plain_ids_name_no_type() {
        let mut marked = 0;
        for _ in 0..1000 {
            marked += usize::from(NodeKind::of(new_id()).is_some());
        }
        // A plain v7 id carries a mark by chance 5 times in 65,536.
        assert!(marked <= 2, "{marked} plain ids read as global");
        assert_eq!(NodeKind::of(Uuid::nil()), None);
        let mut v4 = *Uuid::new_v4().as_bytes();
        v4[14] = NODE_MARK;
        v4[15] = NodeKind::User as u8;
        assert_eq!(
            NodeKind::of(Uuid::from_bytes(v4)),
            None,
            "only v7 ids are global"
        );
    }
}
