use super::*;
use graphql_tools::static_graphql::query::{Definition, Document, OperationDefinition};
use hive_router_plan_executor::hooks::on_supergraph_load::{Supergraph, SupergraphOptions};
use std::sync::LazyLock;

/// The API schema the router serves.
static SCHEMA: LazyLock<Supergraph> = LazyLock::new(|| {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/supergraph.graphql");
    let sdl = std::fs::read_to_string(path).expect("the checked-in supergraph");
    Supergraph::from_sdl(&sdl, SupergraphOptions::default()).expect("supergraph loads")
});

fn measure_with(query: &str, sizes: impl Fn(&str) -> Option<u64>) -> Measurement {
    let document: Document = graphql_tools::parser::parse_query::<String>(query)
        .expect("parses")
        .into_static();
    let fragments = document
        .definitions
        .iter()
        .filter_map(|definition| match definition {
            Definition::Fragment(fragment) => Some(fragment),
            Definition::Operation(_) => None,
        });
    let (selection_set, root, is_mutation) = document
        .definitions
        .iter()
        .find_map(|definition| match definition {
            Definition::Operation(OperationDefinition::SelectionSet(set)) => {
                Some((set, "Query", false))
            }
            Definition::Operation(OperationDefinition::Query(query)) => {
                Some((&query.selection_set, "Query", false))
            }
            Definition::Operation(OperationDefinition::Mutation(mutation)) => {
                Some((&mutation.selection_set, "Mutation", true))
            }
            _ => None,
        })
        .expect("an operation");
    Measurer::new(&SCHEMA.metadata, fragments, 10, sizes).measure(
        selection_set,
        root,
        is_mutation,
        0,
    )
}

fn measure(query: &str) -> Measurement {
    measure_with(query, |_| None)
}

/// `depth` fragments, each spreading the next twice: 2^depth leaf fields once expanded.
fn doubling_fragments(depth: usize) -> String {
    let mut query = String::from("query { ...F0 }\n");
    for level in 0..depth {
        query.push_str(&format!(
            "fragment F{level} on Query {{ ...F{next} ...F{next} }}\n",
            next = level + 1
        ));
    }
    query.push_str(&format!("fragment F{depth} on Query {{ __typename }}\n"));
    query
}

#[test]
fn depth_counts_fields_through_fragments() {
    let measured = measure(
        "{ jobPosting(id: 1) { ...Posting } } fragment Posting on JobPosting { company { name } }",
    );
    assert_eq!(measured.depth, 3);
    assert_eq!(measured.root_fields, 1);
}

#[test]
fn fragments_count_as_expanded_without_being_expanded() {
    let measured = measure(&doubling_fragments(25));
    assert_eq!(measured.cost, 1 << 25);
    assert_eq!(measured.root_fields, 1 << 25);
    let saturated = measure(&doubling_fragments(80));
    assert_eq!(saturated.cost, u64::MAX);
}

#[test]
fn aliases_and_directives_count_every_expansion() {
    let measured = measure(
        "{ ...A ...A } fragment A on Query { a: me @include(if: true) { id } b: me { id @skip(if: false) } }",
    );
    assert_eq!(measured.aliases, 4);
    assert_eq!(measured.directives, 4);
    assert_eq!(measured.root_fields, 4);
}

#[test]
fn list_fields_multiply_by_their_size_argument_or_the_default() {
    // jobPosting 1 + matches (1 + 5 × score 1)
    let sized = measure("{ jobPosting(id: 1) { matches(first: 5) { score } } }");
    assert_eq!(sized.cost, 1 + 1 + 5);
    // A connection's `first` sizes its edges: 1 + edges 1 + 20 × (node 1 + id 1)
    let connection = measure("{ jobPostings(first: 20) { edges { node { id } } } }");
    assert_eq!(connection.cost, 1 + 1 + 20 * 2);
    // Without an argument, a list takes the default size (10).
    let unsized_list = measure("{ mySessions { id ip } }");
    assert_eq!(unsized_list.cost, 1 + 10 * 2);
}

#[test]
fn towers_of_lists_multiply() {
    let tower = measure(
        "{ jobPosting(id: 1) { matches { job { matches { job { matches { job { matches { score } } } } } } } } }",
    );
    assert!(tower.cost > 10_000, "{tower:?}");
}

#[test]
fn sizes_from_variables_are_flagged_and_read_when_known() {
    let query = "query Q($n: Int!) { jobPosting(id: 1) { matches(first: $n) { score } } }";
    let unknown = measure(query);
    assert!(unknown.sized_by_variables);
    assert_eq!(unknown.cost, 2 + 10);
    let known = measure_with(query, |name| (name == "n").then_some(50));
    assert_eq!(known.cost, 2 + 50);
    // A zero size still counts the selection once: it is planned and normalised all the same.
    let zero = measure_with(query, |_| Some(0));
    assert_eq!(zero.cost, 2 + 1);
}

#[test]
fn mutation_root_fields_cost_more() {
    let measured = measure("mutation { logout }");
    assert_eq!(measured.cost, 10);
}

#[test]
fn introspection_is_exempt_from_depth_and_cost_but_its_list_nesting_is_counted() {
    let standard = measure(
        "{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }",
    );
    assert_eq!(standard.depth, 0);
    assert_eq!(standard.cost, 1);
    assert_eq!(standard.introspection_depth, 1);
    let nested = measure(
        "{ __type(name: \"Query\") { fields { type { fields { type { fields { name } } } } } } }",
    );
    assert_eq!(nested.introspection_depth, 3);
    let through_fragments = measure(
        "{ __type(name: \"Query\") { ...T } } fragment T on __Type { fields { type { ...U } } } fragment U on __Type { interfaces { possibleTypes { name } } }",
    );
    assert_eq!(through_fragments.introspection_depth, 3);
}

#[test]
fn fragment_cycles_and_unknown_fragments_do_not_loop() {
    let measured = measure(
        "{ ...A ...Missing } fragment A on Query { ...B } fragment B on Query { ...A me { id } }",
    );
    assert_eq!(measured.root_fields, 1);
}
