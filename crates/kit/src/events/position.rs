//! Where an event sits on the bus: a Redis stream entry id (`<milliseconds>-<sequence>`), or
//! the same shape made up by the in-process bus. Positions order events as the bus delivered
//! them; the outbox keeps each event's position (as fixed-width text, so the database orders
//! them like the bus) to replay what a subscriber missed and to notice a broker that lost them.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamPosition {
    pub millis: u64,
    pub sequence: u64,
}

impl StreamPosition {
    pub const ZERO: StreamPosition = StreamPosition {
        millis: 0,
        sequence: 0,
    };

    pub fn new(millis: u64, sequence: u64) -> Self {
        Self { millis, sequence }
    }

    /// The position right after this one.
    pub fn next(self) -> Self {
        match self.sequence.checked_add(1) {
            Some(sequence) => Self::new(self.millis, sequence),
            None => Self::new(self.millis + 1, 0),
        }
    }

    /// Fixed-width text that sorts as the position does (the outbox's `stream_position`).
    pub fn to_stored(self) -> String {
        format!("{:020}-{:020}", self.millis, self.sequence)
    }

    /// A position as the outbox stores it, or as Redis writes it.
    pub fn parse(text: &str) -> Option<Self> {
        let (millis, sequence) = text.trim().split_once('-')?;
        Some(Self::new(millis.parse().ok()?, sequence.parse().ok()?))
    }
}

/// As Redis writes it: `1733500000000-0`.
impl fmt::Display for StreamPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.millis, self.sequence)
    }
}

impl FromStr for StreamPosition {
    type Err = InvalidPosition;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text).ok_or(InvalidPosition)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not a stream position")]
pub struct InvalidPosition;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_sorts_as_positions_do() {
        let positions = [
            StreamPosition::new(9, 10),
            StreamPosition::new(10, 2),
            StreamPosition::new(10, 10),
            StreamPosition::new(1_733_500_000_000, 0),
        ];
        let mut stored: Vec<String> = positions.iter().map(|p| p.to_stored()).collect();
        stored.sort();
        let back: Vec<StreamPosition> = stored
            .iter()
            .filter_map(|s| StreamPosition::parse(s))
            .collect();
        assert_eq!(back, positions);
        assert_eq!(
            StreamPosition::parse("1733500000000-7"),
            Some(StreamPosition::new(1_733_500_000_000, 7))
        );
        assert_eq!(StreamPosition::new(5, 1).to_string(), "5-1");
        assert_eq!(
            StreamPosition::new(5, u64::MAX).next(),
            StreamPosition::new(6, 0)
        );
        assert!(StreamPosition::parse("nope").is_none());
    }
}
