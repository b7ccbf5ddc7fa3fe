//! The paging rules every subgraph's connections follow, written once: how many items a page
//! may ask for (`first` or `last`), and the two kinds of cursor — an id (ids are time-ordered,
//! so a page continues after, or before, the last id read) and an offset (for lists ordered by
//! score or relevance, bounded so a client cannot ask the database to skip millions of rows).
//! Every refusal is `BAD_USER_INPUT` naming the argument.
//!
//! A connection pages both ways, as Relay's cursor connections specify: `first` items after
//! `after`, or `last` items before `before` (the end of the list when `before` is omitted);
//! [`Window`] is which of the two a request asks for.

use crate::ApiError;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
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

/// The four paging arguments of a connection field, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

impl PageArgs {
    /// Forward paging only (`first`, `after`).
    pub fn forward(first: Option<i32>, after: Option<String>) -> Self {
        Self {
            first,
            after,
            ..Self::default()
        }
    }
}

/// Which part of a list a page asks for; `C` is the connection's cursor (an id or an offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Window<C> {
    /// `first` items after `after` (from the start without it).
    Forward { first: usize, after: Option<C> },
    /// `last` items before `before` (up to the end without it), in the list's order.
    Backward { last: usize, before: Option<C> },
}

impl<C> Window<C> {
    /// How many items the page holds at most.
    pub fn size(&self) -> usize {
        match self {
            Window::Forward { first, .. } => *first,
            Window::Backward { last, .. } => *last,
        }
    }

    /// Reads the arguments: `first` (default `default`) with `after`, or `last` with
    /// `before`; sizes from 0 to `max`; `cursor` reads a cursor, naming its argument.
    pub fn of(
        args: PageArgs,
        default: usize,
        max: usize,
        cursor: impl Fn(String, &str) -> Result<C, ApiError>,
    ) -> Result<Self, ApiError> {
        let PageArgs {
            first,
            after,
            last,
            before,
        } = args;
        if last.is_none() && before.is_none() {
            return Ok(Window::Forward {
                first: page_size(first, default, max)?,
                after: after.map(|after| cursor(after, "after")).transpose()?,
            });
        }
        if first.is_some() {
            return Err(ApiError::invalid(
                "first",
                "cannot be given with `last` or `before`: page forward with `first` and `after`, or back with `last` and `before`",
            ));
        }
        if after.is_some() {
            return Err(ApiError::invalid(
                "after",
                "cannot be given with `last` or `before`: page forward with `first` and `after`, or back with `last` and `before`",
            ));
        }
        let last = match last {
            None => default,
            Some(last) => usize::try_from(last)
                .ok()
                .filter(|last| *last <= max)
                .ok_or_else(|| {
                    ApiError::invalid("last", &format!("must be between 0 and {max}"))
                })?,
        };
        Ok(Window::Backward {
            last,
            before: before.map(|before| cursor(before, "before")).transpose()?,
        })
    }
}

