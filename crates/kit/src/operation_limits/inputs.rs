//! A ceiling on the size of every list and string a request carries, in its variables and in
//! the literal arguments of its document, checked before async-graphql coerces a single item.
//!
//! The resolvers check each field's own limits (and name them); this ceiling is far above any
//! of those, so it only ever stops input no field would accept, and does so before the work of
//! coercing (and then checking) thousands of items. `_entities` representations are exempt:
//! they have their own bound.

use super::{MAX_INPUT_LIST_ITEMS, MAX_INPUT_STRING_CHARS};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Variables};
use async_graphql_value::{ConstValue, Value};
use std::collections::{HashMap, HashSet};

/// The first input found over the ceiling.
#[derive(Debug, PartialEq, Eq)]
pub enum Oversized {
    /// A list: the input field (or argument, or variable) that holds it and its length.
    List { field: String, len: usize },
    /// A string: the input field that holds it.
    String { field: String },
}

/// Checks `variables` (but not the top-level lists of `exempt` ones) and every literal value in
/// `document`: field and directive arguments, and variable defaults. A variable's value is
/// named by the input field or argument it is passed to (`technicalSkills`, not `$skills`).
pub fn check(
    document: &ExecutableDocument,
    variables: &Variables,
    exempt: &HashSet<String>,
) -> Result<(), Oversized> {
    let mut fields = HashMap::new();
    for (_, operation) in document.operations.iter() {
        passed_to(&operation.node.selection_set.node, &mut fields);
    }
    for fragment in document.fragments.values() {
        passed_to(&fragment.node.selection_set.node, &mut fields);
    }
    for (name, value) in variables.iter() {
        let field = fields.get(name).copied().unwrap_or(name);
        match value {
            ConstValue::List(items) if exempt.contains(name.as_str()) => {
                items.iter().try_for_each(|item| constant(field, item))?;
            }
            value => constant(field, value)?,
        }
    }
    for (_, operation) in document.operations.iter() {
        for definition in &operation.node.variable_definitions {
            if let Some(default) = &definition.node.default_value {
                constant(&definition.node.name.node, &default.node)?;
            }
        }
        selection_set(&operation.node.selection_set.node)?;
    }
    for fragment in document.fragments.values() {
        selection_set(&fragment.node.selection_set.node)?;
    }
    Ok(())
}

/// Which input field or argument each variable is passed to (the first place it appears).
fn passed_to<'a>(set: &'a SelectionSet, fields: &mut HashMap<&'a Name, &'a Name>) {
    fn visit<'a>(field: &'a Name, value: &'a Value, fields: &mut HashMap<&'a Name, &'a Name>) {
        match value {
            Value::Variable(variable) => {
                fields.entry(variable).or_insert(field);
            }
            Value::List(items) => items.iter().for_each(|item| visit(field, item, fields)),
            Value::Object(object) => object
                .iter()
                .for_each(|(key, item)| visit(key, item, fields)),
            _ => {}
        }
    }
    for selection in &set.items {
        let arguments = selection
            .node
            .directives()
            .iter()
            .flat_map(|directive| directive.node.arguments.iter());
        let (field_arguments, children) = match &selection.node {
            Selection::Field(field) => (
                field.node.arguments.as_slice(),
                Some(&field.node.selection_set.node),
            ),
            Selection::InlineFragment(inline) => (&[][..], Some(&inline.node.selection_set.node)),
            Selection::FragmentSpread(_) => (&[][..], None),
        };
        for (name, argument) in arguments.chain(field_arguments) {
            visit(&name.node, &argument.node, fields);
        }
        if let Some(children) = children {
            passed_to(children, fields);
        }
    }
}

fn selection_set(set: &SelectionSet) -> Result<(), Oversized> {
    for selection in &set.items {
        for directive in selection.node.directives() {
            arguments(&directive.node.arguments)?;
        }
        match &selection.node {
            Selection::Field(field) => {
                if field.node.name.node != "_entities" {
                    arguments(&field.node.arguments)?;
                }
                selection_set(&field.node.selection_set.node)?;
            }
            Selection::InlineFragment(inline) => selection_set(&inline.node.selection_set.node)?,
            Selection::FragmentSpread(_) => {}
        }
    }
    Ok(())
}

fn arguments(
    arguments: &[(
        async_graphql::Positioned<Name>,
        async_graphql::Positioned<Value>,
    )],
) -> Result<(), Oversized> {
    arguments
        .iter()
        .try_for_each(|(name, value)| literal(&name.node, &value.node))
}

