//! Every stable `extensions.code` the API answers with, spelled once. Clients branch on these,
//! so they never change; subgraphs raise them, and the router passes a subgraph's error on to
//! clients only when its code is one of them (see the router's `response_errors`).

wire_names! {
    /// A stable error code; `as_str` is what clients see in `extensions.code`.
    pub enum ErrorCode {
        // What the caller sent.
        /// An input value or field was refused; `extensions.field` names it.
        BadUserInput => "BAD_USER_INPUT",
        /// The HTTP request itself was malformed (not a GraphQL request).
        BadRequest => "BAD_REQUEST",
        GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
        GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
        OperationNotFound => "OPERATION_NOT_FOUND",
        /// The router does not know the document a hash names (Apollo's automatic persisted
        /// queries): send the hash again with the text.
        PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
        /// The text sent with a persisted query's hash is not the text the hash is of.
        PersistedQueryHashMismatch => "PERSISTED_QUERY_HASH_MISMATCH",
        /// Persisted queries are turned off on this router: send the text.
        PersistedQueryNotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
        /// Only the apps' own operations (the trusted documents) run on this router.
        PersistedQueryNotInList => "PERSISTED_QUERY_NOT_IN_LIST",
        NotFound => "NOT_FOUND",
        Conflict => "CONFLICT",
        /// A posting breaks immigration or labour rules; `extensions.findings` lists them.
        ComplianceFailed => "COMPLIANCE_FAILED",

        // Who the caller is.
        Unauthenticated => "UNAUTHENTICATED",
        Forbidden => "FORBIDDEN",
        RateLimited => "RATE_LIMITED",
        MfaRequired => "MFA_REQUIRED",
        EmailNotVerified => "EMAIL_NOT_VERIFIED",
        AccountSuspended => "ACCOUNT_SUSPENDED",
        AccountInactive => "ACCOUNT_INACTIVE",
        AccountLocked => "ACCOUNT_LOCKED",
        CsrfPreventionFailed => "CSRF_PREVENTION_FAILED",
        IntrospectionDisabled => "INTROSPECTION_DISABLED",

        // What one request may ask.
        RequestTooLarge => "REQUEST_TOO_LARGE",
        MaxTokensExceeded => "MAX_TOKENS_EXCEEDED",
        MaxDepthExceeded => "MAX_DEPTH_EXCEEDED",
        MaxAliasesExceeded => "MAX_ALIASES_EXCEEDED",
        MaxDirectivesExceeded => "MAX_DIRECTIVES_EXCEEDED",
        MaxRootFieldsExceeded => "MAX_ROOT_FIELDS_EXCEEDED",
        MaxIntrospectionDepthExceeded => "MAX_INTROSPECTION_DEPTH_EXCEEDED",
        MaxComplexityExceeded => "MAX_COMPLEXITY_EXCEEDED",
        MaxRepresentationsExceeded => "MAX_REPRESENTATIONS_EXCEEDED",
        CostEstimatedTooExpensive => "COST_ESTIMATED_TOO_EXPENSIVE",
        TooManyErrors => "TOO_MANY_ERRORS",
        /// A batched request holds more operations than allowed (or batching is off).
        MaxBatchSizeExceeded => "MAX_BATCH_SIZE_EXCEEDED",

        // What went wrong on our side.
        QueryPlanningFailed => "QUERY_PLANNING_FAILED",
        RequestTimeout => "REQUEST_TIMEOUT",
        SubgraphUnavailable => "SUBGRAPH_UNAVAILABLE",
        /// A store the request needs (the database, Redis) is unreachable for now; the request
        /// changed nothing and may be retried (`extensions.retryAfter`, seconds).
        ServiceUnavailable => "SERVICE_UNAVAILABLE",
        /// A subscription asked to resume after an event that is no longer kept (or never
        /// existed): read the current state, then subscribe without `resumeAfter`.
        ReplayUnavailable => "REPLAY_UNAVAILABLE",
        Internal => "INTERNAL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_upper_snake_case_and_parses_back() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{name}"
            );
            assert_eq!(ErrorCode::parse(name), Some(*code));
        }
    }
}
