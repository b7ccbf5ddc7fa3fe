//! Reading Japanese into morphemes and the content-word groups search matches.
//!
//! A *group* is a run of consecutive content morphemes (nouns, verbs, adjectives, adverbs,
//! prefixes, suffixes); particles, auxiliaries, symbols, light verbs (`する`, `いる`, …) and
//! dependent words (`こと`, `ている`'s `いる`) end a group and are dropped. So
//! `データを分析する` is the groups `データ` and `分析`, and `介護福祉士として働いています`
//! is `介護福祉士` and `働い`, whose base form is `働く`. Compounds stay one group, so a
//! group's characters can still be matched as bigrams, whatever way IPADIC split them.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;
use vibrato::{Dictionary, Tokenizer};

use crate::MorphologyError;

/// Characters analysed at once: a longer run of Japanese is read in pieces of this length, so
/// the work per text stays bounded (a sentence is far shorter).
const MOST_CHARS: usize = 2_000;

/// Verbs that carry grammar rather than meaning after a noun (`分析する`, `働いている`).
const LIGHT_VERBS: &[&str] = &[
    "する",
    "いる",
    "ある",
    "なる",
    "れる",
    "られる",
    "せる",
    "させる",
    "おる",
];

/// One morpheme of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Morpheme {
    pub surface: String,
    /// The base form, when the morpheme is an inflected verb or adjective (`働い` → `働く`).
    pub base: Option<String>,
    /// A content word, kept by search; particles, auxiliaries and the like are not.
    pub content: bool,
}

/// Consecutive content morphemes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// As written (`お迎え`).
    pub surface: String,
    /// With each inflected morpheme in its base form (`お迎える`); equal to `surface` when
    /// nothing is inflected.
    pub base_form: String,
}

/// A Japanese analyser over one dictionary.
pub struct Analyser {
    tokenizer: Tokenizer,
}

/// Whether `c` is written in Japanese (kanji, kana, the iteration marks and the long-vowel
/// mark), which is what the analyser reads; Hangul and Latin are left to the caller.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3006}'
        | '\u{3040}'..='\u{309F}'
        | '\u{30A0}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
    )
}

