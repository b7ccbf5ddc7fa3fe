//! End-to-end tests: the whole stack (users, jobs and matching behind the router) driven as
//! clients drive it, over real HTTP, WebSockets, Node.js tools and a headless browser. One
//! module per area; one test binary, so the stack is compiled and linked once.

mod account_links;
mod application_live;
mod application_pages;
mod applications;
mod authentication;
mod browser_cors;
mod candidate_disclosure;
mod company_invitations;
mod company_verification;
mod cross_subgraph;
mod errors;
mod graphql_over_http_audit;
mod identity_accounts;
mod identity_admin;
mod identity_events;
mod identity_keys;
mod identity_mfa;
mod identity_passwords;
mod identity_secrets_at_rest;
mod identity_sessions;
mod introspection_clients;
mod jobs_authorization;
mod jobs_postings;
mod jobs_search;
mod localized_errors;
mod matching_candidates;
mod matching_engine;
mod matching_events;
mod matching_privacy;
mod matching_workflow;
mod mutations;
mod offers;
mod permissions_seeded;
mod privacy;
mod profiles;
mod router_edge;
mod schema_descriptions;
mod schema_files;
mod schema_walk;
mod security;
mod subgraph_down;
mod subgraph_limits;
mod subscriptions;
mod trusted_proxies;
