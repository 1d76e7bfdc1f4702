// Ciphertext objects: shortint blocks, hlapi FheUint / FheInt / FheBool, and the 128-bit squashed-noise forms.
import { type Codec, literalEnum, refine, struct, u64, vec, versioned, wrapped } from '../codec/index.ts';
import {
  atomicPatternKindCodec,
  carryModulusCodec,
  degreeCodec,
  messageModulusCodec,
  noiseLevelCodec,
} from '../params/codec.ts';
import {
  lweCiphertext128Codec,
  lweCiphertextCodec,
  reRandomizationMetadataCodec,
  tagCodec,
} from './common.ts';
import type {
  FheBool,
  FheUint,
  ShortintCiphertext,
  SquashedNoiseCiphertext,
  SquashedNoiseCiphertextState,
  SquashedNoiseFheBool,
  SquashedNoiseFheUint,
} from './types.ts';

/** shortint Ciphertext V1: 8(n+1) + 108 bytes. */
export const shortintCiphertextCodec: Codec<ShortintCiphertext> = versioned(
  'shortint::Ciphertext',
  1,
  struct<ShortintCiphertext>({
    ct: lweCiphertextCodec,
    degree: degreeCodec,
    noiseLevel: noiseLevelCodec,
    messageModulus: messageModulusCodec,
    carryModulus: carryModulusCodec,
    atomicPattern: atomicPatternKindCodec,
  }),
);

/** FheUint / FheInt V2: `u32 2 · u32 0 (hlapi RadixCiphertext) · u32 0 (BaseRadixCiphertext) · Vec<Ciphertext> · Tag ·
 * ReRandomizationMetadata`. */
export const fheUintCodec: Codec<FheUint> = versioned(
  'FheUint',
  2,
  struct<FheUint>({
    blocks: wrapped(
      [
        ['hlapi::RadixCiphertext', 0],
        ['BaseRadixCiphertext', 0],
      ],
      vec(shortintCiphertextCodec),
    ),
    tag: tagCodec,
    reRandomizationMetadata: reRandomizationMetadataCodec,
  }),
);

/** FheBool V2: `u32 2 · u32 0 (InnerBoolean) · u32 0 (BooleanBlock) · Ciphertext · Tag · ReRandomizationMetadata`. */
export const fheBoolCodec: Codec<FheBool> = versioned(
  'FheBool',
  2,
  struct<FheBool>({
    block: wrapped(
      [
        ['hlapi::InnerBoolean', 0],
        ['BooleanBlock', 0],
      ],
      shortintCiphertextCodec,
    ),
    tag: tagCodec,
    reRandomizationMetadata: reRandomizationMetadataCodec,
  }),
);

/** shortint SquashedNoiseCiphertext V0: LweCiphertext<u128> · Degree · MessageModulus · CarryModulus. */
export const squashedNoiseCiphertextCodec: Codec<SquashedNoiseCiphertext> = versioned(
  'SquashedNoiseCiphertext',
  0,
  struct<SquashedNoiseCiphertext>({
    ct: lweCiphertext128Codec,
    degree: degreeCodec,
    messageModulus: messageModulusCodec,
    carryModulus: carryModulusCodec,
  }),
);

const squashedStateCodec: Codec<SquashedNoiseCiphertextState> = versioned(
  'SquashedNoiseCiphertextState',
  0,
  literalEnum('SquashedNoiseCiphertextState', ['Normal', 'PostDecompression'] as const),
);

/** SquashedNoiseFheUint / SquashedNoiseFheInt V1: `u32 1 · u32 0 (hlapi inner) · u32 0 (SquashedNoiseRadixCiphertext)
 * · Vec<SquashedNoiseCiphertext> · usize original_block_count · state · Tag`. */
export const squashedNoiseFheUintCodec: Codec<SquashedNoiseFheUint> = versioned(
  'SquashedNoiseFheUint',
  1,
  refine(
    struct<SquashedNoiseFheUint>({
      // The two tags wrap the integer struct {packed_blocks, original_block_count}; bytes are the same.
      packedBlocks: wrapped(
        [
          ['hlapi::InnerSquashedNoiseRadixCiphertext', 0],
          ['SquashedNoiseRadixCiphertext', 0],
        ],
        vec(squashedNoiseCiphertextCodec),
      ),
      originalBlockCount: u64,
      state: squashedStateCodec,
      tag: tagCodec,
    }),
    (v) =>
      v.originalBlockCount > 2 * v.packedBlocks.length
        ? `original block count ${v.originalBlockCount} exceeds twice the ${v.packedBlocks.length} packed blocks`
        : undefined,
  ),
);

/** SquashedNoiseFheBool V1: `u32 1 · u32 0 (hlapi inner) · u32 0 (SquashedNoiseBooleanBlock) · SquashedNoiseCiphertext ·
 * state · Tag`. */
export const squashedNoiseFheBoolCodec: Codec<SquashedNoiseFheBool> = versioned(
  'SquashedNoiseFheBool',
  1,
  struct<SquashedNoiseFheBool>({
    block: wrapped(
      [
        ['hlapi::InnerSquashedNoiseBoolean', 0],
        ['SquashedNoiseBooleanBlock', 0],
      ],
      squashedNoiseCiphertextCodec,
    ),
    state: squashedStateCodec,
    tag: tagCodec,
  }),
);
