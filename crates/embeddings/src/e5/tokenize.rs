//! multilingual-e5-small's tokenizer: XLM-R's SentencePiece unigram model, rebuilt from the
//! packed file's pieces and scores with the `tokenizers` crate.
//!
//! SentencePiece normalises text before it splits it (`nmt_nfkc`: NFKC plus a few clean-ups
//! such as removing control characters). The packed file carries that normalisation as a table
//! of code points, which is applied here by hand: `tokenizers` only takes it as SentencePiece's
//! compiled trie, which the file does not hold. Runs of spaces then collapse to one and the ends
//! are trimmed, as SentencePiece does, and words get the `▁` marker.

use std::collections::HashMap;

use tokenizers::models::unigram::Unigram;
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::processors::template::TemplateProcessing;
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use super::packed::{Packed, Specials};

/// The normaliser and the unigram tokenizer of the model.
pub struct E5Tokenizer {
    normalisation: HashMap<char, String>,
    tokenizer: Tokenizer,
}

impl E5Tokenizer {
    /// Builds the tokenizer from the packed file, truncating at `max_tokens` (specials included).
    pub fn from_packed(packed: &Packed<'_>, max_tokens: usize) -> Result<Self, String> {
        let Specials { bos, eos, pad, unk } = packed.specials;
        let name = |id: u32| -> Result<String, String> {
            packed
                .pieces
                .get(id as usize)
                .map(|(piece, _)| piece.clone())
                .ok_or_else(|| format!("special id {id} is not a piece"))
        };
        let (bos_piece, eos_piece, pad_piece) = (name(bos)?, name(eos)?, name(pad)?);
        let model = Unigram::from(packed.pieces.clone(), Some(unk as usize), false)
            .map_err(|e| e.to_string())?;
        let template = TemplateProcessing::builder()
            .try_single(format!("{bos_piece}:0 $A:0 {eos_piece}:0"))
            .map_err(|e| e.to_string())?
            .special_tokens(vec![(bos_piece, bos), (eos_piece, eos)])
            .build()
            .map_err(|e| e.to_string())?;
        let mut tokenizer = Tokenizer::new(model);
        tokenizer
            .with_pre_tokenizer(Some(Metaspace::new('▁', PrependScheme::Always, true)))
            .with_post_processor(Some(template))
            .with_padding(Some(PaddingParams {
                strategy: PaddingStrategy::BatchLongest,
                pad_id: pad,
                pad_token: pad_piece,
                ..PaddingParams::default()
            }))
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                ..TruncationParams::default()
            }))
            .map_err(|e| e.to_string())?;
        Ok(Self {
            normalisation: packed.normalisation.clone(),
            tokenizer,
        })
    }

    /// The text as SentencePiece normalises it.
    pub fn normalise(&self, text: &str) -> String {
        let mut mapped = String::with_capacity(text.len());
        for ch in text.chars() {
            match self.normalisation.get(&ch) {
                Some(to) => mapped.push_str(to),
                None => mapped.push(ch),
            }
        }
        let mut out = String::with_capacity(mapped.len());
        for word in mapped.split(' ').filter(|word| !word.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    }

    /// Encodes normalised texts as one padded batch.
    pub fn encode_batch(&self, texts: Vec<String>) -> Result<Vec<tokenizers::Encoding>, String> {
        self.tokenizer
            .encode_batch(texts, true)
            .map_err(|e| e.to_string())
    }
}
