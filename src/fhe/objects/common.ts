// Codecs of the core_crypto entities and small hlapi pieces shared by several objects.
import {
  bytes,
  type Codec,
  enumeration,
  fixedBytes,
  map,
  option,
  refine,
  struct,
  u8,
  u64,
  u64Vec,
  u128,
  u128Vec,
  unsupported,
  versioned,
} from '../codec/index.ts';
import {
  ciphertextModulusCodec,
  decompositionBaseLogCodec,
  decompositionLevelCountCodec,
  glweSizeCodec,
  lweSizeCodec,
  polynomialSizeCodec,
} from '../params/codec.ts';
import type {
  CompressionSeed,
  GlweSecretKey,
  GlweSecretKey128,
  LweCiphertext,
  LweCiphertext128,
  SeededLweBootstrapKey,
  SeededLweKeyswitchKey,
} from './types.ts';

/** hlapi Tag: `u32 0 · Vec<u8>`. */
export const tagCodec: Codec<Uint8Array> = versioned('Tag', 0, bytes);

/** hlapi ReRandomizationMetadata: `u32 0 · Vec<u8>`. */
export const reRandomizationMetadataCodec: Codec<Uint8Array> = versioned('ReRandomizationMetadata', 0, bytes);

/** An `Option<T>` that tfhe-rs may fill but this codec does not model: None reads as null, Some is Unsupported. */
export function absent(what: string): Codec<null> {
  return map(
    option(unsupported<never>(what)),
    () => null,
    () => null,
  );
}

/** LweCiphertext<Vec<u64>> V0: `u32 0 · Vec<u64> (a…, b) · CiphertextModulus`. */
export const lweCiphertextCodec: Codec<LweCiphertext> = versioned(
  'LweCiphertext',
  0,
  refine(struct<LweCiphertext>({ data: u64Vec, ciphertextModulus: ciphertextModulusCodec }), (v) =>
    v.data.length === 0 ? 'empty LWE ciphertext' : undefined,
  ),
);

/** LweCiphertext<Vec<u128>> V0 (squashed noise): data words are (lo, hi) pairs. */
export const lweCiphertext128Codec: Codec<LweCiphertext128> = versioned(
  'LweCiphertext',
  0,
  refine(struct<LweCiphertext128>({ data: u128Vec, ciphertextModulus: ciphertextModulusCodec }), (v) =>
    v.data.length === 0 ? 'empty LWE ciphertext' : undefined,
  ),
);

/** LweSecretKey V0: `u32 0 · Vec<u64>` of 0/1 words. */
export const lweSecretKeyCodec: Codec<BigUint64Array> = versioned('LweSecretKey', 0, u64Vec);

/** GlweSecretKey<u64> V0: `u32 0 · Vec<u64> (k·N) · PolynomialSize`. */
export const glweSecretKeyCodec: Codec<GlweSecretKey> = versioned(
  'GlweSecretKey',
  0,
  refine(struct<GlweSecretKey>({ data: u64Vec, polynomialSize: polynomialSizeCodec }), (v) =>
    v.polynomialSize === 0 || v.data.length % v.polynomialSize !== 0
      ? `key length ${v.data.length} is not a multiple of the polynomial size ${v.polynomialSize}`
      : undefined,
  ),
);

/** GlweSecretKey<u128> V0: `u32 0 · Vec<u128> · PolynomialSize`. */
export const glweSecretKey128Codec: Codec<GlweSecretKey128> = versioned(
  'GlweSecretKey',
  0,
  refine(struct<GlweSecretKey128>({ data: u128Vec, polynomialSize: polynomialSizeCodec }), (v) =>
    v.polynomialSize === 0 || (v.data.length / 2) % v.polynomialSize !== 0
      ? `key length ${v.data.length / 2} is not a multiple of the polynomial size ${v.polynomialSize}`
      : undefined,
  ),
);

type Seed = CompressionSeed['seed'];

