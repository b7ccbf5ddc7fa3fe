use super::*;

#[test]
fn entity_fetch_provides_fields_under_entities() {
    let fields = provided_fields(
        "query($representations:[_Any!]!){_entities(representations:$representations){...on Product{__typename reviews{body} score: stars}}}",
        Some("_entities"),
    );
    assert_eq!(fields, vec!["reviews", "score"]);
    let root = provided_fields("{product(id:\"1\"){id name} other: products{id}}", None);
    assert_eq!(root, vec!["product", "other"]);
}

#[test]
fn walk_expands_lists_and_keeps_only_null_fields() {
    let data: Value = sonic_rs::from_str(
        r#"{"products":[{"id":"1","reviews":null},{"id":"2","reviews":[]},{"id":"3","reviews":null}]}"#,
    )
    .unwrap();
    let mut paths = Vec::new();
    walk(
        &data,
        &["products", "@|[Product]"],
        &["reviews".to_owned()],
        &mut Vec::new(),
        &mut paths,
    );
    let paths: Vec<String> = paths.iter().map(|path| path.to_string()).collect();
    assert_eq!(
        paths,
        vec![r#"["products",0,"reviews"]"#, r#"["products",2,"reviews"]"#]
    );
}