fn literal(field: &Name, value: &Value) -> Result<(), Oversized> {
    match value {
        Value::List(items) => {
            list(field, items.len())?;
            items.iter().try_for_each(|item| literal(field, item))
        }
        Value::Object(fields) => fields.iter().try_for_each(|(key, item)| literal(key, item)),
        Value::String(text) => string(field, text),
        _ => Ok(()),
    }
}

fn constant(field: &Name, value: &ConstValue) -> Result<(), Oversized> {
    match value {
        ConstValue::List(items) => {
            list(field, items.len())?;
            items.iter().try_for_each(|item| constant(field, item))
        }
        ConstValue::Object(fields) => fields
            .iter()
            .try_for_each(|(key, item)| constant(key, item)),
        ConstValue::String(text) => string(field, text),
        _ => Ok(()),
    }
}

fn list(field: &Name, len: usize) -> Result<(), Oversized> {
    if len > MAX_INPUT_LIST_ITEMS {
        return Err(Oversized::List {
            field: field.to_string(),
            len,
        });
    }
    Ok(())
}

fn string(field: &Name, text: &str) -> Result<(), Oversized> {
    // A character takes at least one byte, so most strings need no counting.
    if text.len() > MAX_INPUT_STRING_CHARS && text.chars().nth(MAX_INPUT_STRING_CHARS).is_some() {
        return Err(Oversized::String {
            field: field.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;
    use serde_json::json;

    fn checked(query: &str, variables: serde_json::Value) -> Result<(), Oversized> {
        let document = parse_query(query).expect("parses");
        let exempt = HashSet::from(["reps".to_owned()]);
        check(&document, &Variables::from_json(variables), &exempt)
    }

    #[test]
    fn lists_and_strings_in_variables_are_named_by_their_input_field() {
        let many: Vec<&str> = vec!["rust"; MAX_INPUT_LIST_ITEMS + 1];
        assert_eq!(
            checked(
                "mutation($input: In!) { update(input: $input) }",
                json!({"input": {"name": "x", "technicalSkills": many}})
            ),
            Err(Oversized::List {
                field: "technicalSkills".into(),
                len: MAX_INPUT_LIST_ITEMS + 1
            })
        );
        let long = "あ".repeat(MAX_INPUT_STRING_CHARS + 1);
        assert_eq!(
            checked("query($q: String) { search(q: $q) }", json!({"q": long})),
            Err(Oversized::String { field: "q".into() })
        );
        // Multi-byte characters count once each.
        let at_limit = "あ".repeat(MAX_INPUT_STRING_CHARS);
        assert_eq!(
            checked(
                "query($q: String) { search(q: $q) }",
                json!({"q": at_limit})
            ),
            Ok(())
        );
    }

    #[test]
    fn a_variable_is_named_by_the_field_it_is_passed_to() {
        let many: Vec<&str> = vec!["rust"; MAX_INPUT_LIST_ITEMS + 1];
        assert_eq!(
            checked(
                "mutation($skills: [String!]) { update(input: {technicalSkills: $skills}) }",
                json!({"skills": many})
            ),
            Err(Oversized::List {
                field: "technicalSkills".into(),
                len: MAX_INPUT_LIST_ITEMS + 1
            })
        );
        assert!(matches!(
            checked(
                "query($ids: [ID!]) { ...F } fragment F on Query { find(ids: $ids) }",
                json!({"ids": many})
            ),
            Err(Oversized::List { field, .. }) if field == "ids"
        ));
    }

    #[test]
    fn literal_arguments_and_defaults_are_checked_too() {
        let many = vec!["\"a\""; MAX_INPUT_LIST_ITEMS + 1].join(",");
        let inline = format!("mutation {{ update(input: {{tags: [{many}]}}) }}");
        assert!(matches!(
            checked(&inline, json!({})),
            Err(Oversized::List { field, .. }) if field == "tags"
        ));
        let default = format!("query($tags: [String!] = [{many}]) {{ a(tags: $tags) }}");
        assert!(matches!(
            checked(&default, json!({})),
            Err(Oversized::List { field, .. }) if field == "tags"
        ));
    }

    #[test]
    fn representations_are_left_to_their_own_bound() {
        let representations: Vec<serde_json::Value> = (0..MAX_INPUT_LIST_ITEMS + 1)
            .map(|_| json!({"__typename": "User", "id": "1"}))
            .collect();
        let query = "query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }";
        assert_eq!(checked(query, json!({"reps": representations})), Ok(()));
        let long = "x".repeat(MAX_INPUT_STRING_CHARS + 1);
        assert!(matches!(
            checked(query, json!({"reps": [{"__typename": "User", "id": long}]})),
            Err(Oversized::String { field }) if field == "id"
        ));
    }
}
