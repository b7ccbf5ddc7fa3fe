//! Links in account mail, followed as their recipients follow them: every mail that asks for
//! an action carries a link to a configured route of the web app, and at those routes (served
//! by the router when `PUBLIC_URL` is the router) a real browser confirms the address, sets a
//! new password and signs in. Nothing happens on opening a link, only on a click.

use e2e::identity::{LOGIN, PASSWORD, mails_to, registration, verify_email};
use e2e::{Backend, Options, TestStack, conformance};
use serde_json::{Value, json};

/// Where mail links point in this test: another host and non-default routes, to show both
/// come from the settings.
const PUBLIC_URL: &str = "https://app.iworkz.example";
const VERIFY_ROUTE: &str = "/account/verify-email";
const RESET_ROUTE: &str = "/account/new-password";
const SIGN_IN_ROUTE: &str = "/account/sign-in";

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) { id } }";
const NEW_PASSWORD: &str = "copper lantern meadow 77";

async fn stack() -> TestStack {
    TestStack::start_configured(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
        |config| {
            let mut identity = settings::IdentitySection {
                public_url: format!("{PUBLIC_URL}/"),
                ..Default::default()
            };
            identity.links.verify_email = VERIFY_ROUTE.into();
            identity.links.reset_password = RESET_ROUTE.into();
            identity.links.sign_in = SIGN_IN_ROUTE.into();
            config.identity.links = users::service::ClientLinks::from(&identity);
        },
    )
    .await
}

/// The first link under `route` (and containing `with`) in the newest mail to `to` that has
/// one; waits up to 5 s for it.
async fn mailed_link(stack: &TestStack, to: &str, route: &str, with: &str) -> String {
    let prefix = format!("{PUBLIC_URL}{route}");
    let newest = || {
        mails_to(&stack.mail_dir, to).iter().rev().find_map(|body| {
            body.split(|c: char| c.is_whitespace() || "()（）".contains(c))
                .map(|word| word.trim_end_matches(['.', '。']))
                .find(|word| word.starts_with(&prefix) && word.contains(with))
                .map(str::to_owned)
        })
    };
    e2e::eventually(5, || async { newest() })
        .await
        .unwrap_or_else(|| {
            panic!(
                "no mail to {to} links to {prefix}…{with}: {:?}",
                mails_to(&stack.mail_dir, to)
            )
        })
}

/// `link` opened on this stack's router instead of the web app's host.
fn on_router(stack: &TestStack, link: &str) -> String {
    let origin = stack
        .stack
        .router_url()
        .trim_end_matches("/graphql")
        .to_owned();
    link.replacen(PUBLIC_URL, &origin, 1)
}

async fn signs_in(stack: &TestStack, email: &str, password: &str) -> bool {
    let body = stack
        .client
        .post(LOGIN, json!({"email": email, "password": password}))
        .await
        .body;
    body["data"]["login"]["tokens"]["accessToken"].is_string()
}

fn visit_problems(visit: &Value, router_host: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let url = visit["url"].as_str().unwrap_or_default();
    if visit["status"] != 200 {
        problems.push(format!("{url} answered {}", visit["status"]));
    }
    let headers = &visit["headers"];
    if headers["referrer-policy"] != "no-referrer" || headers["cache-control"] != "no-store" {
        problems.push(format!(
            "{url}: the secret in the address may leak: {headers}"
        ));
    }
    let policy = headers["content-security-policy"]
        .as_str()
        .unwrap_or_default();
    if !policy.contains("connect-src 'self'") || !policy.contains("frame-ancestors 'none'") {
        problems.push(format!("{url}: content security policy {policy:?}"));
    }
    if visit["resultBeforeSubmit"]
        .as_str()
        .is_some_and(|text| !text.trim().is_empty())
    {
        problems.push(format!(
            "{url} acted before a click: {}",
            visit["resultBeforeSubmit"]
        ));
    }
    for request in visit["requests"].as_array().into_iter().flatten() {
        let request = request.as_str().unwrap_or_default();
        if !request.contains(router_host) {
            problems.push(format!("{url} called another host: {request}"));
        }
    }
    if visit["pageErrors"]
        .as_array()
        .is_some_and(|errors| !errors.is_empty())
    {
        problems.push(format!("{url} logged errors: {}", visit["pageErrors"]));
    }
    problems
}

