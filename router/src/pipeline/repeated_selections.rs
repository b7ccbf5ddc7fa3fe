//! Repeated selections, removed before validation.
//!
//! The spec's "fields can be merged" rule compares every pair of fields that share a response
//! name, so `{ a a a … }` with n copies costs n² comparisons: within the token limit that is
//! seconds of CPU for a document that means the same as `{ a }`. A field, inline fragment or
//! fragment spread that is textually identical to an earlier one in the same selection set
//! adds nothing to the operation and cannot conflict with anything its twin does not, so the
//! document is validated with such repeats removed: the outcome is the same (each error is
//! reported once instead of once per copy), and the comparisons grow with the number of
//! distinct fields. Execution still uses the document as sent; normalization merges repeats.
//!
//! Distinct selections under one response name (`{ n: name n: price … }`) still cost a
//! comparison per pair, so more than [`MAX_SHARING_A_NAME`] of them in one selection set are
//! refused outright: no real operation needs that many, and the pairs stay in the thousands.

use graphql_tools::static_graphql::query::{
    Definition, Document, OperationDefinition, Selection, SelectionSet,
};
use std::collections::{HashMap, HashSet};

/// Distinct selections one selection set may hold under one response name.
pub const MAX_SHARING_A_NAME: usize = 32;

/// The first response name more than `MAX_SHARING_A_NAME` distinct fields of one selection set
/// share, with their number.
pub fn crowded_response_name(document: &Document) -> Option<(String, usize)> {
    document
        .definitions
        .iter()
        .find_map(|definition| crowded_in(selection_set_of(definition)))
}

fn crowded_in(set: &SelectionSet) -> Option<(String, usize)> {
    let mut shapes: HashMap<(u8, &str), usize> = HashMap::new();
    for selection in &set.items {
        *shapes.entry(shape(selection)).or_default() += 1;
    }
    if let Some(((_, name), count)) = shapes
        .iter()
        .find(|((kind, _), count)| *kind == 0 && **count > MAX_SHARING_A_NAME)
    {
        return Some(((*name).to_owned(), *count));
    }
    set.items.iter().find_map(|selection| match selection {
        Selection::Field(field) => crowded_in(&field.selection_set),
        Selection::InlineFragment(fragment) => crowded_in(&fragment.selection_set),
        Selection::FragmentSpread(_) => None,
    })
}

/// The document without repeated selections, or `None` when it has none.
pub fn without_repeats(document: &Document) -> Option<Document> {
    if !document
        .definitions
        .iter()
        .any(|definition| has_repeats(selection_set_of(definition)))
    {
        return None;
    }
    let mut copy = document.clone();
    for definition in &mut copy.definitions {
        remove_repeats(selection_set_of_mut(definition));
    }
    Some(copy)
}

fn selection_set_of(definition: &Definition) -> &SelectionSet {
    match definition {
        Definition::Fragment(fragment) => &fragment.selection_set,
        Definition::Operation(OperationDefinition::SelectionSet(set)) => set,
        Definition::Operation(OperationDefinition::Query(query)) => &query.selection_set,
        Definition::Operation(OperationDefinition::Mutation(mutation)) => &mutation.selection_set,
        Definition::Operation(OperationDefinition::Subscription(subscription)) => {
            &subscription.selection_set
        }
    }
}

fn selection_set_of_mut(definition: &mut Definition) -> &mut SelectionSet {
    match definition {
        Definition::Fragment(fragment) => &mut fragment.selection_set,
        Definition::Operation(OperationDefinition::SelectionSet(set)) => set,
        Definition::Operation(OperationDefinition::Query(query)) => &mut query.selection_set,
        Definition::Operation(OperationDefinition::Mutation(mutation)) => {
            &mut mutation.selection_set
        }
        Definition::Operation(OperationDefinition::Subscription(subscription)) => {
            &mut subscription.selection_set
        }
    }
}

/// What two selections must share to possibly be identical: cheap to compute, so only
/// selections that collide on it are printed and compared.
fn shape(selection: &Selection) -> (u8, &str) {
    match selection {
        Selection::Field(field) => (0, field.alias.as_deref().unwrap_or(&field.name)),
        Selection::FragmentSpread(spread) => (1, &spread.fragment_name),
        Selection::InlineFragment(_) => (2, ""),
    }
}

fn has_repeats(set: &SelectionSet) -> bool {
    let mut shapes: HashMap<(u8, &str), usize> = HashMap::new();
    for selection in &set.items {
        *shapes.entry(shape(selection)).or_default() += 1;
    }
    if shapes.values().any(|count| *count > 1) && !repeated(set, &shapes).is_empty() {
        return true;
    }
    set.items.iter().any(|selection| match selection {
        Selection::Field(field) => has_repeats(&field.selection_set),
        Selection::InlineFragment(fragment) => has_repeats(&fragment.selection_set),
        Selection::FragmentSpread(_) => false,
    })
}

/// Indexes of selections identical to an earlier one in the same set.
fn repeated(set: &SelectionSet, shapes: &HashMap<(u8, &str), usize>) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let mut repeats = HashSet::new();
    for (index, selection) in set.items.iter().enumerate() {
        if shapes.get(&shape(selection)).is_none_or(|count| *count < 2) {
            continue;
        }
        let printed = match selection {
            Selection::Field(field) => field.to_string(),
            Selection::FragmentSpread(spread) => spread.to_string(),
            Selection::InlineFragment(fragment) => fragment.to_string(),
        };
        if !seen.insert(printed) {
            repeats.insert(index);
        }
    }
    repeats
}

fn remove_repeats(set: &mut SelectionSet) {
    let mut shapes: HashMap<(u8, &str), usize> = HashMap::new();
    for selection in &set.items {
        *shapes.entry(shape(selection)).or_default() += 1;
    }
    let repeats = repeated(set, &shapes);
    if !repeats.is_empty() {
        let mut index = 0;
        set.items.retain(|_| {
            let keep = !repeats.contains(&index);
            index += 1;
            keep
        });
    }
    for selection in &mut set.items {
        match selection {
            Selection::Field(field) => remove_repeats(&mut field.selection_set),
            Selection::InlineFragment(fragment) => remove_repeats(&mut fragment.selection_set),
            Selection::FragmentSpread(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Document {
        graphql_tools::parser::parse_query::<String>(query)
            .expect("parses")
            .into_static()
    }

    #[test]
    fn identical_selections_are_removed_at_every_level() {
        let document = parse(
            "{ a a b(x: 1) b(x: 1) b(x: 2) c { d d ...F ...F } ... on Q { e } ... on Q { e } } fragment F on C { g g }",
        );
        let cleaned = without_repeats(&document).expect("has repeats");
        let expected =
            parse("{ a b(x: 1) b(x: 2) c { d ...F } ... on Q { e } } fragment F on C { g }");
        assert_eq!(cleaned.to_string(), expected.to_string());
    }

    #[test]
    fn many_distinct_fields_under_one_name_are_found() {
        let crowded = (0..40)
            .map(|index| format!("n: f{index}"))
            .collect::<Vec<_>>()
            .join(" ");
        let document = parse(&format!("{{ a {{ {crowded} }} }}"));
        assert_eq!(crowded_response_name(&document), Some(("n".to_owned(), 40)));
        assert_eq!(crowded_response_name(&parse("{ a { n: b n: c } }")), None);
    }

    #[test]
    fn documents_without_repeats_are_left_alone() {
        let document = parse("{ a b: a c(x: 1) { a } d(x: 2) { a } } fragment F on C { g }");
        assert!(without_repeats(&document).is_none());
    }
}
