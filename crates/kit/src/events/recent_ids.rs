//! The ids of the last events a fan-out passed on, so an event published twice (a relay that
//! crashed after publishing and before recording it, a republish after a broker lost data)
//! reaches each subscriber once.

use std::collections::{HashSet, VecDeque};
use uuid::Uuid;

pub struct RecentIds {
    capacity: usize,
    order: VecDeque<Uuid>,
    seen: HashSet<Uuid>,
}

impl RecentIds {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            order: VecDeque::new(),
            seen: HashSet::new(),
        }
    }

    /// True the first time `id` is offered (within the last `capacity` ids).
    pub fn first_time(&mut self, id: Uuid) -> bool {
        if !self.seen.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.seen.remove(&oldest);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_passes_once_until_it_falls_out_of_the_window() {
        let mut recent = RecentIds::new(2);
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        assert!(recent.first_time(a));
        assert!(!recent.first_time(a));
        assert!(recent.first_time(b));
        assert!(recent.first_time(c));
        assert!(recent.first_time(a), "a fell out of the window");
        assert!(!recent.first_time(c));
    }
}