/// The runs of Japanese in `text` after NFKC (half-width kana made full-width) and lower case,
/// each at most [`MOST_CHARS`] long.
fn japanese_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    let mut chars = 0;
    for c in text.nfkc() {
        if is_japanese(c) && chars < MOST_CHARS {
            run.push(c);
            chars += 1;
            continue;
        }
        if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
            chars = 0;
        }
        if is_japanese(c) {
            run.push(c);
            chars = 1;
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Reads IPADIC's feature string (`pos1,pos2,pos3,pos4,conjugation,form,base,reading,…`) of
/// `surface`: whether it is a content word, and its base form when it is inflected.
fn classify(surface: &str, feature: &str) -> (bool, Option<String>) {
    let fields: Vec<&str> = feature.split(',').collect();
    let field = |n: usize| fields.get(n).copied().unwrap_or("*");
    let (pos, detail, base) = (field(0), field(1), field(6));
    let content = match pos {
        "助詞" | "助動詞" | "記号" | "フィラー" | "感動詞" | "接続詞" | "連体詞" | "その他" => {
            false
        }
        "動詞" | "形容詞" => {
            let dependent = matches!(detail, "非自立" | "接尾");
            !(dependent || pos == "動詞" && LIGHT_VERBS.contains(&base))
        }
        "名詞" => !matches!(detail, "非自立" | "代名詞"),
        _ => true,
    };
    let inflected = content && matches!(pos, "動詞" | "形容詞") && base != "*" && base != surface;
    (content, inflected.then(|| base.to_owned()))
}

impl Analyser {
    pub fn new(dictionary: Dictionary) -> Self {
        Self {
            tokenizer: Tokenizer::new(dictionary),
        }
    }

    /// Reads a compiled dictionary (as `dictionary::build_from_package` writes it).
    pub fn read(path: &Path) -> Result<Self, MorphologyError> {
        let file = std::fs::File::open(path).map_err(|source| MorphologyError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let dictionary = Dictionary::read(std::io::BufReader::new(file))
            .map_err(|e| MorphologyError::Dictionary(format!("{}: {e}", path.display())))?;
        Ok(Self::new(dictionary))
    }

    /// The morphemes of the Japanese in `text` (other scripts are skipped), run by run.
    pub fn morphemes(&self, text: &str) -> Vec<Vec<Morpheme>> {
        let mut worker = self.tokenizer.new_worker();
        japanese_runs(text)
            .into_iter()
            .map(|run| {
                worker.reset_sentence(&run);
                worker.tokenize();
                worker
                    .token_iter()
                    .map(|token| {
                        let (content, base) = classify(token.surface(), token.feature());
                        Morpheme {
                            surface: token.surface().to_owned(),
                            base,
                            content,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// The content groups of the Japanese in `text`, in order.
    pub fn groups(&self, text: &str) -> Vec<Group> {
        let mut groups = Vec::new();
        for run in self.morphemes(text) {
            let mut group: Option<Group> = None;
            for morpheme in run {
                if !morpheme.content {
                    groups.extend(group.take());
                    continue;
                }
                let group = group.get_or_insert_with(|| Group {
                    surface: String::new(),
                    base_form: String::new(),
                });
                group.surface.push_str(&morpheme.surface);
                group
                    .base_form
                    .push_str(morpheme.base.as_deref().unwrap_or(&morpheme.surface));
            }
            groups.extend(group);
        }
        groups
    }

    /// The base forms of the inflected verbs and adjectives in `text` (`働いています` →
    /// `働く`), repeats kept.
    pub fn inflected_bases(&self, text: &str) -> Vec<String> {
        self.morphemes(text)
            .into_iter()
            .flatten()
            .filter_map(|morpheme| morpheme.base)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_runs_skip_other_scripts_and_are_bounded() {
        assert_eq!(
            japanese_runs("Rustエンジニア(東京) 한국어 ｶｲｺﾞ"),
            ["エンジニア", "東京", "カイゴ"]
        );
        let long = "介".repeat(MOST_CHARS * 2 + 5);
        let runs = japanese_runs(&long);
        assert_eq!(runs.len(), 3);
        assert!(runs.iter().all(|run| run.chars().count() <= MOST_CHARS));
    }

    #[test]
    fn features_say_what_is_content_and_what_is_inflected() {
        assert_eq!(
            classify(
                "働い",
                "動詞,自立,*,*,五段・カ行イ音便,連用タ接続,働く,ハタライ,ハタライ"
            ),
            (true, Some("働く".to_owned()))
        );
        assert_eq!(
            classify(
                "働く",
                "動詞,自立,*,*,五段・カ行イ音便,基本形,働く,ハタラク,ハタラク"
            ),
            (true, None)
        );
        assert_eq!(
            classify("を", "助詞,格助詞,一般,*,*,*,を,ヲ,ヲ"),
            (false, None)
        );
        assert_eq!(
            classify("ます", "助動詞,*,*,*,特殊・マス,基本形,ます,マス,マス"),
            (false, None)
        );
        assert_eq!(
            classify("し", "動詞,自立,*,*,サ変・スル,連用形,する,シ,シ"),
            (false, None)
        );
        assert_eq!(
            classify("い", "動詞,非自立,*,*,一段,連用形,いる,イ,イ"),
            (false, None)
        );
        assert_eq!(
            classify("こと", "名詞,非自立,一般,*,*,*,こと,コト,コト"),
            (false, None)
        );
        assert_eq!(
            classify("士", "名詞,接尾,一般,*,*,*,士,シ,シ"),
            (true, None)
        );
        assert_eq!(
            classify("バックエンドエンジニア", "名詞,一般,*,*,*,*,*"),
            (true, None)
        );
    }
}
