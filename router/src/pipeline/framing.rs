//! How one operation's results are written on the transport that carries them. The operation
//! itself (`websocket_operation.rs`: authentication, the subscription's per-event checks, how it
//! ends) is the same on every transport; only these frames differ:
//!
//! - graphql-transport-ws: `{"id", "type": "next", "payload"}`, then `complete`, or `error`
//!   with the errors instead;
//! - GraphQL over Server-Sent Events (graphql-sse, distinct connections mode): `event: next`
//!   with the result, then `event: complete`; errors before execution are a `next` carrying
//!   them;
//! - Apollo's multipart HTTP subscriptions (`multipart/mixed; subscriptionSpec="1.0"`): a part
//!   `{"payload": <result>}` per result, `{"payload": null, "errors": [...]}` for an operation
//!   refused before it ran, and the closing boundary.

/// The boundary of multipart responses, as Apollo's clients expect it by default.
pub const MULTIPART_BOUNDARY: &str = "graphql";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Framing {
    /// The operation's id, as a JSON string.
    GraphqlWs {
        id_json: String,
    },
    Sse,
    Multipart,
}

impl Framing {
    pub fn graphql_ws(id: &str) -> Self {
        Self::GraphqlWs {
            id_json: serde_json::Value::String(id.to_owned()).to_string(),
        }
    }

    /// One result (a serialized GraphQL response).
    pub fn next(&self, payload: &str) -> String {
        match self {
            Self::GraphqlWs { id_json } => {
                format!(r#"{{"id":{id_json},"type":"next","payload":{payload}}}"#)
            }
            Self::Sse => format!("event: next\ndata: {payload}\n\n"),
            Self::Multipart => multipart_part(&format!(r#"{{"payload":{payload}}}"#)),
        }
    }

    /// The end of a stream that ran.
    pub fn complete(&self) -> String {
        match self {
            Self::GraphqlWs { id_json } => format!(r#"{{"id":{id_json},"type":"complete"}}"#),
            Self::Sse => "event: complete\ndata: \n\n".to_owned(),
            Self::Multipart => format!("\r\n--{MULTIPART_BOUNDARY}--\r\n"),
        }
    }

    /// An operation refused before it ran (`errors`: a JSON array), and the end of its stream.
    pub fn refused(&self, errors: &str) -> Vec<String> {
        match self {
            Self::GraphqlWs { id_json } => {
                vec![format!(
                    r#"{{"id":{id_json},"type":"error","payload":{errors}}}"#
                )]
            }
            Self::Sse => vec![
                self.next(&format!(r#"{{"errors":{errors}}}"#)),
                self.complete(),
            ],
            Self::Multipart => vec![
                multipart_part(&format!(r#"{{"payload":null,"errors":{errors}}}"#)),
                self.complete(),
            ],
        }
    }

    /// What keeps an idle stream open through proxies (`None`: the transport has its own).
    pub fn heartbeat(&self) -> Option<String> {
        match self {
            Self::GraphqlWs { .. } => None,
            Self::Sse => Some(":\n\n".to_owned()),
            Self::Multipart => Some(multipart_part("{}")),
        }
    }
}

fn multipart_part(json: &str) -> String {
    format!(
        "\r\n--{MULTIPART_BOUNDARY}\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{json}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_transport_frames_results_its_own_way() {
        let ws = Framing::graphql_ws("a\"1");
        assert_eq!(
            ws.next(r#"{"data":{}}"#),
            r#"{"id":"a\"1","type":"next","payload":{"data":{}}}"#
        );
        assert_eq!(
            ws.refused("[]"),
            [r#"{"id":"a\"1","type":"error","payload":[]}"#]
        );
        assert_eq!(Framing::Sse.next("{}"), "event: next\ndata: {}\n\n");
        assert_eq!(Framing::Sse.refused("[]").len(), 2);
        assert_eq!(
            Framing::Multipart.next(r#"{"data":1}"#),
            "\r\n--graphql\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{\"payload\":{\"data\":1}}"
        );
        assert_eq!(Framing::Multipart.complete(), "\r\n--graphql--\r\n");
    }
}
