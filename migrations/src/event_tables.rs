//! The names of the tables that carry a subgraph's events, spelled once: the migrations create
//! them and `kit` (outbox, relay, consumer, read-copy ledger) addresses them by these names.
//! Each subgraph has its own set because the three may share one PostgreSQL database.

/// What a subgraph that raises events keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducerTables {
    /// Events written in the transaction of their change, kept for a retention window after
    /// they were published (see `kit::outbox`).
    pub outbox: &'static str,
    /// The version of each aggregate (a per-aggregate sequence): the last one stamped on an
    /// event about it.
    pub versions: &'static str,
}

/// What a subgraph that applies other subgraphs' events keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsumerTables {
    /// The id of every event applied, written in the transaction of its effects.
    pub processed: &'static str,
    /// The source version each read-copy reflects, and tombstones of removed ones.
    pub copy_versions: &'static str,
    /// Events whose handling failed: their attempts, and the dead letters among them.
    pub failures: &'static str,
}
