//! Cursor paging (Procore Resource Planning's `starting_after` / `starting_before` lists): a page
//! of `limit` items after or before the item a cursor names, in the list's order.

/// Where a page starts: the list's start, or next to the item with this id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor<T> {
    First,
    After(T),
    Before(T),
}

impl<T> Cursor<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Cursor<U> {
        match self {
            Self::First => Cursor::First,
            Self::After(t) => Cursor::After(f(t)),
            Self::Before(t) => Cursor::Before(f(t)),
        }
    }
}

/// One page and what lies around it.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorPage<T> {
    pub items: Vec<T>,
    /// Items in the whole list.
    pub total: i64,
    /// Whether items come before the page's first (a `previous_starting_before` is answered).
    pub more_before: bool,
    /// Whether items come after the page's last (a `next_starting_after` is answered).
    pub more_after: bool,
}

impl<T> CursorPage<T> {
    /// The page of a list held in memory, whose items `key` names; `None` when the cursor names
    /// no item of the list.
    pub fn window<K: PartialEq>(all: Vec<T>, cursor: Cursor<K>, limit: usize, key: impl Fn(&T) -> K) -> Option<Self> {
        let total = all.len();
        let position = |k: &K| all.iter().position(|item| key(item) == *k);
        let (start, end) = match &cursor {
            Cursor::First => (0, limit.min(total)),
            Cursor::After(k) => {
                let at = position(k)? + 1;
                (at, (at + limit).min(total))
            }
            Cursor::Before(k) => {
                let at = position(k)?;
                (at.saturating_sub(limit), at)
            }
        };
        Some(Self {
            items: all.into_iter().skip(start).take(end - start).collect(),
            total: total as i64,
            more_before: start > 0,
            more_after: end < total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(cursor: Cursor<u32>, limit: usize) -> (Vec<u32>, bool, bool) {
        let p = CursorPage::window(vec![10, 11, 12, 13, 14], cursor, limit, |n| *n).unwrap();
        assert_eq!(p.total, 5);
        (p.items, p.more_before, p.more_after)
    }

    #[test]
    fn windows() {
        assert_eq!(page(Cursor::First, 2), (vec![10, 11], false, true));
        assert_eq!(page(Cursor::After(11), 2), (vec![12, 13], true, true));
        assert_eq!(page(Cursor::After(13), 2), (vec![14], true, false));
        assert_eq!(page(Cursor::After(14), 2), (vec![], true, false));
        assert_eq!(page(Cursor::Before(14), 2), (vec![12, 13], true, true));
        assert_eq!(page(Cursor::Before(11), 10), (vec![10], false, true));
        assert!(CursorPage::window(vec![1], Cursor::After(9), 2, |n| *n).is_none());
        let empty = CursorPage::window(Vec::<u32>::new(), Cursor::First, 20, |n| *n).unwrap();
        assert_eq!(
            (empty.items.len(), empty.more_before, empty.more_after),
            (0, false, false)
        );
    }
}
