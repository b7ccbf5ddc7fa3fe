//! Sign-in throughput against the argon2id bound, and access-token verification rate, on one
//! embedded stack in one run: `cargo bench -p stack-bench --bench identity_throughput`.
//!
//! - hashes/s: argon2id (19 MiB, t = 2, p = 1) through the users service's hasher, as many at
//!   once as it allows (one per core) — the ceiling for password logins.
//! - logins/s: full `login` mutations through the router over HTTP (throttling relaxed, many
//!   accounts), 16 clients at once: verify + session + tokens + audit + outbox.
//! - verifications/s: `TokenVerifier::verify` on a valid access token (cached keys, signature,
//!   claims, revocation list) — what the router and each subgraph do per request.

use e2e::identity::{LOGIN, PASSWORD};
use e2e::{Backend, Options, TestStack};
use kit::auth::{HttpJwks, SessionRevocations, TokenVerifier, VerifyOptions};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;

const HASHES: usize = 32;
const ACCOUNTS: usize = 16;
const LOGINS_PER_ACCOUNT: usize = 2;
/// Hash and login batches alternate this many times; the best of each is reported, so a noisy
/// moment on a shared machine does not decide the ratio.
const ROUNDS: usize = 3;
const VERIFICATIONS: usize = 20_000;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let test = TestStack::start_configured(
            Backend::Sqlite,
            Options {
                seed: false,
                redis: false,
            },
            |config| {
                let policy = &mut config.identity.login_policy;
                policy.per_account_ip = 10_000;
                policy.per_ip = 10_000;
                policy.lockout_threshold = 10_000;
            },
        )
        .await;

        let hasher = users::service::PasswordHasher::default();
        let mut emails = Vec::new();
        for i in 0..ACCOUNTS {
            let email = format!("bench{i}@example.jp");
            test.register_verified(&email, "CANDIDATE").await;
            emails.push(email);
        }
        let login_count = ACCOUNTS * LOGINS_PER_ACCOUNT;
        let (mut hashes_per_second, mut logins_per_second) = (0f64, 0f64);
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let hashes = (0..HASHES).map(|i| {
                let hasher = hasher.clone();
                tokio::spawn(async move { hasher.hash(format!("benchmark password {i}")).await })
            });
            for hash in futures::future::join_all(hashes).await {
                hash.expect("task").expect("hash");
            }
            hashes_per_second =
                hashes_per_second.max(HASHES as f64 / started.elapsed().as_secs_f64());

            let started = Instant::now();
            let logins = emails.iter().map(|email| {
                let client = test.client.clone();
                let email = email.clone();
                tokio::spawn(async move {
                    for _ in 0..LOGINS_PER_ACCOUNT {
                        let data = client
                            .data(LOGIN, json!({"email": email, "password": PASSWORD}))
                            .await;
                        assert_eq!(data["login"]["status"], "SIGNED_IN");
                    }
                })
            });
            futures::future::join_all(logins).await;
            logins_per_second =
                logins_per_second.max(login_count as f64 / started.elapsed().as_secs_f64());
        }

        let account = test.login(&emails[0]).await;
        let jwks_url = test.client.url.replace("/graphql", "/.well-known/jwks.json");
        let verifier = TokenVerifier::new(
            Arc::new(HttpJwks::new(jwks_url).expect("jwks client")),
            SessionRevocations::in_process(),
            VerifyOptions::default(),
        );
        verifier.verify(&account.access_token).await.expect("valid");
        let started = Instant::now();
        for _ in 0..VERIFICATIONS {
            verifier.verify(&account.access_token).await.expect("valid");
        }
        let verifications_per_second = VERIFICATIONS as f64 / started.elapsed().as_secs_f64();

        println!(
            "argon2id hashes/s (bound {} at once, best of {ROUNDS}): {hashes_per_second:.1}",
            hasher.concurrency()
        );
        println!(
            "logins/s through the router ({login_count} logins, {ACCOUNTS} clients, best of {ROUNDS}): {logins_per_second:.1}"
        );
        println!(
            "login throughput / hash throughput: {:.2}",
            logins_per_second / hashes_per_second
        );
        println!("access-token verifications/s (one task): {verifications_per_second:.0}");
    });
}
