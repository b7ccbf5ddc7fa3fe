//! One linear walk over a parsed document that measures what the limits bound: fields once
//! fragments are expanded (async-graphql's complexity, as no field declares its own), field
//! depth, selection-set nesting (async-graphql's recursion depth) and directives on one
//! selection; and the `_entities` representations it asks for.
//!
//! async-graphql measures by walking fragments as if expanded, so a small document of
//! fragments that each spread the next twice costs it 2^n steps before any limit is compared.
//! Here each fragment is measured once and its summary reused, so that document is refused in
//! n steps, before async-graphql looks at it.

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Variables};
use async_graphql_value::{ConstValue, Value};
use std::collections::{HashMap, HashSet};

/// What the largest operation of a document measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measurement {
    /// Fields once fragments are expanded.
    pub fields: u64,
    /// Nesting of fields (async-graphql's `limit_depth`).
    pub depth: u64,
    /// Nesting of selection sets, fragments and inline fragments included (async-graphql's
    /// `limit_recursive_depth`).
    pub nesting: u64,
    /// The most directives on one selection.
    pub directives: u64,
}

impl Measurement {
    fn widest(self, other: Self) -> Self {
        Self {
            fields: self.fields.max(other.fields),
            depth: self.depth.max(other.depth),
            nesting: self.nesting.max(other.nesting),
            directives: self.directives.max(other.directives),
        }
    }
}

/// A fragment spread inside itself (directly or through others); such a document is invalid.
#[derive(Debug, PartialEq, Eq)]
pub struct FragmentCycle(pub String);

/// Measures every operation of `document` and returns the largest value of each measure.
pub fn measure(document: &ExecutableDocument) -> Result<Measurement, FragmentCycle> {
    let mut measurer = Measurer {
        fragments: &document.fragments,
        memo: HashMap::new(),
        visiting: HashSet::new(),
    };
    let mut largest = Measurement::default();
    for (_, operation) in document.operations.iter() {
        let own_directives = operation.node.directives.len() as u64;
        let mut measured = measurer.selection_set(&operation.node.selection_set.node)?;
        measured.directives = measured.directives.max(own_directives);
        largest = largest.widest(measured);
    }
    Ok(largest)
}

struct Measurer<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    memo: HashMap<&'a str, Measurement>,
    visiting: HashSet<&'a str>,
}

impl<'a> Measurer<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Result<Measurement, FragmentCycle> {
        let mut total = Measurement::default();
        for selection in &set.items {
            let directives = selection.node.directives().len() as u64;
            let (fields, depth, nesting, inner) = match &selection.node {
                Selection::Field(field) => {
                    let inner = self.selection_set(&field.node.selection_set.node)?;
                    let has_children = !field.node.selection_set.node.items.is_empty();
                    let nesting = if has_children { inner.nesting + 1 } else { 0 };
                    (
                        inner.fields.saturating_add(1),
                        inner.depth + 1,
                        nesting,
                        inner,
                    )
                }
                Selection::FragmentSpread(spread) => {
                    let inner = self.fragment(&spread.node.fragment_name.node)?;
                    (inner.fields, inner.depth, inner.nesting + 1, inner)
                }
                Selection::InlineFragment(inline) => {
                    let inner = self.selection_set(&inline.node.selection_set.node)?;
                    (inner.fields, inner.depth, inner.nesting + 1, inner)
                }
            };
            total.fields = total.fields.saturating_add(fields);
            total.depth = total.depth.max(depth);
            total.nesting = total.nesting.max(nesting);
            total.directives = total.directives.max(directives).max(inner.directives);
        }
        Ok(total)
    }

    /// A fragment's measurement, computed once. Unknown fragments measure nothing: validation
    /// refuses them later with a precise message.
    fn fragment(&mut self, name: &'a str) -> Result<Measurement, FragmentCycle> {
        if let Some(measured) = self.memo.get(name) {
            return Ok(*measured);
        }
        let Some((key, fragment)) = self.fragments.get_key_value(name) else {
            return Ok(Measurement::default());
        };
        let name = key.as_str();
        if !self.visiting.insert(name) {
            return Err(FragmentCycle(name.to_owned()));
        }
        let mut measured = self.selection_set(&fragment.node.selection_set.node)?;
        measured.directives = measured
            .directives
            .max(fragment.node.directives.len() as u64);
        self.visiting.remove(name);
        self.memo.insert(name, measured);
        Ok(measured)
    }
}

