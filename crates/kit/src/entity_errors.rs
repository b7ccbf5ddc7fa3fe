//! Puts the entity index back into the paths of errors raised while resolving `_entities`.
//!
//! async-graphql resolves every representation of an `_entities` fetch in the same context,
//! so a field error inside entity 3 is reported at `["_entities", "matches"]` instead of
//! `["_entities", 3, "matches"]`. The router maps subgraph errors onto the client's response
//! by that index; without it a client would see the subgraph's internal `_entities` path.
//! async-graphql offers no hook for this, hence this small post-processing step.
//!
//! Where the index is missing, the errors' entities are the ones whose value along the rest of
//! the path is null (a failed field resolves to null, and a failed non-null field nulls its
//! parent). Entities null right at the error's field come first, then those nulled higher up;
//! errors with the same path take them in that order.

use async_graphql::{PathSegment, Response, Value};
use std::collections::HashMap;

/// Adds the missing entity index to the paths of `response`'s errors, where it can be found.
pub fn index_entity_errors(mut response: Response) -> Response {
    let Value::Object(data) = &response.data else {
        return response;
    };
    // Candidates per (list key, rest of path), consumed in order by the errors that share it.
    let mut candidates: HashMap<String, std::vec::IntoIter<usize>> = HashMap::new();
    for error in &mut response.errors {
        let [PathSegment::Field(key), PathSegment::Field(_), ..] = error.path.as_slice() else {
            continue;
        };
        let Some(Value::List(entities)) = data.get(key.as_str()) else {
            continue;
        };
        let rest = &error.path[1..];
        let slots = candidates.entry(path_key(&error.path)).or_insert_with(|| {
            let mut nulled: Vec<(usize, usize)> = (0..entities.len())
                .filter_map(|index| null_depth(&entities[index], rest).map(|depth| (index, depth)))
                .collect();
            // Deepest first (null exactly at the field); stable, so by index within a depth.
            nulled.sort_by_key(|(_, depth)| std::cmp::Reverse(*depth));
            nulled
                .into_iter()
                .map(|(index, _)| index)
                .collect::<Vec<_>>()
                .into_iter()
        });
        if let Some(index) = slots.next() {
            error.path.insert(1, PathSegment::Index(index));
        }
    }
    response
}

/// A path as a map key (`PathSegment` is not `Hash`).
fn path_key(path: &[PathSegment]) -> String {
    path.iter()
        .map(|segment| match segment {
            PathSegment::Field(name) => name.clone(),
            PathSegment::Index(index) => format!("[{index}]"),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// How many segments of `path` lead from `value` to a null (or a missing field / index);
/// `None` when the path ends at a value.
fn null_depth(value: &Value, path: &[PathSegment]) -> Option<usize> {
    let mut current = value;
    for (depth, segment) in path.iter().enumerate() {
        if matches!(current, Value::Null) {
            return Some(depth);
        }
        let next = match (segment, current) {
            (PathSegment::Field(name), Value::Object(fields)) => fields.get(name.as_str()),
            (PathSegment::Index(index), Value::List(items)) => items.get(*index),
            _ => None,
        };
        match next {
            Some(value) => current = value,
            None => return Some(depth),
        }
    }
    matches!(current, Value::Null).then_some(path.len())
}

#[cfg(test)]
mod tests {
    use super::index_entity_errors;
    use async_graphql::{PathSegment, Response, ServerError, Value};

    fn error_at(path: &[&str]) -> ServerError {
        let mut error = ServerError::new("forbidden", None);
        error.path = path
            .iter()
            .map(|field| PathSegment::Field((*field).to_owned()))
            .collect();
        error
    }

    fn paths(response: &Response) -> Vec<serde_json::Value> {
        response
            .errors
            .iter()
            .map(|error| serde_json::to_value(&error.path).unwrap())
            .collect()
    }

    #[test]
    fn errors_point_at_the_entities_whose_field_is_null() {
        let data = Value::from_json(serde_json::json!({"_entities": [
            {"id": "a", "matches": [{"score": 1.0}]},
            {"id": "b", "matches": null},
            {"id": "c", "matches": null},
        ]}))
        .unwrap();
        let mut response = Response::new(data);
        response.errors = vec![
            error_at(&["_entities", "matches"]),
            error_at(&["_entities", "matches"]),
        ];
        let response = index_entity_errors(response);
        assert_eq!(
            paths(&response),
            [
                serde_json::json!(["_entities", 1, "matches"]),
                serde_json::json!(["_entities", 2, "matches"])
            ]
        );
    }

    #[test]
    fn a_failed_entity_and_nested_paths_are_found_and_indexed_paths_left_alone() {
        let data = Value::from_json(serde_json::json!({"_entities": [
            null,
            {"id": "b", "matches": [{"candidate": null}]},
        ]}))
        .unwrap();
        let mut response = Response::new(data);
        let mut nested = error_at(&["_entities", "matches"]);
        nested.path.push(PathSegment::Index(0));
        nested.path.push(PathSegment::Field("candidate".into()));
        let mut indexed = error_at(&["_entities"]);
        indexed.path.push(PathSegment::Index(0));
        response.errors = vec![error_at(&["_entities", "id"]), nested, indexed];
        let response = index_entity_errors(response);
        assert_eq!(
            paths(&response),
            [
                serde_json::json!(["_entities", 0, "id"]),
                serde_json::json!(["_entities", 1, "matches", 0, "candidate"]),
                serde_json::json!(["_entities", 0])
            ]
        );
    }
}
