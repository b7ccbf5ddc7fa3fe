//! The analyser over the real IPADIC: fetched and compiled when missing (as on first start),
//! then read into content groups and base forms the way search uses them.

use morphology::{Analyser, Group};

async fn analyser() -> &'static Analyser {
    morphology::ensure_dictionary()
        .await
        .expect("the Japanese dictionary is fetched or present (scripts/test.sh fetches it)")
}

fn groups(analyser: &Analyser, text: &str) -> Vec<(String, String)> {
    analyser
        .groups(text)
        .into_iter()
        .map(|Group { surface, base_form }| (surface, base_form))
        .collect()
}

fn same(surface: &str) -> (String, String) {
    (surface.to_owned(), surface.to_owned())
}

#[tokio::test]
async fn particles_and_auxiliaries_end_groups_and_inflections_have_base_forms() {
    let analyser = analyser().await;
    assert_eq!(
        groups(analyser, "データを分析する"),
        [same("データ"), same("分析")]
    );
    assert_eq!(
        groups(analyser, "東京で働いています"),
        [same("東京"), ("働い".to_owned(), "働く".to_owned())]
    );
    assert_eq!(
        groups(analyser, "介護福祉士として働く"),
        [same("介護福祉士"), same("働く")]
    );
    assert_eq!(
        groups(analyser, "未経験でも大丈夫な介護の仕事"),
        [same("未経験"), same("大丈夫"), same("介護"), same("仕事")]
    );
    assert_eq!(
        groups(analyser, "新しい職場で働きたい"),
        [same("新しい職場"), ("働き".to_owned(), "働く".to_owned())]
    );
    assert_eq!(
        groups(analyser, "ネットワークとサーバーの構築"),
        [same("ネットワーク"), same("サーバー"), same("構築")]
    );
}

#[tokio::test]
async fn other_scripts_are_left_alone_and_width_is_normalised() {
    let analyser = analyser().await;
    assert_eq!(
        groups(analyser, "Rust エンジニア 한국어"),
        [same("エンジニア")]
    );
    assert_eq!(groups(analyser, "ｴﾝｼﾞﾆｱ"), [same("エンジニア")]);
    assert_eq!(analyser.inflected_bases("お迎えし、案内します"), ["迎える"]);
    assert!(analyser.groups("").is_empty());
}
