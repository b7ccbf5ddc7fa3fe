//! The matching subgraph's dead letters: events of the users and jobs subgraphs it could not
//! apply to its copies, for administrators holding `events:manage` (the shared fields of
//! `kit::consumer::graphql`, named for this subgraph).

use crate::service::MatchingService;

kit::dead_letter_fields! {
    service: MatchingService,
    who: "the matching subgraph",
    list: "matchingDeadLetters",
    one: "matchingDeadLetter",
    retry: "retryMatchingDeadLetter",
    discard: "discardMatchingDeadLetter",
}
