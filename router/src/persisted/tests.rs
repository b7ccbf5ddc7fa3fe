use super::*;
use serde_json::json;
use std::time::Duration;

const QUERY: &str = "{ jobPostings(first: 1) { edges { node { id } } } }";

fn store() -> ApqStore {
    ApqStore::new(ApqCache::default(), None, "test", Duration::from_secs(60))
}

fn manifest() -> Arc<TrustedDocuments> {
    let manifest = json!({ sha256_hex(QUERY): QUERY, "relay-7": "{ me { id } }" });
    Arc::new(TrustedDocuments::parse(manifest.to_string().as_bytes()).expect("manifest"))
}

fn params(query: Option<&str>, hash: Option<&str>) -> GraphQLParams {
    GraphQLParams {
        query: query.map(str::to_owned),
        extensions: hash.map(|hash| json!({"persistedQuery": {"version": 1, "sha256Hash": hash}})),
        ..Default::default()
    }
}

async fn resolved(
    documents: &PersistedDocuments,
    mut params: GraphQLParams,
) -> Result<String, String> {
    documents
        .resolve(&mut params)
        .await
        .map(|_| params.query.unwrap_or_default())
        .map_err(|err| {
            err.graphql_errors()[0]
                .extensions
                .code
                .clone()
                .unwrap_or_default()
        })
}

#[tokio::test]
async fn a_hash_is_unknown_until_its_text_is_sent_with_it() {
    let documents = PersistedDocuments {
        apq: Some(store()),
        ..PersistedDocuments::none()
    };
    let hash = sha256_hex(QUERY);
    assert_eq!(
        resolved(&documents, params(None, Some(&hash))).await,
        Err("PERSISTED_QUERY_NOT_FOUND".into())
    );
    // Another text under this hash is refused, and not kept.
    assert_eq!(
        resolved(&documents, params(Some("{ me { id } }"), Some(&hash))).await,
        Err("PERSISTED_QUERY_HASH_MISMATCH".into())
    );
    assert_eq!(
        resolved(&documents, params(None, Some(&hash))).await,
        Err("PERSISTED_QUERY_NOT_FOUND".into())
    );
    assert_eq!(
        resolved(&documents, params(Some(QUERY), Some(&hash.to_uppercase()))).await,
        Ok(QUERY.into())
    );
    assert_eq!(
        resolved(&documents, params(None, Some(&hash))).await,
        Ok(QUERY.into())
    );
    // Plain requests are untouched.
    assert_eq!(
        resolved(&documents, params(Some("{ me { id } }"), None)).await,
        Ok("{ me { id } }".into())
    );
}

#[tokio::test]
async fn malformed_or_unsupported_persisted_queries_are_refused() {
    let documents = PersistedDocuments::none();
    assert_eq!(
        resolved(&documents, params(None, Some(&sha256_hex(QUERY)))).await,
        Err("PERSISTED_QUERY_NOT_SUPPORTED".into())
    );
    for extensions in [
        json!({"persistedQuery": {"version": 2, "sha256Hash": sha256_hex(QUERY)}}),
        json!({"persistedQuery": {"version": 1, "sha256Hash": "abc"}}),
        json!({"persistedQuery": {"version": 1}}),
    ] {
        let params = GraphQLParams {
            extensions: Some(extensions),
            ..Default::default()
        };
        assert_eq!(
            resolved(&documents, params).await,
            Err("BAD_REQUEST".into())
        );
    }
}

#[tokio::test]
async fn enforced_trusted_documents_run_by_id_or_text_and_nothing_else_does() {
    let documents = PersistedDocuments {
        apq: Some(store()),
        trusted: Some(manifest()),
        mode: TrustedDocumentsMode::Enforce,
    };
    assert_eq!(
        resolved(&documents, params(None, Some(&sha256_hex(QUERY)))).await,
        Ok(QUERY.into())
    );
    let by_document_id = GraphQLParams {
        document_id: Some("relay-7".into()),
        ..Default::default()
    };
    assert_eq!(
        resolved(&documents, by_document_id).await,
        Ok("{ me { id } }".into())
    );
    let prefixed = GraphQLParams {
        document_id: Some(format!("sha256:{}", sha256_hex(QUERY))),
        ..Default::default()
    };
    assert_eq!(resolved(&documents, prefixed).await, Ok(QUERY.into()));
    assert_eq!(
        resolved(&documents, params(Some(QUERY), None)).await,
        Ok(QUERY.into())
    );
    // Anything else, even registered through the APQ protocol, does not run.
    let other = "{ __typename }";
    assert_eq!(
        resolved(&documents, params(Some(other), None)).await,
        Err("PERSISTED_QUERY_NOT_IN_LIST".into())
    );
    assert_eq!(
        resolved(&documents, params(Some(other), Some(&sha256_hex(other)))).await,
        Err("PERSISTED_QUERY_NOT_IN_LIST".into())
    );
    assert_eq!(
        resolved(&documents, params(None, Some(&sha256_hex(other)))).await,
        Err("PERSISTED_QUERY_NOT_FOUND".into())
    );
    let unknown_id = GraphQLParams {
        document_id: Some("relay-8".into()),
        ..Default::default()
    };
    assert_eq!(
        resolved(&documents, unknown_id).await,
        Err("PERSISTED_QUERY_NOT_FOUND".into())
    );
}

#[tokio::test]
async fn allow_and_log_runs_every_operation() {
    let documents = PersistedDocuments {
        apq: None,
        trusted: Some(manifest()),
        mode: TrustedDocumentsMode::AllowAndLog,
    };
    assert_eq!(
        resolved(&documents, params(Some("{ __typename }"), None)).await,
        Ok("{ __typename }".into())
    );
}

#[test]
fn manifests_are_read_in_the_shapes_the_tools_write() {
    let codegen = json!({ format!("sha256:{}", sha256_hex(QUERY)): QUERY });
    let read = TrustedDocuments::parse(codegen.to_string().as_bytes()).expect("codegen");
    assert_eq!(
        read.get(&sha256_hex(QUERY)).map(|text| &**text),
        Some(QUERY)
    );
    let apollo = json!({"format": "apollo-persisted-query-manifest", "version": 1,
        "operations": [{"id": "abc", "body": QUERY, "name": "Postings", "type": "query"}]});
    let read = TrustedDocuments::parse(apollo.to_string().as_bytes()).expect("apollo");
    assert!(read.contains_text(QUERY));
    assert_eq!(read.len(), 1);
    for bad in ["[]", "{}", "not json", r#"{"a": 1}"#] {
        assert!(TrustedDocuments::parse(bad.as_bytes()).is_err(), "{bad}");
    }
}
