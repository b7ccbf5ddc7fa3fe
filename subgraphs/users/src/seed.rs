//! Demo data for the one-command run.
