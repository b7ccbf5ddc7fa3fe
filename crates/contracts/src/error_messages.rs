//! What each error code says to a person, in English and Japanese: the router answers in the
//! caller's language (their account's preference, else `Accept-Language`), using these
//! sentences where a subgraph's message is English only. The match is exhaustive, so a new code
//! cannot be added without both texts.
//!
//! The reasons behind `BAD_USER_INPUT` ("must be 13 digits") are worded per field by the
//! subgraphs; [`input_reason_ja`] knows the common ones, and any other keeps its English text
//! beside the Japanese sentence.

use crate::ErrorCode;

/// A language errors are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    Ja,
}

impl Language {
    /// The language an account's preference (`ja`, `en`) names.
    pub fn of_preference(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "ja" => Some(Self::Ja),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The best supported language of an `Accept-Language` header (RFC 9110 §12.5.4):
    /// the highest-weighted `ja…` or `en…` range; `None` when it names neither.
    pub fn of_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Self)> = None;
        for range in header.split(',').take(32) {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let weight = parts
                .find_map(|param| param.trim().strip_prefix("q=").map(str::trim))
                .map_or(Some(1.0), |q| q.parse::<f32>().ok())
                .unwrap_or(0.0);
            let language = match tag.split('-').next().unwrap_or_default() {
                "ja" => Self::Ja,
                "en" => Self::En,
                _ => continue,
            };
            if weight > 0.0 && best.is_none_or(|(current, _)| weight > current) {
                best = Some((weight, language));
            }
        }
        best.map(|(_, language)| language)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ja => "ja",
        }
    }
}

