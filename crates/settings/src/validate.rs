//! Checks that need more than a type: non-empty names, web addresses, positive limits, and
//! settings that only make sense together. Values whose parsers live with their types
//! (trusted proxies, CORS origins, data-encryption keys) are checked where the binaries turn
//! these sections into their own settings, with [`SettingsError::invalid`].

use crate::{Config, ExposeSecret, SettingsError};

impl Config {
    pub(crate) fn validate(&self) -> Result<(), SettingsError> {
        for (key, value) in [
            ("auth.issuer", &self.auth.issuer),
            ("auth.audience", &self.auth.audience),
            ("redis.event_stream", &self.redis.event_stream),
            ("router.supergraph_path", &self.router.supergraph_path),
            ("mail.dir", &self.mail.dir),
        ] {
            non_empty(key, value)?;
        }
        web_address("auth.jwks_url", &self.auth.jwks_url)?;
        web_address("identity.public_url", &self.identity.public_url)?;
        self.identity.links.validate()?;
        if let Some(url) = &self.router.jwks_url {
            web_address("router.jwks_url", url)?;
        }
        for (name, url) in &self.router.subgraph_urls {
            web_address(&format!("router.subgraph_urls.{name}"), url)?;
        }
        let limits = &self.router.limits;
        for (key, value) in [
            ("router.limits.max_body_bytes", limits.max_body_bytes as u64),
            ("router.limits.max_tokens", limits.max_tokens as u64),
            ("router.limits.max_depth", limits.max_depth),
            ("router.limits.max_root_fields", limits.max_root_fields),
            ("router.limits.max_cost", limits.max_cost),
            ("router.limits.default_list_size", limits.default_list_size),
            (
                "router.limits.max_introspection_depth",
                limits.max_introspection_depth,
            ),
            ("router.limits.max_errors", limits.max_errors as u64),
            (
                "router.request_timeout_secs",
                self.router.request_timeout_secs,
            ),
            (
                "identity.signing_key_rotation_days",
                self.identity.signing_key_rotation_days.into(),
            ),
            (
                "identity.login.window_secs",
                self.identity.login.window_secs.into(),
            ),
            (
                "identity.lockout.window_secs",
                self.identity.lockout.window_secs.into(),
            ),
            (
                "router.subgraph_timeout_secs",
                self.router.subgraph_timeout_secs,
            ),
            ("events.retention_hours", self.events.retention_hours),
            ("events.max_attempts", self.events.max_attempts.into()),
            ("events.ready_max_lag_secs", self.events.ready_max_lag_secs),
        ] {
            positive(key, value)?;
        }
        if self.router.subgraph_timeout_secs > self.router.request_timeout_secs {
            return Err(SettingsError::invalid(
                "router.subgraph_timeout_secs",
                "must not be longer than router.request_timeout_secs",
            ));
        }
        if let Some(id) = &self.events.instance_id {
            non_empty("events.instance_id", id)?;
        }
        let admin = &self.identity.admin;
        match (&admin.email, &admin.password) {
            (Some(_), None) => Err(SettingsError::invalid(
                "identity.admin.password",
                "must be set with identity.admin.email",
            )),
            (None, Some(_)) => Err(SettingsError::invalid(
                "identity.admin.email",
                "must be set with identity.admin.password",
            )),
            _ => Ok(()),
        }?;
        let keys = self.identity.data_encryption.keys.as_ref();
        if keys.is_some_and(|keys| keys.expose_secret().trim().is_empty()) {
            return Err(SettingsError::invalid(
                "identity.data_encryption.keys",
                "is set but empty; give kid:base64(32 bytes) entries or leave it unset",
            ));
        }
        Ok(())
    }
}

fn non_empty(key: &str, value: &str) -> Result<(), SettingsError> {
    if value.trim().is_empty() {
        return Err(SettingsError::invalid(key, "must not be empty"));
    }
    Ok(())
}

fn web_address(key: &str, value: &str) -> Result<(), SettingsError> {
    if !(value.starts_with("http://") || value.starts_with("https://")) {
        return Err(SettingsError::invalid(
            key,
            format!("must be an http:// or https:// URL, got {value:?}"),
        ));
    }
    Ok(())
}

fn positive(key: &str, value: u64) -> Result<(), SettingsError> {
    if value == 0 {
        return Err(SettingsError::invalid(
            key,
            "must be a positive whole number, got 0",
        ));
    }
    Ok(())
}
