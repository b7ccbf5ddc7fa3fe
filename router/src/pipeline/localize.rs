//! Error messages in the caller's language. Subgraphs and the router's stages write their
//! messages in English; here, last before a response leaves, an error whose caller reads
//! Japanese gets a Japanese `message` and keeps the English one in `extensions.detail` (for
//! support and logs). `extensions.code` never changes: clients branch on it.
//!
//! The language is the signed-in user's preference (the token's `lang` claim), else the best
//! of `Accept-Language` that is Japanese or English, else English. Responses without errors,
//! and English callers, are not touched (nor parsed).
//!
//! The sentence per code comes from `contracts::error_messages`; a refused input field reads
//! `<field>: <reason in Japanese>` when the reason is a known one, else the code's sentence
//! with the field named.

use super::ClientRequest;
use contracts::ErrorCode;
use contracts::error_messages::{Language, input_reason_ja};
use hive_router_plan_executor::execution::client_request_details::JwtRequestDetails;
use http::header::ACCEPT_LANGUAGE;
use sonic_rs::{JsonValueMutTrait, JsonValueTrait, Value};

/// The language `client`'s errors are answered in.
pub fn language(client: &ClientRequest) -> Language {
    let preference = match client.jwt.as_ref() {
        JwtRequestDetails::Authenticated { claims, .. } => claims
            .get("lang")
            .and_then(|lang| lang.as_str())
            .and_then(Language::of_preference),
        JwtRequestDetails::Unauthenticated => None,
    };
    preference.unwrap_or_else(|| of_headers(&client.headers))
}

/// The language of a request not yet authenticated: its `Accept-Language`, else English.
pub fn of_headers(headers: &http::HeaderMap) -> Language {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(Language::of_accept_language)
        .unwrap_or_default()
}

/// Says which language the response is in, and that `Accept-Language` chose it (for caches
/// of GET queries).
pub fn mark(response: &mut axum::response::Response, language: Language) {
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_LANGUAGE,
        http::HeaderValue::from_static(language.tag()),
    );
    let marked = headers
        .get_all(http::header::VARY)
        .iter()
        .any(|value| value.as_bytes().eq_ignore_ascii_case(b"accept-language"));
    if !marked {
        headers.append(
            http::header::VARY,
            http::HeaderValue::from_static("accept-language"),
        );
    }
}

/// A serialized response with its errors in `language`.
pub fn body(body: Vec<u8>, language: Language) -> Vec<u8> {
    if language == Language::En || !mentions_errors(&body) {
        return body;
    }
    let Ok(mut response) = sonic_rs::from_slice::<Value>(&body) else {
        return body;
    };
    let Some(errors) = response
        .get_mut("errors")
        .and_then(|errors| errors.as_array_mut())
    else {
        return body;
    };
    for error in errors.iter_mut() {
        translate(error, language);
    }
    sonic_rs::to_vec(&response).unwrap_or(body)
}

/// A serialized list of errors (a graphql-ws `error` payload) in `language`.
pub fn error_list(list: String, language: Language) -> String {
    if language == Language::En {
        return list;
    }
    let Ok(mut errors) = sonic_rs::from_str::<Value>(&list) else {
        return list;
    };
    let Some(array) = errors.as_array_mut() else {
        return list;
    };
    for error in array.iter_mut() {
        translate(error, language);
    }
    sonic_rs::to_string(&errors).unwrap_or(list)
}

fn mentions_errors(body: &[u8]) -> bool {
    const KEY: &[u8] = b"\"errors\"";
    body.windows(KEY.len()).any(|window| window == KEY)
}

fn translate(error: &mut Value, language: Language) {
    let Some(code) = error
        .pointer(["extensions", "code"])
        .and_then(|code| code.as_str())
        .and_then(ErrorCode::parse)
    else {
        return;
    };
    let english = error
        .get("message")
        .and_then(|message| message.as_str())
        .unwrap_or_default()
        .to_owned();
    let field = error
        .pointer(["extensions", "field"])
        .and_then(|field| field.as_str())
        .map(str::to_owned);
    let message = match (&field, code) {
        (Some(field), ErrorCode::BadUserInput) => english
            .strip_prefix(field.as_str())
            .map(str::trim_start)
            .and_then(input_reason_ja)
            .map(|reason| format!("{field}{reason}。"))
            .unwrap_or_else(|| format!("{}（{field}）", code.describe(language))),
        _ => code.describe(language).to_owned(),
    };
    if let Some(object) = error.as_object_mut() {
        object.insert("message", Value::from(message.as_str()));
    }
    if let Some(extensions) = error
        .get_mut("extensions")
        .and_then(|extensions| extensions.as_object_mut())
    {
        extensions.insert("detail", Value::from(english.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn japanese(body: &str) -> sonic_rs::Value {
        let out = super::body(body.as_bytes().to_vec(), Language::Ja);
        sonic_rs::from_slice(&out).expect("json")
    }

    #[test]
    fn a_refused_field_reads_its_reason_in_japanese_and_keeps_the_english() {
        let out = japanese(
            r#"{"data":null,"errors":[{"message":"corporateNumber must be 13 digits","extensions":{"code":"BAD_USER_INPUT","field":"corporateNumber"}}]}"#,
        );
        let error = &out["errors"][0];
        assert_eq!(
            error["message"].as_str(),
            Some("corporateNumberは13桁の数字で入力してください。")
        );
        assert_eq!(
            error["extensions"]["detail"].as_str(),
            Some("corporateNumber must be 13 digits")
        );
        assert_eq!(error["extensions"]["code"].as_str(), Some("BAD_USER_INPUT"));
    }

    #[test]
    fn an_unknown_reason_names_the_field_in_the_codes_sentence() {
        let out = japanese(
            r#"{"errors":[{"message":"website must be set first","extensions":{"code":"BAD_USER_INPUT","field":"website"}}]}"#,
        );
        assert_eq!(
            out["errors"][0]["message"].as_str(),
            Some("入力内容に誤りがあります。（website）")
        );
    }

    #[test]
    fn every_other_code_reads_its_sentence() {
        let out = japanese(
            r#"{"data":{"a":null},"errors":[{"message":"not allowed","path":["a"],"extensions":{"code":"FORBIDDEN"}}]}"#,
        );
        assert_eq!(
            out["errors"][0]["message"].as_str(),
            Some("この操作を行う権限がありません。")
        );
        assert_eq!(out["errors"][0]["path"][0].as_str(), Some("a"));
    }

    #[test]
    fn english_and_error_free_responses_are_left_as_they_are() {
        let body = br#"{"data":{"a":1}}"#.to_vec();
        assert_eq!(super::body(body.clone(), Language::Ja), body);
        let errors = br#"{"errors":[{"message":"x","extensions":{"code":"FORBIDDEN"}}]}"#.to_vec();
        assert_eq!(super::body(errors.clone(), Language::En), errors);
    }
}
