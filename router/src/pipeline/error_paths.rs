//! `path` for errors of failed subgraph fetches.
//!
//! When a subgraph cannot be reached the executor leaves the fields it would have provided
//! null and adds an error naming the subgraph (`extensions.service`) and, for entity fetches,
//! the plan path it was merging into (`extensions.affectedPath`, e.g. `products.@`) — but no
//! GraphQL `path`. Clients match errors to fields by `path`, so it is filled in here from the
//! plan (which fields that fetch provides) and the response data (which of them are now null,
//! at which list indexes). An error that cannot be placed is left as it is.

use graphql_tools::static_graphql::query::{
    Definition, OperationDefinition, Selection, SelectionSet,
};
use hive_router_query_planner::planner::plan_nodes::{FetchNode, PlanNode, QueryPlan};
use sonic_rs::{JsonContainerTrait, JsonValueMutTrait, JsonValueTrait, Value};

/// Paths per error are capped: one failed entity fetch over a long list would otherwise
/// produce an error per item.
const MAX_PATHS_PER_ERROR: usize = 20;

/// Adds `path` to the fetch-failure errors of a response (errors naming a subgraph in
/// `extensions.service` and carrying no `path`).
pub fn complete_paths(response: &mut Value, plan: &QueryPlan) {
    let needs_paths = response
        .get("errors")
        .and_then(|errors| errors.as_array())
        .is_some_and(|errors| {
            errors.iter().any(|error| {
                error.get("path").is_none() && error.pointer(["extensions", "service"]).is_some()
            })
        });
    if !needs_paths {
        return;
    }
    let data = response.get("data").cloned().unwrap_or_default();
    let Some(errors) = response
        .get_mut("errors")
        .and_then(|errors| errors.as_array_mut())
    else {
        return;
    };
    let sites = fetch_sites(plan);
    let mut completed = sonic_rs::Array::new();
    for error in errors.iter() {
        let paths = if error.get("path").is_some() {
            Vec::new()
        } else {
            paths_for(error, &sites, &data)
        };
        if paths.is_empty() {
            completed.push(error.clone());
        }
        for path in paths {
            let mut located = error.clone();
            if let Some(object) = located.as_object_mut() {
                object.insert("path", path);
            }
            completed.push(located);
        }
    }
    *errors = completed;
}

/// One fetch of the plan: its subgraph, where its result is merged (`None` at the root) and
/// the response keys it provides there.
struct FetchSite {
    service: String,
    merge_path: Option<String>,
    fields: Vec<String>,
}

fn fetch_sites(plan: &QueryPlan) -> Vec<FetchSite> {
    let mut sites = Vec::new();
    if let Some(node) = &plan.node {
        collect(node, None, &mut sites);
    }
    sites
}

fn collect(node: &PlanNode, merge_path: Option<String>, sites: &mut Vec<FetchSite>) {
    match node {
        PlanNode::Fetch(fetch) => sites.push(site(fetch, merge_path)),
        PlanNode::Subscription(subscription) => sites.push(site(&subscription.primary, None)),
        PlanNode::BatchFetch(batch) => {
            for alias in &batch.entity_batch.aliases {
                let fields = provided_fields(&batch.operation.document_str, Some(&alias.alias));
                for path in &alias.merge_paths {
                    sites.push(FetchSite {
                        service: batch.service_name.clone(),
                        merge_path: Some(path.to_string()),
                        fields: fields.clone(),
                    });
                }
            }
        }
        PlanNode::Sequence(sequence) => {
            for node in &sequence.nodes {
                collect(node, merge_path.clone(), sites);
            }
        }
        PlanNode::Parallel(parallel) => {
            for node in &parallel.nodes {
                collect(node, merge_path.clone(), sites);
            }
        }
        PlanNode::Flatten(flatten) => collect(&flatten.node, Some(flatten.path.to_string()), sites),
        PlanNode::Condition(condition) => {
            for clause in [&condition.if_clause, &condition.else_clause]
                .into_iter()
                .flatten()
            {
                collect(clause, merge_path.clone(), sites);
            }
        }
        PlanNode::Defer(_) => {}
    }
}

fn site(fetch: &FetchNode, merge_path: Option<String>) -> FetchSite {
    let entity_field = merge_path.as_ref().map(|_| "_entities");
    FetchSite {
        service: fetch.service_name.clone(),
        fields: provided_fields(&fetch.operation.document_str, entity_field),
        merge_path,
    }
}

