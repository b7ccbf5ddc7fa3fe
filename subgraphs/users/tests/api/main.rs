//! The users subgraph alone, over HTTP: each test starts the real app on a random port with a
//! fresh SQLite database and drives it as the router would (bearer tokens, `_entities`).

mod helpers;
mod privacy;
mod profiles;
