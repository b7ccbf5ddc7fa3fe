use super::*;
use hive_router_query_planner::planner::query_plan::QUERY_PLAN_KIND;

fn finish(body: serde_json::Value, edge: &EdgeConfig) -> serde_json::Value {
    let plan = QueryPlan {
        kind: QUERY_PLAN_KIND,
        node: None,
    };
    let out = finish_errors(serde_json::to_vec(&body).unwrap(), &plan, edge);
    serde_json::from_slice(&out).unwrap()
}

fn subgraph_error(message: &str, code: &str) -> serde_json::Value {
    serde_json::json!({
        "message": message,
        "path": ["auditLogs"],
        "extensions": {"code": code, "service": "users", "affectedPath": "auditLogs", "field": "email", "trace": "at db.rs:12"}
    })
}

#[test]
fn stable_codes_keep_their_message_and_client_extensions_only() {
    let body =
        serde_json::json!({"data": null, "errors": [subgraph_error("email is taken", "CONFLICT")]});
    let out = finish(body, &EdgeConfig::default());
    let error = &out["errors"][0];
    assert_eq!(error["message"], "email is taken");
    assert_eq!(
        error["extensions"],
        serde_json::json!({"code": "CONFLICT", "field": "email"})
    );
    assert_eq!(error["path"], serde_json::json!(["auditLogs"]));
}

#[test]
fn subgraph_input_parse_failures_become_bad_user_input_naming_the_input() {
    let message = "Failed to parse \"DateTime\": premature end of input (occurred while parsing \"AuditLogFilterInput\")";
    let body = serde_json::json!({"data": null, "errors": [subgraph_error(message, "DOWNSTREAM_SERVICE_ERROR")]});
    let out = finish(body, &EdgeConfig::default());
    let error = &out["errors"][0];
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(error["extensions"]["field"], "AuditLogFilterInput");
    assert_eq!(
        error["message"],
        "Invalid value for a DateTime in AuditLogFilterInput."
    );
    assert!(error["extensions"].get("service").is_none());
}

#[test]
fn unknown_and_transport_failures_are_masked() {
    let body = serde_json::json!({"data": null, "errors": [
        subgraph_error("relation \"users\" does not exist", "DOWNSTREAM_SERVICE_ERROR"),
        subgraph_error("error sending request for url (http://10.0.0.3:4001/graphql)", "SUBREQUEST_HTTP_ERROR"),
    ]});
    let out = finish(body, &EdgeConfig::default()).to_string();
    assert!(
        !out.contains("relation") && !out.contains("10.0.0.3"),
        "{out}"
    );
    assert!(
        !out.contains("\"service\"") && !out.contains("trace"),
        "{out}"
    );
    assert!(
        out.contains("\"INTERNAL\"") && out.contains("SUBGRAPH_UNAVAILABLE"),
        "{out}"
    );
}

#[test]
fn errors_made_by_the_router_pass_and_debugging_shows_everything() {
    let own =
        serde_json::json!({"message": "Cannot return null for non-nullable field", "path": ["a"]});
    let body = serde_json::json!({"data": null, "errors": [own.clone()]});
    assert_eq!(finish(body, &EdgeConfig::default())["errors"][0], own);

    let debug = EdgeConfig {
        expose_subgraph_errors: true,
        ..EdgeConfig::default()
    };
    let body = serde_json::json!({"data": null, "errors": [subgraph_error("secret detail", "DOWNSTREAM_SERVICE_ERROR")]});
    let out = finish(body, &debug);
    assert_eq!(out["errors"][0]["message"], "secret detail");
    assert_eq!(out["errors"][0]["extensions"]["service"], "users");
}

#[test]
fn long_messages_are_cut_and_errors_capped() {
    let echoed = format!("email {} is not valid", "x".repeat(20_000));
    let mut errors: Vec<serde_json::Value> = vec![subgraph_error(&echoed, "BAD_USER_INPUT")];
    for index in 0..99 {
        errors.push(serde_json::json!({"message": format!("error {index}"), "path": ["a", index]}));
    }
    let edge = EdgeConfig::default();
    let out = finish(serde_json::json!({"data": {}, "errors": errors}), &edge);
    let errors = out["errors"].as_array().unwrap();
    assert_eq!(errors.len(), edge.limits.max_errors);
    let first = errors[0]["message"].as_str().unwrap();
    assert!(
        first.chars().count() <= MAX_MESSAGE_CHARS + 1,
        "{}",
        first.len()
    );
    let last = errors.last().unwrap();
    assert_eq!(last["extensions"]["code"], "TOO_MANY_ERRORS");
    assert!(
        last["message"].as_str().unwrap().contains("51 more"),
        "{last}"
    );
}