impl ErrorCode {
    /// A sentence for a person, in `language`.
    pub fn describe(self, language: Language) -> &'static str {
        let (en, ja) = self.texts();
        match language {
            Language::En => en,
            Language::Ja => ja,
        }
    }

    fn texts(self) -> (&'static str, &'static str) {
        use ErrorCode::*;
        match self {
            BadUserInput => ("Some input is not valid.", "入力内容に誤りがあります。"),
            BadRequest => (
                "The request is not a valid GraphQL request.",
                "リクエストの形式が正しくありません。",
            ),
            GraphqlParseFailed => (
                "The GraphQL document could not be parsed.",
                "GraphQL の文書を解析できませんでした。",
            ),
            GraphqlValidationFailed => (
                "The GraphQL document does not fit the schema.",
                "GraphQL の文書がスキーマに合っていません。",
            ),
            OperationNotFound => (
                "The named operation is not in the document.",
                "指定された操作が文書にありません。",
            ),
            PersistedQueryNotFound => (
                "The persisted query is not known: send the full query.",
                "保存済みクエリが見つかりません。クエリ全体を送ってください。",
            ),
            PersistedQueryHashMismatch => (
                "The query's SHA-256 hash is not the one sent with it.",
                "クエリのSHA-256ハッシュが送られたものと一致しません。",
            ),
            PersistedQueryNotSupported => (
                "Persisted queries are turned off: send the full query.",
                "保存済みクエリは無効です。クエリ全体を送ってください。",
            ),
            PersistedQueryNotInList => (
                "Only the applications' registered operations may run here.",
                "登録されたアプリケーションの操作のみ実行できます。",
            ),
            NotFound => ("Not found.", "見つかりません。"),
            Conflict => (
                "This clashes with the current state.",
                "現在の状態と矛盾するため実行できません。",
            ),
            ComplianceFailed => (
                "The posting breaks immigration or labour rules.",
                "求人が入管法または労働法令の規則に反しています。",
            ),
            Unauthenticated => ("Sign in first.", "ログインが必要です。"),
            Forbidden => (
                "You are not allowed to do this.",
                "この操作を行う権限がありません。",
            ),
            RateLimited => (
                "Too many attempts: wait and try again.",
                "試行回数が多すぎます。しばらく待ってから再度お試しください。",
            ),
            MfaRequired => (
                "Enter your authenticator code.",
                "認証アプリのコードを入力してください。",
            ),
            EmailNotVerified => (
                "Confirm your e-mail address first.",
                "先にメールアドレスを確認してください。",
            ),
            AccountSuspended => (
                "This account is suspended.",
                "このアカウントは停止されています。",
            ),
            AccountInactive => (
                "This account is not active.",
                "このアカウントは有効ではありません。",
            ),
            AccountLocked => (
                "This account is locked for now.",
                "このアカウントは一時的にロックされています。",
            ),
            CsrfPreventionFailed => (
                "The request was refused as a possible cross-site request.",
                "クロスサイトリクエストの可能性があるため拒否しました。",
            ),
            IntrospectionDisabled => (
                "Schema introspection is turned off.",
                "スキーマのイントロスペクションは無効です。",
            ),
            RequestTooLarge => ("The request is too large.", "リクエストが大きすぎます。"),
            MaxTokensExceeded => (
                "The document has too many tokens.",
                "文書のトークン数が上限を超えています。",
            ),
            MaxDepthExceeded => (
                "The query is nested too deeply.",
                "クエリの入れ子が深すぎます。",
            ),
            MaxAliasesExceeded => (
                "The query uses too many aliases.",
                "クエリのエイリアスが多すぎます。",
            ),
            MaxDirectivesExceeded => (
                "The query uses too many directives.",
                "クエリのディレクティブが多すぎます。",
            ),
            MaxRootFieldsExceeded => (
                "The operation asks for too many root fields.",
                "ルートフィールドが多すぎます。",
            ),
            MaxIntrospectionDepthExceeded => (
                "The introspection query is nested too deeply.",
                "イントロスペクションクエリの入れ子が深すぎます。",
            ),
            MaxComplexityExceeded => ("The query is too complex.", "クエリが複雑すぎます。"),
            MaxRepresentationsExceeded => (
                "Too many entities were asked for at once.",
                "一度に要求されたエンティティが多すぎます。",
            ),
            CostEstimatedTooExpensive => (
                "The query would cost too much to run.",
                "クエリの実行コストが上限を超えています。",
            ),
            MaxBatchSizeExceeded => (
                "The batch holds more operations than allowed.",
                "バッチに含まれる操作が多すぎます。",
            ),
            TooManyErrors => (
                "Too many errors: some were left out.",
                "エラーが多すぎるため一部を省略しました。",
            ),
            QueryPlanningFailed => (
                "The query could not be planned.",
                "クエリの実行計画を作成できませんでした。",
            ),
            RequestTimeout => (
                "The request took too long.",
                "リクエストの処理に時間がかかりすぎました。",
            ),
            SubgraphUnavailable => (
                "A service this field depends on is unavailable; try again later.",
                "このフィールドが依存するサービスが利用できません。後でもう一度お試しください。",
            ),
            ServiceUnavailable => (
                "Temporarily unavailable: try again shortly.",
                "一時的に利用できません。少し待ってから再度お試しください。",
            ),
            ReplayUnavailable => (
                "Those events are no longer kept: read the current state and subscribe again.",
                "そのイベントは保持されていません。現在の状態を取得してから購読し直してください。",
            ),
            Internal => (
                "Internal server error.",
                "サーバー内部でエラーが発生しました。",
            ),
        }
    }
}

