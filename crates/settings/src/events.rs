//! The `events` section: how long the outbox keeps what it sent, how often a consumer tries an
//! event before it becomes a dead letter, when a lagging consumer makes its instance unready,
//! and the instance's name in consumer groups.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct EventsSection {
    /// `EVENTS_RETENTION_HOURS`: how long outbox rows stay after every consumer group
    /// acknowledged them (to refill a broker that lost its data, and to replay subscriptions).
    pub retention_hours: u64,
    /// `EVENTS_MAX_ATTEMPTS`: failed attempts after which an event becomes a dead letter.
    pub max_attempts: u32,
    /// `EVENTS_READY_MAX_LAG_SECS`: an instance whose consumer group is further behind than
    /// this answers `/health/ready` with 503.
    pub ready_max_lag_secs: u64,
    /// `INSTANCE_ID`: this instance's name in consumer groups; must be stable across restarts
    /// and distinct per instance. Unset: `<hostname>-<port>`.
    pub instance_id: Option<String>,
}

impl Default for EventsSection {
    fn default() -> Self {
        Self {
            retention_hours: 168,
            max_attempts: 5,
            ready_max_lag_secs: 60,
            instance_id: None,
        }
    }
}
