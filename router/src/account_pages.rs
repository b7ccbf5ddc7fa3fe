//! The pages links in account mail open when `PUBLIC_URL` is the router itself (the default,
//! so a fresh clone's mail links work): confirm an address (`/verify-email?token=`), set a new
//! password (`/reset-password?code=`, or ask for a code without one) and sign in
//! (`/sign-in`), and join a company from an invitation (`/accept-invitation?token=`: signing in
//! as the invited address, or creating its account there). Each is one small bilingual page whose script calls this router's
//! `/graphql`; the web app serves the same routes in production (`identity.links`).
//!
//! Nothing is done on load: mail scanners open links, so every action waits for a click.
//! The secret in the address must not travel further, hence `Referrer-Policy: no-referrer`,
//! `Cache-Control: no-store` and a policy that lets the page talk to this origin only.

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY};
use axum::response::{Html, IntoResponse, Response};

const POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
     connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const SHELL_START: &str = r##"<!doctype html>
<html lang="ja">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>iworkz</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
      label { display: block; margin: .75rem 0 .25rem; }
      input { width: 100%; padding: .4rem; box-sizing: border-box; }
      button { margin-top: 1rem; padding: .5rem 1rem; }
      #result { margin-top: 1rem; }
      .error { color: #b00020; }
    </style>
  </head>
  <body>
"##;

const SHELL_END: &str = r##"
    <p id="result" role="status"></p>
    <script>
      const params = new URLSearchParams(window.location.search);
      const result = document.getElementById("result");
      function show(text, isError) {
        result.textContent = text;
        result.className = isError ? "error" : "";
      }
      async function call(query, variables, token) {
        const headers = { "content-type": "application/json", "accept-language": navigator.language || "ja" };
        if (token) headers.authorization = "Bearer " + token;
        const response = await fetch("/graphql", {
          method: "POST",
          headers,
          body: JSON.stringify({ query, variables }),
        });
        const body = await response.json();
        if (body.errors && body.errors.length) {
          throw new Error(body.errors.map((error) => error.message).join(" "));
        }
        return body.data;
      }
      function on(id, action) {
        document.getElementById(id).addEventListener("submit", async (event) => {
          event.preventDefault();
          const button = event.target.querySelector("button");
          button.disabled = true;
          try {
            show(await action(new FormData(event.target)), false);
          } catch (error) {
            show(error.message, true);
            button.disabled = false;
          }
        });
      }
      PAGE_SCRIPT
    </script>
  </body>
</html>
"##;

const VERIFY_EMAIL: &str = r##"
    <h1>メールアドレスの確認 / Confirm your e-mail address</h1>
    <form id="verify">
      <button type="submit">確認する / Confirm</button>
    </form>
"##;

const VERIFY_EMAIL_SCRIPT: &str = r##"
      if (!params.get("token")) show("リンクが不完全です / This link is incomplete.", true);
      on("verify", async () => {
        await call("mutation ($token: String!) { verifyEmail(token: $token) { id emailVerified } }",
          { token: params.get("token") || "" });
        return "確認しました。サインインできます / Your address is confirmed: you can sign in.";
      });
"##;

const RESET_PASSWORD: &str = r##"
    <h1>パスワードの再設定 / Reset your password</h1>
    <form id="request" hidden>
      <label for="email">メールアドレス / E-mail</label>
      <input id="email" name="email" type="email" autocomplete="email" required />
      <button type="submit">コードを送る / Mail me a code</button>
    </form>
    <form id="reset" hidden>
      <label for="newPassword">新しいパスワード / New password</label>
      <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required />
      <label for="mfaCode">認証コード（二要素認証を使う場合）/ Authenticator code (with two-factor)</label>
      <input id="mfaCode" name="mfaCode" inputmode="numeric" autocomplete="one-time-code" />
      <button type="submit">設定する / Set password</button>
    </form>
"##;

const RESET_PASSWORD_SCRIPT: &str = r##"
      const code = params.get("code");
      document.getElementById(code ? "reset" : "request").hidden = false;
      on("request", async (form) => {
        await call("mutation ($email: String!) { requestPasswordReset(email: $email) }",
          { email: form.get("email") });
        return "登録があれば、コードを送りました / If the address has an account, a code is on its way.";
      });
      on("reset", async (form) => {
        await call("mutation ($code: String!, $newPassword: String!, $mfaCode: String) { resetPassword(code: $code, newPassword: $newPassword, mfaCode: $mfaCode) }",
          { code, newPassword: form.get("newPassword"), mfaCode: form.get("mfaCode") || null });
        return "パスワードを変更しました / Your password is changed: sign in with it.";
      });
"##;

const SIGN_IN: &str = r##"
    <h1>サインイン / Sign in</h1>
    <form id="sign-in">
      <label for="email">メールアドレス / E-mail</label>
      <input id="email" name="email" type="email" autocomplete="email" required />
      <label for="password">パスワード / Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <label for="mfaCode">認証コード（二要素認証を使う場合）/ Authenticator code (with two-factor)</label>
      <input id="mfaCode" name="mfaCode" inputmode="numeric" autocomplete="one-time-code" />
      <button type="submit">サインイン / Sign in</button>
    </form>
"##;

const SIGN_IN_SCRIPT: &str = r##"
      on("sign-in", async (form) => {
        const data = await call("mutation ($email: String!, $password: String!, $mfaCode: String) { login(email: $email, password: $password, mfaCode: $mfaCode) { status } }",
          { email: form.get("email"), password: form.get("password"), mfaCode: form.get("mfaCode") || null });
        document.querySelector("#sign-in button").disabled = false;
        return data.login.status === "SIGNED_IN"
          ? "サインインしました / Signed in."
          : "認証コードを入力してください / Enter your authenticator code.";
      });
"##;

const ACCEPT_INVITATION: &str = r##"
    <h1>会社への招待 / Join a company</h1>
    <p id="invitation"></p>
    <form id="sign-in" hidden>
      <p>このアドレスのアカウントでサインインして承諾します / Sign in as the invited address to accept.</p>
      <label for="password">パスワード / Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <button type="submit">承諾する / Accept</button>
    </form>
    <form id="create" hidden>
      <p>アカウントを作成して承諾します / Create your account to accept.</p>
      <label for="lastName">姓 / Last name</label>
      <input id="lastName" name="lastName" autocomplete="family-name" required />
      <label for="firstName">名 / First name</label>
      <input id="firstName" name="firstName" autocomplete="given-name" required />
      <label for="newPassword">パスワード（12文字以上）/ Password (12 characters or more)</label>
      <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required />
      <label><input name="privacyConsent" type="checkbox" required /> プライバシーポリシーに同意します / I accept the privacy policy</label>
      <button type="submit">作成して承諾する / Create and accept</button>
    </form>
"##;

const ACCEPT_INVITATION_SCRIPT: &str = r##"
      const token = params.get("token") || "";
      const accept = "mutation ($token: String!, $account: InvitedAccountInput) { acceptCompanyInvitation(token: $token, account: $account) { member { role } } }";
      const joined = "参加しました。サインインできます / You joined the company: sign in to start.";
      let email = "";
      (async () => {
        try {
          const data = await call("query ($token: String!) { invitationPreview(token: $token) { companyName companyNameJa email role status accountExists } }", { token });
          const invitation = data.invitationPreview;
          email = invitation.email;
          document.getElementById("invitation").textContent =
            (invitation.companyNameJa || invitation.companyName) + " / " + invitation.companyName +
            " — " + invitation.email + " (" + invitation.role + ")";
          if (invitation.status !== "PENDING") {
            show("この招待は使えません / This invitation is " + invitation.status.toLowerCase() + ".", true);
            return;
          }
          document.getElementById(invitation.accountExists ? "sign-in" : "create").hidden = false;
        } catch (error) {
          show(error.message, true);
        }
      })();
      on("sign-in", async (form) => {
        const data = await call("mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { status tokens { accessToken } } }",
          { email, password: form.get("password") });
        if (data.login.status !== "SIGNED_IN") {
          throw new Error("二要素認証はアプリで承諾してください / With two-factor sign-in, accept in the app.");
        }
        await call(accept, { token }, data.login.tokens.accessToken);
        return joined;
      });
      on("create", async (form) => {
        await call(accept, { token, account: {
          lastName: form.get("lastName"), firstName: form.get("firstName"),
          password: form.get("newPassword"), privacyConsent: form.get("privacyConsent") === "on",
          language: (navigator.language || "ja").startsWith("ja") ? "JA" : "EN" } });
        return joined;
      });
"##;

fn page(body: &str, script: &str) -> Response {
    let html = format!(
        "{SHELL_START}{body}{}",
        SHELL_END.replace("PAGE_SCRIPT", script)
    );
    (
        [
            (CONTENT_SECURITY_POLICY, POLICY),
            (REFERRER_POLICY, "no-referrer"),
            (CACHE_CONTROL, "no-store"),
        ],
        Html(html),
    )
        .into_response()
}

pub async fn verify_email() -> Response {
    page(VERIFY_EMAIL, VERIFY_EMAIL_SCRIPT)
}

pub async fn reset_password() -> Response {
    page(RESET_PASSWORD, RESET_PASSWORD_SCRIPT)
}

pub async fn sign_in() -> Response {
    page(SIGN_IN, SIGN_IN_SCRIPT)
}

pub async fn accept_invitation() -> Response {
    page(ACCEPT_INVITATION, ACCEPT_INVITATION_SCRIPT)
}