#[tokio::test]
async fn mailed_links_open_pages_that_confirm_reset_and_sign_in() {
    let chromium = conformance::chromium();
    let stack = stack().await;
    let router_host = stack
        .stack
        .router_url()
        .trim_start_matches("http://")
        .trim_end_matches("/graphql")
        .to_owned();

    // Sign-up mails a link to the configured verification route.
    let email = "link.follower@example.com";
    stack
        .client
        .data(REGISTER, json!({"input": registration(email, "CANDIDATE")}))
        .await;
    let verify = mailed_link(&stack, email, VERIFY_ROUTE, "?token=").await;
    assert!(
        !signs_in(&stack, email, PASSWORD).await,
        "signed in before confirming"
    );

    // Signing up again with the address mails its owner a way to sign in or reset instead.
    stack
        .client
        .data(REGISTER, json!({"input": registration(email, "CANDIDATE")}))
        .await;
    let sign_in = mailed_link(&stack, email, SIGN_IN_ROUTE, "").await;
    let forgot = mailed_link(&stack, email, RESET_ROUTE, "").await;
    assert!(!forgot.contains("code="), "{forgot}");

    let scenario = json!({"visits": [
        {"url": on_router(&stack, &verify), "form": "verify"},
        {"url": on_router(&stack, &verify), "form": "verify"},
        {"url": on_router(&stack, &forgot), "form": "request", "fields": {"email": email}},
    ]});
    let report = conformance::run(
        "account_links.mjs",
        &[chromium.clone(), scenario.to_string()],
    )
    .await;
    let visits = report["visits"].as_array().expect("visits");
    let mut problems: Vec<String> = visits
        .iter()
        .flat_map(|visit| visit_problems(visit, &router_host))
        .collect();
    if visits[0]["resultIsError"] != false {
        problems.push(format!("confirming failed: {}", visits[0]["result"]));
    }
    if visits[1]["resultIsError"] != true {
        problems.push(format!(
            "a used link confirmed again: {}",
            visits[1]["result"]
        ));
    }
    if visits[2]["visibleForm"] != json!(["request"]) || visits[2]["resultIsError"] != false {
        problems.push(format!("asking for a reset code failed: {}", visits[2]));
    }
    assert!(problems.is_empty(), "{problems:#?}\n{report}");
    assert!(
        signs_in(&stack, email, PASSWORD).await,
        "the confirmed account cannot sign in"
    );

    // The reset mail the page asked for links to the reset route with its code.
    let reset = mailed_link(&stack, email, RESET_ROUTE, "?code=").await;
    let scenario = json!({"visits": [
        {"url": on_router(&stack, &reset), "form": "reset", "fields": {"newPassword": NEW_PASSWORD}},
        {"url": on_router(&stack, &sign_in), "form": "sign-in", "fields": {"email": email, "password": NEW_PASSWORD}},
        {"url": on_router(&stack, &sign_in), "form": "sign-in", "fields": {"email": email, "password": PASSWORD}},
    ]});
    let report = conformance::run("account_links.mjs", &[chromium, scenario.to_string()]).await;
    let visits = report["visits"].as_array().expect("visits");
    let mut problems: Vec<String> = visits
        .iter()
        .flat_map(|visit| visit_problems(visit, &router_host))
        .collect();
    if visits[0]["visibleForm"] != json!(["reset"]) || visits[0]["resultIsError"] != false {
        problems.push(format!("setting a new password failed: {}", visits[0]));
    }
    if visits[1]["resultIsError"] != false {
        problems.push(format!(
            "signing in with the new password failed: {}",
            visits[1]["result"]
        ));
    }
    if visits[2]["resultIsError"] != true {
        problems.push(format!(
            "the old password still signs in: {}",
            visits[2]["result"]
        ));
    }
    assert!(problems.is_empty(), "{problems:#?}\n{report}");
    assert!(signs_in(&stack, email, NEW_PASSWORD).await);
    assert!(!signs_in(&stack, email, PASSWORD).await);
}

#[tokio::test]
async fn account_pages_answer_at_the_default_routes_with_a_strict_policy() {
    let stack = TestStack::start(
        Backend::Sqlite,
        Options {
            seed: false,
            redis: false,
        },
    )
    .await;
    let origin = stack
        .stack
        .router_url()
        .trim_end_matches("/graphql")
        .to_owned();
    let http = reqwest::Client::new();
    for route in ["/verify-email", "/reset-password", "/sign-in"] {
        let response = http
            .get(format!("{origin}{route}?token=x"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{route}");
        let headers = response.headers();
        assert_eq!(headers["referrer-policy"], "no-referrer", "{route}");
        assert_eq!(headers["cache-control"], "no-store", "{route}");
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let page = response.text().await.unwrap();
        assert!(page.contains("fetch(\"/graphql\""), "{route}: {page}");
    }
    // The verification mail of the default configuration points at the router.
    let email = "default.links@example.com";
    stack
        .client
        .data(REGISTER, json!({"input": registration(email, "EMPLOYER")}))
        .await;
    let body = e2e::eventually(5, || async { mails_to(&stack.mail_dir, email).pop() })
        .await
        .expect("verification mail");
    assert!(
        body.contains("http://127.0.0.1:4000/verify-email?token="),
        "{body}"
    );
    verify_email(&stack.client, &stack.mail_dir, email).await;
}
