//! The links mail carries: `PUBLIC_URL` plus the web app's route for each kind of link
//! (`identity.links`), with the mailed secret as a query parameter. One place composes them,
//! so every mail points at routes the web app (or, in development, the router) serves.

use settings::{IdentitySection, LinksSection};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientLinks {
    public_url: String,
    paths: LinksSection,
}

impl Default for ClientLinks {
    fn default() -> Self {
        Self::from(&IdentitySection::default())
    }
}

impl From<&IdentitySection> for ClientLinks {
    fn from(identity: &IdentitySection) -> Self {
        Self {
            public_url: identity.public_url.trim_end_matches('/').to_owned(),
            paths: identity.links.clone(),
        }
    }
}

impl ClientLinks {
    /// Confirms the address with `token` (`verifyEmail`).
    pub fn verify_email(&self, token: &str) -> String {
        format!(
            "{}{}?token={token}",
            self.public_url, self.paths.verify_email
        )
    }

    /// Sets a new password with `code` (`resetPassword`).
    pub fn reset_password(&self, code: &str) -> String {
        format!(
            "{}{}?code={code}",
            self.public_url, self.paths.reset_password
        )
    }

    /// Joins a company with the invitation's `token` (`acceptCompanyInvitation`).
    pub fn accept_invitation(&self, token: &str) -> String {
        format!(
            "{}{}?token={token}",
            self.public_url, self.paths.accept_invitation
        )
    }

    /// Where to ask for a reset (no code yet).
    pub fn forgot_password(&self) -> String {
        format!("{}{}", self.public_url, self.paths.reset_password)
    }

    /// The routes alone, for whoever serves them (the router's account pages).
    pub fn paths(&self) -> &LinksSection {
        &self.paths
    }

    pub fn sign_in(&self) -> String {
        format!("{}{}", self.public_url, self.paths.sign_in)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_join_the_public_url_the_route_and_the_secret() {
        let mut identity = IdentitySection {
            public_url: "https://app.iworkz.jp/".into(),
            ..IdentitySection::default()
        };
        identity.links.verify_email = "/auth/verify".into();
        let links = ClientLinks::from(&identity);
        assert_eq!(
            links.verify_email("abc"),
            "https://app.iworkz.jp/auth/verify?token=abc"
        );
        assert_eq!(
            links.reset_password("x1"),
            "https://app.iworkz.jp/reset-password?code=x1"
        );
        assert_eq!(links.sign_in(), "https://app.iworkz.jp/sign-in");
    }
}
