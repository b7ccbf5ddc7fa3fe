//! Where a posting is in its lifecycle. The jobs subgraph owns postings; matching keeps a copy
//! of the published ones from the status carried in `job.*` events, so the status is typed
//! here for both.

use super::serde_by_wire_name;

wire_names! {
    /// Where a posting is in its lifecycle: `DRAFT` → `PUBLISHED` → `CLOSED` → `ARCHIVED`.
    #[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
    pub enum JobStatus {
        /// Being written: seen only by the company's members and `jobs:manage` holders; can be
        /// edited or deleted.
        Draft => "draft",
        /// Public and open for applications: in search results and matched with candidates;
        /// can still be edited.
        Published => "published",
        /// No longer taking applications (closed by the company or at its application
        /// deadline); still readable by anyone, no longer editable.
        Closed => "closed",
        /// Taken out of every public list; only the company's members and `jobs:manage`
        /// holders read it.
        Archived => "archived",
    }
}
serde_by_wire_name!(JobStatus);

#[cfg(test)]
mod tests {
    use super::JobStatus;

    #[test]
    fn statuses_keep_their_stored_names() {
        let wire: Vec<&str> = JobStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(wire, ["draft", "published", "closed", "archived"]);
        let read: Result<JobStatus, _> = serde_json::from_str("\"closed\"");
        assert_eq!(read.ok(), Some(JobStatus::Closed));
    }
}
