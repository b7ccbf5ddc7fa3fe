//! The jobs subgraph's dead letters: events of the users subgraph it could not apply to its
//! company copies, for administrators holding `events:manage` (the shared fields of
//! `kit::consumer::graphql`, named for this subgraph).

use crate::service::JobsService;

kit::dead_letter_fields! {
    service: JobsService,
    who: "the jobs subgraph",
    list: "jobsDeadLetters",
    one: "jobsDeadLetter",
    retry: "retryJobsDeadLetter",
    discard: "discardJobsDeadLetter",
}
