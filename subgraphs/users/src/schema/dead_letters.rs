//! The users subgraph's dead letters: events of the matching subgraph it could not apply to its
//! copy of candidates' matches, for administrators holding `events:manage` (the shared fields
//! of `kit::consumer::graphql`, named for this subgraph).

use crate::service::UsersService;

kit::dead_letter_fields! {
    service: UsersService,
    who: "the users subgraph",
    list: "usersDeadLetters",
    one: "usersDeadLetter",
    retry: "retryUsersDeadLetter",
    discard: "discardUsersDeadLetter",
}