/// The Japanese for the common reasons subgraphs give for refusing an input field (what
/// follows the field's name in the English message), fixed or with numbers in them.
pub fn input_reason_ja(reason: &str) -> Option<String> {
    let fixed = match reason {
        "is required" | "must not be empty" => Some("は必須です"),
        "is too long" => Some("が長すぎます"),
        "is not valid" | "is not correct" => Some("が正しくありません"),
        "is not an account" => Some("はアカウントではありません"),
        "is not a valid id" | "is not a valid ID" => Some("は正しい ID ではありません"),
        "is not a valid cursor" => Some("は正しいカーソルではありません"),
        "is not a valid e-mail address" => Some("は正しいメールアドレスではありません"),
        "is already registered" => Some("はすでに登録されています"),
        "is not a known role" => Some("は不明なロールです"),
        "does not name a company" => Some("は会社を指していません"),
        "must be 13 digits" => Some("は13桁の数字で入力してください"),
        "is invalid, used or expired" => Some("は無効、使用済み、または期限切れです"),
        "is invalid or expired" => Some("は無効または期限切れです"),
        "is not a valid invitation" => Some("は有効な招待ではありません"),
        "was revoked by the company" => Some("は会社によって取り消されました"),
        "has expired: ask the company to send it again" => {
            Some("の有効期限が切れています。会社に再送を依頼してください")
        }
        "is required to join without an account" => {
            Some("はアカウントなしで参加する場合に必須です")
        }
        "must be given to create an account" => Some("はアカウント作成に必要です"),
        "can only be granted by an administrator" => Some("は管理者のみが付与できます"),
        "must not be negative" => Some("は0以上で入力してください"),
        _ => None,
    };
    if let Some(fixed) = fixed {
        return Some(fixed.to_owned());
    }
    let number = |text: &str| text.parse::<f64>().is_ok().then(|| text.to_owned());
    if let Some(rest) = reason.strip_prefix("must be at most ") {
        if let Some(count) = rest.strip_suffix(" characters").and_then(number) {
            return Some(format!("は{count}文字以内で入力してください"));
        }
        return number(rest).map(|max| format!("は{max}以下で入力してください"));
    }
    if let Some(rest) = reason.strip_prefix("must be at least ") {
        if let Some(count) = rest.strip_suffix(" characters").and_then(number) {
            return Some(format!("は{count}文字以上で入力してください"));
        }
        return number(rest).map(|min| format!("は{min}以上で入力してください"));
    }
    if let Some((low, high)) = reason
        .strip_prefix("must be between ")
        .and_then(|rest| rest.split_once(" and "))
    {
        return number(low)
            .zip(number(high))
            .map(|(low, high)| format!("は{low}から{high}の範囲で入力してください"));
    }
    reason
        .strip_prefix("has at most ")
        .and_then(|rest| rest.strip_suffix(" entries"))
        .and_then(number)
        .map(|max| format!("は{max}件以内にしてください"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_in_english_and_in_japanese() {
        for code in ErrorCode::ALL {
            let en = code.describe(Language::En);
            let ja = code.describe(Language::Ja);
            assert!(en.is_ascii() && en.ends_with('.'), "{code}: {en}");
            assert!(
                ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)
                    || ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code}: {ja}"
            );
            assert_ne!(en, ja);
        }
    }

    #[test]
    fn accept_language_picks_the_best_supported_range() {
        let of = Language::of_accept_language;
        assert_eq!(of("ja"), Some(Language::Ja));
        assert_eq!(of("ja-JP,ja;q=0.9,en-US;q=0.8"), Some(Language::Ja));
        assert_eq!(of("en-US,en;q=0.9,ja;q=0.8"), Some(Language::En));
        assert_eq!(of("vi-VN,vi;q=0.9,ja;q=0.5,en;q=0.4"), Some(Language::Ja));
        assert_eq!(of("en;q=0.2, ja;q=0.7"), Some(Language::Ja));
        assert_eq!(of("vi, fr"), None);
        assert_eq!(of("ja;q=0, en"), Some(Language::En));
        assert_eq!(of(""), None);
        assert_eq!(of("*"), None);
    }

    #[test]
    fn common_input_reasons_read_in_japanese() {
        let ja = |reason: &str| input_reason_ja(reason);
        assert_eq!(ja("is required").as_deref(), Some("は必須です"));
        assert_eq!(
            ja("must be at most 200 characters").as_deref(),
            Some("は200文字以内で入力してください")
        );
        assert_eq!(
            ja("must be between 0 and 100").as_deref(),
            Some("は0から100の範囲で入力してください")
        );
        assert_eq!(
            ja("has at most 5 entries").as_deref(),
            Some("は5件以内にしてください")
        );
        assert_eq!(ja("must be at most many"), None);
        assert_eq!(ja("something else entirely"), None);
    }

    #[test]
    fn preferences_are_the_stored_language_codes() {
        assert_eq!(Language::of_preference("ja"), Some(Language::Ja));
        assert_eq!(Language::of_preference("EN"), Some(Language::En));
        assert_eq!(Language::of_preference("vi"), None);
    }
}