/// A page of a list paged by id, newest (greatest id) first, with where it stands.
#[derive(Debug)]
pub struct IdPage<T> {
    /// The items, newest first.
    pub items: Vec<T>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

/// A window of a list paged by id: the cursors are the items' ids.
pub fn id_window(args: PageArgs, default: usize, max: usize) -> Result<Window<Uuid>, ApiError> {
    Window::of(args, default, max, |cursor, argument| {
        Uuid::parse_str(&cursor).map_err(|_| ApiError::invalid(argument, "is not a valid cursor"))
    })
}

/// Narrows `select` (a list shown newest first by `column`: an id, or any increasing key such
/// as a version number, which is then the cursor `C`) to `window`, reading one item more than
/// the page holds so [`id_page`] can tell whether more follow. The rows come back in the
/// window's direction: newest first going forward, oldest first going back.
pub fn select_id_window<E: EntityTrait, C: Into<sea_orm::Value> + Copy>(
    select: Select<E>,
    column: impl ColumnTrait,
    window: &Window<C>,
) -> Select<E> {
    let select = match window {
        Window::Forward { after, .. } => {
            let select = select.order_by_desc(column);
            match after {
                Some(after) => select.filter(column.lt(*after)),
                None => select,
            }
        }
        Window::Backward { before, .. } => {
            let select = select.order_by_asc(column);
            match before {
                Some(before) => select.filter(column.gt(*before)),
                None => select,
            }
        }
    };
    select.limit(window.size() as u64 + 1)
}

/// The page of `rows` read by [`select_id_window`] (or a query like it), newest first.
pub fn id_page<T, C>(window: &Window<C>, mut rows: Vec<T>) -> IdPage<T> {
    let more = rows.len() > window.size();
    rows.truncate(window.size());
    match window {
        Window::Forward { after, .. } => IdPage {
            items: rows,
            has_previous_page: after.is_some(),
            has_next_page: more,
        },
        Window::Backward { before, .. } => {
            rows.reverse();
            IdPage {
                items: rows,
                has_previous_page: more,
                has_next_page: before.is_some(),
            }
        }
    }
}

/// A window of a list paged by position (its cursors are 1-based positions, at most
/// [`MAX_OFFSET`] + 1 deep).
pub fn offset_window(args: PageArgs, default: usize, max: usize) -> Result<Window<u64>, ApiError> {
    Window::of(args, default, max, |cursor, argument| {
        // `after` a position starts there; `before` one ends just short of it.
        let (lowest, highest) = match argument {
            "before" => (1, MAX_OFFSET + 1),
            _ => (0, MAX_OFFSET),
        };
        cursor
            .parse::<u64>()
            .ok()
            .filter(|position| (lowest..=highest).contains(position))
            .ok_or_else(|| ApiError::invalid(argument, "is not a valid cursor"))
    })
}

/// Where a page of a list paged by position starts and how many items it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OffsetRange {
    pub offset: u64,
    pub limit: u64,
}

impl Window<u64> {
    /// Whether [`range`](Self::range) needs the list's length: only to page back from its end.
    pub fn needs_total(&self) -> bool {
        matches!(self, Window::Backward { before: None, .. })
    }

    /// The items the window covers; `total` (the list's length) is used only when
    /// [`needs_total`](Self::needs_total).
    pub fn range(&self, total: u64) -> Result<OffsetRange, ApiError> {
        let (offset, limit) = match *self {
            Window::Forward { first, after } => (after.unwrap_or(0), first as u64),
            Window::Backward { last, before } => {
                let end = before.map_or(total, |before| before - 1);
                let start = end.saturating_sub(last as u64);
                (start, end - start)
            }
        };
        if offset > MAX_OFFSET {
            return Err(ApiError::invalid(
                "last",
                &format!("reaches more than {MAX_OFFSET} items deep"),
            ));
        }
        Ok(OffsetRange { offset, limit })
    }
}

impl Window<u64> {
    /// The page `fetch` reads for this window, with the range it covers. `fetch` answers a
    /// range with a page that knows the list's length (`total_of`); going back from the end,
    /// it is first asked for an empty range to learn that length.
    pub async fn fetch<P, E, Fut>(
        &self,
        total_of: impl Fn(&P) -> u64,
        fetch: impl Fn(OffsetRange) -> Fut,
    ) -> Result<(OffsetRange, P), E>
    where
        Fut: std::future::Future<Output = Result<P, E>>,
        E: From<ApiError>,
    {
        let total = if self.needs_total() {
            total_of(
                &fetch(OffsetRange {
                    offset: 0,
                    limit: 0,
                })
                .await?,
            )
        } else {
            0
        };
        let range = self.range(total)?;
        Ok((range, fetch(range).await?))
    }
}

impl OffsetRange {
    /// The cursor of the `index`-th item of the page.
    pub fn cursor(&self, index: usize) -> String {
        (self.offset + index as u64 + 1).to_string()
    }

