//! `LOG_FORMAT`: how the binaries write their logs, read straight from the environment because
//! logging starts before the configuration is loaded (so loading it can be logged). `text`
//! (the default) for people, `json` (one object per line, with the span fields such as the
//! router's `request_id`) for log collectors.

/// The log line format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    pub const VARIABLE: &'static str = "LOG_FORMAT";

    /// From `LOG_FORMAT`; an unknown value is reported on stderr and reads as text.
    pub fn from_env() -> Self {
        let value = std::env::var(Self::VARIABLE).unwrap_or_default();
        Self::parse(&value).unwrap_or_else(|| {
            eprintln!(
                "{}={value:?} is not text or json; writing text logs",
                Self::VARIABLE
            );
            Self::Text
        })
    }

    fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_unless_json_is_asked_for() {
        assert_eq!(LogFormat::parse(""), Some(LogFormat::Text));
        assert_eq!(LogFormat::parse(" JSON "), Some(LogFormat::Json));
        assert_eq!(LogFormat::parse("yaml"), None);
    }
}
