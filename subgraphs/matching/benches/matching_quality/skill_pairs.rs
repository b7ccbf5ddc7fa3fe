//! A judged bilingual set of skill pairs, for the near-match threshold: related pairs (a
//! translation, a close variant, a neighbouring tool) and unrelated ones, in Japanese, English
//! and across the two. A near-match is stated to the candidate and the employer as a strength,
//! so the threshold is the lowest cosine above every unrelated pair: precision first.

use embeddings::{Embedder, cosine_similarity};
use matching::service::engine::skills::normalize_skill;

/// Pairs someone holding one could be credited for the other.
pub const RELATED: &[(&str, &str)] = &[
    ("溶接", "welding"),
    ("溶接", "TIG溶接"),
    ("welding", "arc welding"),
    ("看護", "nursing"),
    ("看護師", "nurse"),
    ("介護", "care work"),
    ("介護", "介護福祉"),
    ("調理", "cooking"),
    ("調理", "料理"),
    ("フォークリフト", "forklift"),
    ("フォークリフト運転", "forklift operation"),
    ("接客", "customer service"),
    ("接客", "ホテル接客"),
    ("清掃", "cleaning"),
    ("塗装", "painting"),
    ("電気工事", "electrical work"),
    ("建築", "construction"),
    ("農業", "farming"),
    ("運転", "driving"),
    ("プログラミング", "programming"),
    ("sql", "postgresql"),
    ("sql", "mysql"),
    ("postgresql", "mysql"),
    ("javascript", "typescript"),
    ("java", "kotlin"),
    ("docker", "kubernetes"),
    ("excel", "spreadsheets"),
    ("会計", "accounting"),
    ("営業", "sales"),
    ("翻訳", "translation"),
];

/// Pairs that have nothing to do with each other.
pub const UNRELATED: &[(&str, &str)] = &[
    ("溶接", "接客"),
    ("welding", "customer service"),
    ("溶接", "customer service"),
    ("介護", "プログラミング"),
    ("nursing", "welding"),
    ("調理", "溶接"),
    ("java", "介護"),
    ("python", "cooking"),
    ("accounting", "welding"),
    ("清掃", "java"),
    ("forklift", "nursing"),
    ("看護", "塗装"),
    ("excel", "溶接"),
    ("農業", "software development"),
    ("漁業", "会計"),
    ("react", "介護"),
    ("運転", "調理"),
    ("建築", "看護"),
    ("welding", "cooking"),
    ("塗装", "会計"),
    ("接客", "電気工事"),
    ("sales", "溶接"),
    ("配管", "接客"),
    ("看護師", "フォークリフト"),
    ("翻訳", "溶接"),
    ("rust", "go"),
    ("react", "angular"),
    ("介護", "溶接"),
    ("cooking", "javascript"),
    ("cleaning", "accounting"),
    ("排泄介助", "調理"),
    ("溶接", "接客"),
];

pub struct SkillPairReport {
    pub related: Vec<f32>,
    pub unrelated: Vec<f32>,
    /// Pairs the bilingual skill vocabulary already makes one skill (an exact match, never
    /// measured by the model).
    pub same_after_normalising: usize,
}

impl SkillPairReport {
    /// The lowest cosine above every unrelated pair (rounded up to the hundredth).
    pub fn threshold_without_false_near(&self) -> f32 {
        let highest = self.unrelated.iter().copied().fold(f32::MIN, f32::max);
        ((highest * 100.0).floor() + 1.0) / 100.0
    }

    /// Share of related pairs at or above `threshold`.
    pub fn recall_at(&self, threshold: f32) -> f64 {
        let found = self.related.iter().filter(|c| **c >= threshold).count();
        found as f64 / self.related.len().max(1) as f64
    }

    /// Unrelated pairs at or above `threshold`.
    pub fn false_near_at(&self, threshold: f32) -> usize {
        self.unrelated.iter().filter(|c| **c >= threshold).count()
    }

    pub fn summary(&self, threshold: f32) -> String {
        format!(
            "skill pairs: {} related ({} more are one skill in the vocabulary), {} unrelated; highest unrelated cosine {:.3} → threshold \
             without a false near-match {:.2}; at the threshold in use ({threshold:.2}): recall \
             {:.2}, false near-matches {}",
            self.related.len(),
            self.same_after_normalising,
            self.unrelated.len(),
            self.unrelated.iter().copied().fold(f32::MIN, f32::max),
            self.threshold_without_false_near(),
            self.recall_at(threshold),
            self.false_near_at(threshold)
        )
    }
}

/// Cosines of every judged pair's normalised names.
pub fn evaluate(embedder: &dyn Embedder) -> SkillPairReport {
    let mut same_after_normalising = 0;
    let mut cosines = |pairs: &[(&str, &str)]| -> Vec<f32> {
        let mut names: Vec<String> = Vec::new();
        for (a, b) in pairs {
            let (a, b) = (normalize_skill(a), normalize_skill(b));
            if a == b {
                same_after_normalising += 1;
            } else {
                names.extend([a, b]);
            }
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let vectors = embedder.embed(&refs).expect("embedding skill names");
        vectors
            .chunks(2)
            .map(|pair| cosine_similarity(&pair[0], &pair[1]))
            .collect()
    };
    let related = cosines(RELATED);
    let unrelated = cosines(UNRELATED);
    SkillPairReport {
        related,
        unrelated,
        same_after_normalising,
    }
}
