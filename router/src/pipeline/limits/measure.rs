//! One walk over an operation that measures what the limits bound: depth, aliases, directives,
//! root fields, introspection nesting and the estimated cost.
//!
//! Fragments are counted as if expanded (a fragment spread twice counts twice) without ever
//! expanding them: each fragment is measured once per context and the summary is reused, so a
//! document of 25 fragments each spreading the next twice is measured in 25 steps and reports
//! its 2^25 fields. Counts saturate instead of overflowing. The document is not validated yet:
//! unknown fields count as leaves and fragment cycles as empty, validation refuses both later.

use graphql_tools::static_graphql::query::{
    Field, FragmentDefinition, Selection, SelectionSet, TypeCondition, Value,
};
use hive_router_plan_executor::introspection::schema::{FieldNullability, SchemaMetadata};
use std::collections::{HashMap, HashSet};

/// What one operation measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measurement {
    pub depth: u64,
    pub aliases: u64,
    pub directives: u64,
    pub root_fields: u64,
    pub cost: u64,
    pub introspection_depth: u64,
    /// A list size came from a variable, so the cost must be measured again once the
    /// request's variables are known.
    pub sized_by_variables: bool,
}

/// Arguments that bound how many items a list field returns.
const SLICING_ARGUMENTS: [&str; 3] = ["first", "last", "limit"];
/// The lists of a connection that its slicing argument sizes.
const SIZED_CONNECTION_FIELDS: [&str; 2] = ["edges", "nodes"];
/// Introspection fields that return lists of the schema's members.
const INTROSPECTION_LISTS: [&str; 4] = ["fields", "interfaces", "possibleTypes", "inputFields"];
/// A mutation's root field does work beyond its response (writes, events).
const MUTATION_FIELD_COST: u64 = 10;

/// Measures operations of one document against one schema.
pub struct Measurer<'a, Sizes> {
    schema: &'a SchemaMetadata,
    fragments: HashMap<&'a str, &'a FragmentDefinition>,
    memo: HashMap<(&'a str, Context), Summary>,
    visiting: HashSet<&'a str>,
    default_list_size: u64,
    variable_size: Sizes,
    sized_by_variables: bool,
}

/// Where a selection set sits; fragments are measured once per context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct Context {
    /// Set on a connection's selection: the size its `edges`/`nodes` lists take.
    connection_size: Option<u64>,
    /// Inside `__schema`/`__type`: exempt from depth and cost, bounded by nesting instead.
    introspection: bool,
    /// The root selection of a mutation.
    mutation_root: bool,
}

#[derive(Clone, Copy, Debug, Default)]
struct Summary {
    depth: u64,
    aliases: u64,
    directives: u64,
    /// Fields at this level, fragments expanded (the root fields, at the root).
    fields: u64,
    cost: u64,
    introspection_depth: u64,
}

impl Summary {
    fn merge(&mut self, other: Summary) {
        self.depth = self.depth.max(other.depth);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.directives = self.directives.saturating_add(other.directives);
        self.fields = self.fields.saturating_add(other.fields);
        self.cost = self.cost.saturating_add(other.cost);
        self.introspection_depth = self.introspection_depth.max(other.introspection_depth);
    }
}