/// The response keys a subgraph operation provides: its root fields, or (for entity fetches)
/// the fields selected on the entities under the root field with response key `under`.
fn provided_fields(operation: &str, under: Option<&str>) -> Vec<String> {
    let Ok(document) = graphql_tools::parser::parse_query::<String>(operation) else {
        return Vec::new();
    };
    let document = document.into_static();
    let Some(root) = document
        .definitions
        .iter()
        .find_map(|definition| match definition {
            Definition::Operation(OperationDefinition::Query(query)) => Some(&query.selection_set),
            Definition::Operation(OperationDefinition::Mutation(mutation)) => {
                Some(&mutation.selection_set)
            }
            Definition::Operation(OperationDefinition::Subscription(subscription)) => {
                Some(&subscription.selection_set)
            }
            Definition::Operation(OperationDefinition::SelectionSet(selection_set)) => {
                Some(selection_set)
            }
            Definition::Fragment(_) => None,
        })
    else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    match under {
        None => response_keys(root, &mut fields),
        Some(key) => {
            for selection in &root.items {
                if let Selection::Field(field) = selection
                    && field.alias.as_deref().unwrap_or(&field.name) == key
                {
                    response_keys(&field.selection_set, &mut fields);
                }
            }
        }
    }
    fields
}

fn response_keys(selection_set: &SelectionSet, keys: &mut Vec<String>) {
    for selection in &selection_set.items {
        match selection {
            Selection::Field(field) if field.name != "__typename" => {
                let key = field.alias.as_ref().unwrap_or(&field.name);
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
            Selection::Field(_) | Selection::FragmentSpread(_) => {}
            Selection::InlineFragment(fragment) => response_keys(&fragment.selection_set, keys),
        }
    }
}

/// The concrete paths of the null fields that the failed fetch of `error` should have provided.
fn paths_for(error: &Value, sites: &[FetchSite], data: &Value) -> Vec<Value> {
    let Some(service) = error
        .pointer(["extensions", "service"])
        .and_then(|v| v.as_str())
    else {
        return Vec::new();
    };
    let affected = error
        .pointer(["extensions", "affectedPath"])
        .and_then(|value| value.as_str());
    let mut paths = Vec::new();
    for site in sites
        .iter()
        .filter(|site| site.service == service && site.merge_path.as_deref() == affected)
    {
        let segments: Vec<&str> = site
            .merge_path
            .as_deref()
            .map(|path| path.split('.').collect())
            .unwrap_or_default();
        let mut prefix = Vec::new();
        walk(data, &segments, &site.fields, &mut prefix, &mut paths);
    }
    paths.truncate(MAX_PATHS_PER_ERROR);
    paths
}

/// Follows the merge path through `value` (`@` = every list item) and records `prefix + field`
/// for each provided field that is null at the end.
fn walk(
    value: &Value,
    segments: &[&str],
    fields: &[String],
    prefix: &mut Vec<Value>,
    paths: &mut Vec<Value>,
) {
    if paths.len() >= MAX_PATHS_PER_ERROR {
        return;
    }
    match segments.split_first() {
        None => {
            if let Some(object) = value.as_object() {
                for field in fields {
                    if object.get(field).is_some_and(|value| value.is_null()) {
                        let mut path: Vec<Value> = prefix.clone();
                        path.push(Value::from(field.as_str()));
                        paths.push(Value::from(path));
                    }
                }
            }
        }
        Some((segment, rest)) if segment.starts_with('@') => {
            if let Some(items) = value.as_array() {
                for (index, item) in items.iter().enumerate() {
                    prefix.push(Value::from(index as u64));
                    walk(item, rest, fields, prefix, paths);
                    prefix.pop();
                }
            }
        }
        Some((segment, rest)) => {
            // `field|[Type]` narrows by type; the projected data has no `__typename` to check,
            // and a null provided field is the signal that matters.
            let name = segment.split('|').next().unwrap_or(segment);
            if let Some(child) = value.get(name) {
                prefix.push(Value::from(name));
                walk(child, rest, fields, prefix, paths);
                prefix.pop();
            }
        }
    }
}

#[cfg(test)]
#[path = "error_paths_tests.rs"]
mod tests;