/** CompressionSeed V1 { AesCtrParams V0 { seed: SeedKind V0 {Ctr(Seed V0 [u8;16]) = 0, Xof(XofSeed V0 Vec<u8>) = 1},
 * first_index: TableIndex V0 { AesIndex V0 u128, ByteIndex V0 usize } } } — 72 bytes for Ctr seeds. */
export const compressionSeedCodec: Codec<CompressionSeed> = versioned(
  'CompressionSeed',
  1,
  versioned(
    'AesCtrParams',
    0,
    struct<CompressionSeed>({
      seed: versioned(
        'SeedKind',
        0,
        enumeration<Seed>(
          'SeedKind',
          [
            versioned(
              'Seed',
              0,
              map(
                fixedBytes(16),
                (b): Seed => ({ kind: 'Ctr', bytes: b }),
                (s) => s.bytes,
              ),
            ),
            versioned(
              'XofSeed',
              0,
              map(
                bytes,
                (b): Seed => ({ kind: 'Xof', bytes: b }),
                (s) => s.bytes,
              ),
            ),
          ],
          (s) => (s.kind === 'Ctr' ? 0 : 1),
        ),
      ),
      firstIndex: versioned(
        'TableIndex',
        0,
        struct<CompressionSeed['firstIndex']>({
          aesIndex: versioned('AesIndex', 0, u128),
          byteIndex: refine(versioned('ByteIndex', 0, u64), (b) =>
            b < 16 ? undefined : `byte index ${b} is not below 16`,
          ),
        }),
      ),
    }),
  ),
);

/** SeededLweKeyswitchKey<u64> V2. */
export const seededLweKeyswitchKeyCodec: Codec<SeededLweKeyswitchKey> = versioned(
  'SeededLweKeyswitchKey',
  2,
  refine(
    struct<SeededLweKeyswitchKey>({
      data: u64Vec,
      decompBaseLog: decompositionBaseLogCodec,
      decompLevelCount: decompositionLevelCountCodec,
      outputLweSize: lweSizeCodec,
      compressionSeed: compressionSeedCodec,
      ciphertextModulus: ciphertextModulusCodec,
    }),
    (v) =>
      v.decompLevelCount === 0 || v.data.length % v.decompLevelCount !== 0
        ? `${v.data.length} bodies are not a multiple of the level count ${v.decompLevelCount}`
        : undefined,
  ),
);

function checkBsk(v: SeededLweBootstrapKey, wordsPerCoefficient: number): string | undefined {
  const ggswBodies = v.glweSize * v.decompLevelCount * v.polynomialSize * wordsPerCoefficient;
  return ggswBodies === 0 || v.data.length % ggswBodies !== 0
    ? `${v.data.length} words are not a whole number of GGSW ciphertexts of ${ggswBodies} words`
    : undefined;
}

function seededBsk(words: Codec<BigUint64Array>, wordsPerCoefficient: number): Codec<SeededLweBootstrapKey> {
  return versioned(
    'SeededLweBootstrapKey',
    1,
    versioned(
      'SeededGgswCiphertextList',
      1,
      refine(
        struct<SeededLweBootstrapKey>({
          data: words,
          glweSize: glweSizeCodec,
          polynomialSize: polynomialSizeCodec,
          decompBaseLog: decompositionBaseLogCodec,
          decompLevelCount: decompositionLevelCountCodec,
          compressionSeed: compressionSeedCodec,
          ciphertextModulus: ciphertextModulusCodec,
        }),
        (v) => checkBsk(v, wordsPerCoefficient),
      ),
    ),
  );
}

/** SeededLweBootstrapKey<u64> V1 · SeededGgswCiphertextList V1. */
export const seededLweBootstrapKeyCodec: Codec<SeededLweBootstrapKey> = seededBsk(u64Vec, 1);

/** SeededLweBootstrapKey<u128> (noise squashing), 2 words per coefficient. */
export const seededLweBootstrapKey128Codec: Codec<SeededLweBootstrapKey> = seededBsk(u128Vec, 2);

/** i8 as a number (bincode: one byte, two's complement). */
export const i8: Codec<number> = map(
  u8,
  (b) => (b << 24) >> 24,
  (v) => v & 0xff,
);
