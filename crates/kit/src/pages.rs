//! The paging rules every subgraph's connections follow, written once: how many items a page
//! may ask for (`first`), and the two kinds of `after` cursor — an id (ids are time-ordered,
//! so a page continues after the last id read) and an offset (for lists ordered by score or
//! relevance, bounded so a client cannot ask the database to skip millions of rows).
//! Every refusal is `BAD_USER_INPUT` naming the argument.

use crate::ApiError;
use uuid::Uuid;

/// Items on a page when `first` is not given.
pub const DEFAULT_PAGE: usize = 20;
/// The most items one page may ask for, unless a connection says fewer.
pub const MAX_PAGE: usize = 100;
/// How deep an offset cursor may page.
pub const MAX_OFFSET: u64 = 10_000;

/// The page size asked for: `first`, or `default` without it, from 0 to `max`.
pub fn page_size<N: TryInto<usize>>(
    first: Option<N>,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match first {
        None => Ok(default),
        Some(first) => first
            .try_into()
            .ok()
            .filter(|first| *first <= max)
            .ok_or_else(|| ApiError::invalid("first", &format!("must be between 0 and {max}"))),
    }
}

/// The id an `after` cursor names; `None` for the first page.
pub fn id_after(after: Option<String>) -> Result<Option<Uuid>, ApiError> {
    after
        .map(|cursor| {
            Uuid::parse_str(&cursor)
                .map_err(|_| ApiError::invalid("after", "is not a valid cursor"))
        })
        .transpose()
}

/// The offset an `after` cursor stands for (0 for the first page), at most [`MAX_OFFSET`].
pub fn offset_after(after: Option<String>) -> Result<u64, ApiError> {
    match after {
        None => Ok(0),
        Some(cursor) => cursor
            .parse::<u64>()
            .ok()
            .filter(|offset| *offset <= MAX_OFFSET)
            .ok_or_else(|| ApiError::invalid("after", "is not a valid cursor")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_field(err: ApiError) -> String {
        match err {
            ApiError::InvalidInput { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn page_sizes_default_and_stay_within_the_maximum() {
        assert_eq!(page_size(None::<i32>, DEFAULT_PAGE, MAX_PAGE).unwrap(), 20);
        assert_eq!(page_size(Some(0), DEFAULT_PAGE, MAX_PAGE).unwrap(), 0);
        assert_eq!(
            page_size(Some(100usize), DEFAULT_PAGE, MAX_PAGE).unwrap(),
            100
        );
        assert_eq!(
            refused_field(page_size(Some(101), DEFAULT_PAGE, MAX_PAGE).unwrap_err()),
            "first"
        );
        assert_eq!(
            refused_field(page_size(Some(-1), DEFAULT_PAGE, MAX_PAGE).unwrap_err()),
            "first"
        );
        assert_eq!(
            refused_field(page_size(Some(51), 20, 50).unwrap_err()),
            "first"
        );
    }

    #[test]
    fn cursors_are_ids_or_bounded_offsets() {
        let id = Uuid::now_v7();
        assert_eq!(id_after(Some(id.to_string())).unwrap(), Some(id));
        assert_eq!(id_after(None).unwrap(), None);
        assert_eq!(
            refused_field(id_after(Some("x".into())).unwrap_err()),
            "after"
        );
        assert_eq!(offset_after(None).unwrap(), 0);
        assert_eq!(offset_after(Some("10000".into())).unwrap(), 10_000);
        assert_eq!(
            refused_field(offset_after(Some("10001".into())).unwrap_err()),
            "after"
        );
        assert_eq!(
            refused_field(offset_after(Some("-1".into())).unwrap_err()),
            "after"
        );
    }
}