/// The `_entities` fields of a document's operations and what their representations are.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Representations {
    /// Representations asked for across every `_entities` field.
    pub count: usize,
    /// Variables that carry representations: their list length is bounded by the count, not by
    /// the bound on input lists.
    pub variables: HashSet<String>,
}

/// Finds the root `_entities` fields (fragments at the root followed once) and counts the
/// representations each asks for, from a literal list or the list in `variables`.
pub fn representations(document: &ExecutableDocument, variables: &Variables) -> Representations {
    let mut found = Representations::default();
    let mut followed = HashSet::new();
    let mut pending: Vec<&SelectionSet> = document
        .operations
        .iter()
        .map(|(_, operation)| &operation.node.selection_set.node)
        .collect();
    while let Some(set) = pending.pop() {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) if field.node.name.node == "_entities" => {
                    let Some(argument) = field.node.get_argument("representations") else {
                        continue;
                    };
                    found.count = found.count.saturating_add(match &argument.node {
                        Value::List(items) => items.len(),
                        Value::Variable(name) => {
                            found.variables.insert(name.to_string());
                            match variables.get(name) {
                                Some(ConstValue::List(items)) => items.len(),
                                _ => 0,
                            }
                        }
                        _ => 0,
                    });
                }
                Selection::Field(_) => {}
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if followed.insert(name)
                        && let Some(fragment) = document.fragments.get(name)
                    {
                        pending.push(&fragment.node.selection_set.node);
                    }
                }
                Selection::InlineFragment(inline) => pending.push(&inline.node.selection_set.node),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn measured(query: &str) -> Measurement {
        measure(&parse_query(query).expect("parses")).expect("no cycle")
    }

    #[test]
    fn fields_depth_and_nesting_count_as_async_graphql_does() {
        let plain = measured("{ a { b { c } d } e }");
        assert_eq!((plain.fields, plain.depth, plain.nesting), (5, 3, 2));
        let fragments = measured(
            "{ a { ...F ... on T { x } } } fragment F on T { b { c } } fragment Unused on T { z }",
        );
        // a, b, c, x; F and the inline fragment add a level of nesting but no field depth.
        assert_eq!(
            (fragments.fields, fragments.depth, fragments.nesting),
            (4, 3, 3)
        );
        let directives = measured("{ a @skip(if: false) @include(if: true) b }");
        assert_eq!(directives.directives, 2);
    }

    #[test]
    fn fragments_are_measured_once_however_often_they_are_spread() {
        let depth = 40;
        let mut query = String::from("query { ...F0 }\n");
        for level in 0..depth {
            let next = level + 1;
            query.push_str(&format!(
                "fragment F{level} on Query {{ ...F{next} ...F{next} }}\n"
            ));
        }
        query.push_str(&format!("fragment F{depth} on Query {{ __typename }}\n"));
        let started = std::time::Instant::now();
        let measured = measured(&query);
        assert_eq!(measured.fields, 1 << depth);
        assert_eq!(measured.nesting, depth + 1);
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
    }

    #[test]
    fn a_fragment_cycle_is_reported() {
        let document =
            parse_query("{ ...A } fragment A on Q { b { ...B } } fragment B on Q { ...A }")
                .expect("parses");
        assert!(matches!(measure(&document), Err(FragmentCycle(_))));
    }

    #[test]
    fn representations_are_counted_from_variables_and_literals() {
        let document = parse_query(
            "query($r: [_Any!]!) { a: _entities(representations: $r) { __typename } ...Root } \
             fragment Root on Query { b: _entities(representations: [{}, {}]) { __typename } }",
        )
        .expect("parses");
        let variables = Variables::from_json(serde_json::json!({"r": [{}, {}, {}]}));
        let found = representations(&document, &variables);
        assert_eq!(found.count, 5);
        assert_eq!(found.variables, HashSet::from(["r".to_owned()]));
    }
}