impl<'a, Sizes> Measurer<'a, Sizes>
where
    Sizes: Fn(&str) -> Option<u64>,
{
    /// `variable_size` gives a variable's value as a list size, when known.
    pub fn new(
        schema: &'a SchemaMetadata,
        fragments: impl IntoIterator<Item = &'a FragmentDefinition>,
        default_list_size: u64,
        variable_size: Sizes,
    ) -> Self {
        Self {
            schema,
            fragments: fragments
                .into_iter()
                .map(|fragment| (fragment.name.as_str(), fragment))
                .collect(),
            memo: HashMap::new(),
            visiting: HashSet::new(),
            default_list_size,
            variable_size,
            sized_by_variables: false,
        }
    }

    /// Measures an operation's root selection on `root_type`; `operation_directives` are the
    /// directives on the operation itself.
    pub fn measure(
        mut self,
        selection_set: &'a SelectionSet,
        root_type: &str,
        is_mutation: bool,
        operation_directives: usize,
    ) -> Measurement {
        let context = Context {
            mutation_root: is_mutation,
            ..Context::default()
        };
        let summary = self.selection_set(selection_set, root_type, context);
        Measurement {
            depth: summary.depth,
            aliases: summary.aliases,
            directives: summary
                .directives
                .saturating_add(operation_directives as u64),
            root_fields: summary.fields,
            cost: summary.cost,
            introspection_depth: summary.introspection_depth,
            sized_by_variables: self.sized_by_variables,
        }
    }

    fn selection_set(
        &mut self,
        selection_set: &'a SelectionSet,
        parent_type: &str,
        context: Context,
    ) -> Summary {
        let mut summary = Summary::default();
        for selection in &selection_set.items {
            let measured = match selection {
                Selection::Field(field) => self.field(field, parent_type, context),
                Selection::InlineFragment(fragment) => {
                    let type_name = match &fragment.type_condition {
                        Some(TypeCondition::On(name)) => name.as_str(),
                        None => parent_type,
                    };
                    let mut inner = self.selection_set(&fragment.selection_set, type_name, context);
                    inner.directives = inner
                        .directives
                        .saturating_add(fragment.directives.len() as u64);
                    inner
                }
                Selection::FragmentSpread(spread) => {
                    let mut inner = self.fragment(&spread.fragment_name, context);
                    inner.directives = inner
                        .directives
                        .saturating_add(spread.directives.len() as u64);
                    inner
                }
            };
            summary.merge(measured);
        }
        summary
    }

    fn fragment(&mut self, name: &'a str, context: Context) -> Summary {
        if let Some(summary) = self.memo.get(&(name, context)) {
            return *summary;
        }
        let Some(fragment) = self.fragments.get(name).copied() else {
            return Summary::default();
        };
        if !self.visiting.insert(name) {
            return Summary::default();
        }
        let TypeCondition::On(type_name) = &fragment.type_condition;
        let mut summary = self.selection_set(&fragment.selection_set, type_name, context);
        summary.directives = summary
            .directives
            .saturating_add(fragment.directives.len() as u64);
        self.visiting.remove(name);
        self.memo.insert((name, context), summary);
        summary
    }

    fn field(&mut self, field: &'a Field, parent_type: &str, context: Context) -> Summary {
        let own = Summary {
            aliases: u64::from(field.alias.is_some()),
            directives: field.directives.len() as u64,
            fields: 1,
            ..Summary::default()
        };
        if context.introspection || matches!(field.name.as_str(), "__schema" | "__type") {
            return self.introspection_field(field, own);
        }

        let info = self
            .schema
            .type_fields
            .get(parent_type)
            .and_then(|fields| fields.get(&field.name));
        let child_type = info.map_or("", |info| info.output_type_name.as_str());
        let is_list =
            info.is_some_and(|info| matches!(info.nullability, FieldNullability::List { .. }));
        let requested = self.requested_size(field);
        let (multiplier, connection_size) = if is_list {
            let sized_by_parent = SIZED_CONNECTION_FIELDS
                .contains(&field.name.as_str())
                .then_some(context.connection_size)
                .flatten();
            let size = requested
                .or(sized_by_parent)
                .unwrap_or(self.default_list_size);
            (size, None)
        } else {
            (1, requested)
        };
        let child_context = Context {
            connection_size,
            ..Context::default()
        };
        let children = self.selection_set(&field.selection_set, child_type, child_context);
        let base = if context.mutation_root {
            MUTATION_FIELD_COST
        } else {
            1
        };
        Summary {
            depth: children.depth.saturating_add(1),
            aliases: own.aliases.saturating_add(children.aliases),
            directives: own.directives.saturating_add(children.directives),
            fields: 1,
            cost: base.saturating_add(multiplier.max(1).saturating_mul(children.cost)),
            introspection_depth: 0,
        }
    }

    /// `__schema`, `__type` and everything below them: answered from memory by the router,
    /// so exempt from depth and cost; what grows their response is list nesting.
    fn introspection_field(&mut self, field: &'a Field, own: Summary) -> Summary {
        let context = Context {
            introspection: true,
            ..Context::default()
        };
        let children = self.selection_set(&field.selection_set, "", context);
        let nesting = u64::from(INTROSPECTION_LISTS.contains(&field.name.as_str()));
        Summary {
            depth: 0,
            aliases: own.aliases.saturating_add(children.aliases),
            directives: own.directives.saturating_add(children.directives),
            fields: 1,
            cost: 1,
            introspection_depth: children.introspection_depth.saturating_add(nesting),
        }
    }

    /// The size a slicing argument asks for: a literal, or a variable's value when known.
    fn requested_size(&mut self, field: &Field) -> Option<u64> {
        let (_, value) = field
            .arguments
            .iter()
            .find(|(name, _)| SLICING_ARGUMENTS.contains(&name.as_str()))?;
        match value {
            Value::Int(number) => Some(number.as_i64().unwrap_or(0).max(0) as u64),
            Value::Variable(name) => {
                self.sized_by_variables = true;
                (self.variable_size)(name)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "measure_tests.rs"]
mod tests;
