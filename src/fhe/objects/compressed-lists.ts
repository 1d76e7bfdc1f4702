// Compressed ciphertext lists: 64-bit (CompressedCiphertextList) and 128-bit squashed (CompressedSquashedNoise-
// CiphertextList). Each holds bit-packed, modulus-switched GLWE ciphertexts. Layouts from the tfhe-rs 1.7.0 sources.
import {
  type Codec,
  option,
  refine,
  struct,
  u64,
  u64Vec,
  u128Vec,
  vec,
  versioned,
  wrapped,
} from '../codec/index.ts';
import {
  atomicPatternKindCodec,
  carryModulusCodec,
  ciphertextModulusCodec,
  ciphertextModulusLogCodec,
  glweDimensionCodec,
  lweCiphertextCountCodec,
  messageModulusCodec,
  polynomialSizeCodec,
} from '../params/codec.ts';
import { reRandomizationMetadataCodec, tagCodec } from './common.ts';
import { dataKindCodec } from './lists.ts';
import type {
  CompressedCiphertextList,
  CompressedModulusSwitchedGlweCiphertext,
  CompressedSquashedNoiseCiphertextList,
  PackedIntegers,
} from './types.ts';

/**
 * Vec<u64> / Vec<u128> words left in place where the reader allows it (ByteReader.u64WordsInPlace): a Uint8Array of
 * their bytes when unaligned, resolved by `inPlacePackedIntegers`.
 */
function wordsInPlace(words: Codec<BigUint64Array>, wordsPerValue: number): Codec<BigUint64Array> {
  return {
    ...words,
    read: (r) => r.u64WordsInPlace(wordsPerValue * r.length(8 * wordsPerValue)) as BigUint64Array,
  };
}

/** A PackedIntegers whose words were read as unaligned bytes: packedCoeffs copied from them on first read. */
function inPlacePackedIntegers(p: PackedIntegers): PackedIntegers {
  const read = p.packedCoeffs as BigUint64Array | Uint8Array;
  if (read instanceof BigUint64Array) return p;
  let words: BigUint64Array | undefined;
  return {
    get packedCoeffs() {
      if (!words) {
        words = new BigUint64Array(read.length / 8);
        new Uint8Array(words.buffer).set(read);
      }
      return words;
    },
    logModulus: p.logModulus,
    initialLen: p.initialLen,
    packedBytes: read,
  };
}

function packedIntegers(words: Codec<BigUint64Array>, bits: 64 | 128): Codec<PackedIntegers> {
  const wordsPerValue = bits / 64;
  const fields: Codec<PackedIntegers> = struct<Omit<PackedIntegers, 'packedBytes'>>({
    packedCoeffs: wordsInPlace(words, wordsPerValue),
    logModulus: ciphertextModulusLogCodec,
    initialLen: u64,
  });
  return versioned(
    'PackedIntegers',
    0,
    refine({ ...fields, read: (r) => inPlacePackedIntegers(fields.read(r)) }, (p) => {
      if (p.logModulus < 1 || p.logModulus > bits) return `log modulus ${p.logModulus} outside [1, ${bits}]`;
      const expected = Math.ceil((p.initialLen * p.logModulus) / bits);
      const length = p.packedBytes ? p.packedBytes.length / 8 : p.packedCoeffs.length;
      return length === expected * wordsPerValue
        ? undefined
        : `${length / wordsPerValue} packed values, expected ${expected} for ${p.initialLen} × ${p.logModulus} bits`;
    }),
  );
}

function modulusSwitchedGlwe(bits: 64 | 128): Codec<CompressedModulusSwitchedGlweCiphertext> {
  return versioned(
    'CompressedModulusSwitchedGlweCiphertext',
    0,
    refine(
      struct<CompressedModulusSwitchedGlweCiphertext>({
        packedIntegers: packedIntegers(bits === 64 ? u64Vec : u128Vec, bits),
        glweDimension: glweDimensionCodec,
        polynomialSize: polynomialSizeCodec,
        bodiesCount: lweCiphertextCountCodec,
        uncompressedCiphertextModulus: ciphertextModulusCodec,
      }),
      (g) =>
        g.bodiesCount <= g.polynomialSize &&
        g.packedIntegers.initialLen === g.glweDimension * g.polynomialSize + g.bodiesCount
          ? undefined
          : `packed length ${g.packedIntegers.initialLen} is not k·N + bodies (${g.glweDimension}·${g.polynomialSize} + ${g.bodiesCount})`,
    ),
  );
}

/** CompressedModulusSwitchedGlweCiphertext<u64> V0. */
export const modulusSwitchedGlweCodec = modulusSwitchedGlwe(64);
/** CompressedModulusSwitchedGlweCiphertext<u128> V0. */
export const modulusSwitchedGlwe128Codec = modulusSwitchedGlwe(128);

/** hlapi CompressedCiphertextList V3 {integer CompressedCiphertextList V0 {shortint CompressedCiphertextList V2
 * {Vec<glwe>, Option<meta V0>}, Vec<DataKind>}, Tag, Vec<ReRandomizationMetadata>}. */
export const compressedCiphertextListCodec: Codec<CompressedCiphertextList> = versioned(
  'hlapi::CompressedCiphertextList',
  3,
  refine(
    struct<CompressedCiphertextList>({
      glweCiphertexts: wrapped(
        [
          ['integer::CompressedCiphertextList', 0],
          ['shortint::CompressedCiphertextList', 2],
        ],
        vec(modulusSwitchedGlweCodec),
      ),
      meta: option(
        versioned(
          'CompressedCiphertextListMeta',
          0,
          struct<NonNullable<CompressedCiphertextList['meta']>>({
            ciphertextModulus: ciphertextModulusCodec,
            messageModulus: messageModulusCodec,
            carryModulus: carryModulusCodec,
            atomicPattern: atomicPatternKindCodec,
            lwePerGlwe: lweCiphertextCountCodec,
          }),
        ),
      ),
      info: vec(dataKindCodec),
      tag: tagCodec,
      reRandomizationMetadata: vec(reRandomizationMetadataCodec),
    }),
    (l) =>
      l.reRandomizationMetadata.length === l.info.length
        ? undefined
        : `${l.reRandomizationMetadata.length} re-randomization entries for ${l.info.length} elements`,
  ),
);

/** hlapi CompressedSquashedNoiseCiphertextList V0 {integer V0 {shortint V0 {Vec<glwe u128>, Option<meta V0>},
 * Vec<DataKind>}, Tag}. */
export const compressedSquashedNoiseCiphertextListCodec: Codec<CompressedSquashedNoiseCiphertextList> =
  versioned(
    'hlapi::CompressedSquashedNoiseCiphertextList',
    0,
    struct<CompressedSquashedNoiseCiphertextList>({
      glweCiphertexts: wrapped(
        [
          ['integer::CompressedSquashedNoiseCiphertextList', 0],
          ['shortint::CompressedSquashedNoiseCiphertextList', 0],
        ],
        vec(modulusSwitchedGlwe128Codec),
      ),
      meta: option(
        versioned(
          'CompressedSquashedNoiseCiphertextListMeta',
          0,
          struct<NonNullable<CompressedSquashedNoiseCiphertextList['meta']>>({
            messageModulus: messageModulusCodec,
            carryModulus: carryModulusCodec,
            lwePerGlwe: lweCiphertextCountCodec,
          }),
        ),
      ),
      info: vec(dataKindCodec),
      tag: tagCodec,
    }),
  );