    /// `(hasPreviousPage, hasNextPage)` of a page that showed `shown` of `total` items.
    pub fn page_info(&self, shown: usize, total: u64) -> (bool, bool) {
        (self.offset > 0, self.offset + (shown as u64) < total)
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

    fn args(
        first: Option<i32>,
        after: Option<&str>,
        last: Option<i32>,
        before: Option<&str>,
    ) -> PageArgs {
        PageArgs {
            first,
            after: after.map(str::to_owned),
            last,
            before: before.map(str::to_owned),
        }
    }

    #[test]
    fn windows_page_forward_or_back_never_both() {
        assert_eq!(
            offset_window(PageArgs::default(), 20, 100).unwrap(),
            Window::Forward {
                first: 20,
                after: None
            }
        );
        assert_eq!(
            offset_window(args(None, None, Some(5), Some("11")), 20, 100).unwrap(),
            Window::Backward {
                last: 5,
                before: Some(11)
            }
        );
        assert_eq!(
            offset_window(args(None, None, None, Some("3")), 20, 100).unwrap(),
            Window::Backward {
                last: 20,
                before: Some(3)
            }
        );
        for (refused, field) in [
            (args(Some(5), None, Some(5), None), "first"),
            (args(None, Some("4"), Some(5), None), "after"),
            (args(Some(5), None, None, Some("4")), "first"),
            (args(None, None, Some(101), None), "last"),
            (args(None, None, Some(-1), None), "last"),
            (args(None, None, Some(5), Some("0")), "before"),
            (args(None, None, Some(5), Some("x")), "before"),
            (args(None, Some("10001"), None, None), "after"),
        ] {
            assert_eq!(
                refused_field(offset_window(refused, 20, 100).unwrap_err()),
                field
            );
        }
        assert_eq!(
            refused_field(id_window(args(None, None, Some(2), Some("x")), 20, 100).unwrap_err()),
            "before"
        );
    }

    #[test]
    fn offset_windows_cover_the_items_before_a_cursor_or_the_end() {
        let back = |last, before| Window::Backward { last, before };
        // 10 items, cursors 1..=10: the 3 before the 8th are the 5th to 7th.
        let range = back(3, Some(8)).range(10).unwrap();
        assert_eq!(
            range,
            OffsetRange {
                offset: 4,
                limit: 3
            }
        );
        assert_eq!(range.cursor(0), "5");
        assert_eq!(range.page_info(3, 10), (true, true));
        // The last 3 of 10, and more than there are before the 2nd.
        assert_eq!(
            back(3, None).range(10).unwrap(),
            OffsetRange {
                offset: 7,
                limit: 3
            }
        );
        assert_eq!(
            back(3, None).range(10).unwrap().page_info(3, 10),
            (true, false)
        );
        assert_eq!(
            back(5, Some(2)).range(10).unwrap(),
            OffsetRange {
                offset: 0,
                limit: 1
            }
        );
        assert!(!back(3, Some(8)).needs_total() && back(3, None).needs_total());
        let forward = Window::Forward {
            first: 4,
            after: Some(6),
        };
        assert_eq!(
            forward.range(0).unwrap(),
            OffsetRange {
                offset: 6,
                limit: 4
            }
        );
        assert_eq!(
            refused_field(back(5, None).range(MAX_OFFSET + 50).unwrap_err()),
            "last"
        );
    }

    #[test]
    fn id_pages_come_back_newest_first_either_way() {
        let forward: Window<Uuid> = Window::Forward {
            first: 2,
            after: None,
        };
        let page = id_page(&forward, vec![9, 8, 7]);
        assert_eq!(page.items, vec![9, 8]);
        assert!(page.has_next_page && !page.has_previous_page);
        let back = Window::Backward {
            last: 2,
            before: Some(Uuid::nil()),
        };
        // Read oldest first going back: 3, 4 and one more.
        let page = id_page(&back, vec![3, 4, 5]);
        assert_eq!(page.items, vec![4, 3]);
        assert!(page.has_previous_page && page.has_next_page);
        let page = id_page(
            &Window::<Uuid>::Backward {
                last: 2,
                before: None,
            },
            vec![1],
        );
        assert_eq!(page.items, vec![1]);
        assert!(!page.has_previous_page && !page.has_next_page);
    }
}
