// The optional parts of a CompressedServerKey that the KMS key sets carry: ciphertext-list compression and
// decompression keys, the switch-and-squash (noise-squashing) key and its compression key, and the
// re-randomization key. Layouts from the tfhe-rs 1.7.0 sources (node-tfhe cannot produce these keys).
import {
  type Codec,
  enumeration,
  f64,
  literalEnum,
  map,
  refine,
  struct,
  u64Vec,
  u128Vec,
  unit,
  unsupported,
  versioned,
  wrapped,
} from '../codec/index.ts';
import {
  carryModulusCodec,
  ciphertextModulusCodec,
  ciphertextModulusLogCodec,
  decompositionBaseLogCodec,
  decompositionLevelCountCodec,
  encryptionKeyChoiceCodec,
  glweSizeCodec,
  lweCiphertextCountCodec,
  lweSizeCodec,
  messageModulusCodec,
  polynomialSizeCodec,
} from '../params/codec.ts';
import {
  compressionSeedCodec,
  i8,
  seededLweBootstrapKey128Codec,
  seededLweBootstrapKeyCodec,
  seededLweKeyswitchKeyCodec,
} from './common.ts';
import { integerCompressedCompactPublicKeyCodec } from './keys.ts';
import type {
  CompressedCompressionKey,
  CompressedDecompressionKey,
  CompressedKeySwitchingKeyMaterial,
  CompressedModulusSwitchConfiguration,
  CompressedModulusSwitchNoiseReductionKey,
  CompressedNoiseSquashingCompressionKey,
  CompressedNoiseSquashingKey,
  CompressedReRandomizationKey,
  SeededLweBootstrapKey,
  SeededLwePackingKeyswitchKey,
} from './types.ts';

/** CompressedModulusSwitchNoiseReductionKey V1 { SeededLweCiphertextList V0 {data, LweSize, seed, modulus},
 * ms_bound, ms_r_sigma_factor, ms_input_variance }. */
const msNoiseReductionKeyCodec: Codec<CompressedModulusSwitchNoiseReductionKey> = versioned(
  'CompressedModulusSwitchNoiseReductionKey',
  1,
  struct<CompressedModulusSwitchNoiseReductionKey>({
    data: versioned('SeededLweCiphertextList', 0, u64Vec),
    lweSize: lweSizeCodec,
    compressionSeed: compressionSeedCodec,
    ciphertextModulus: ciphertextModulusCodec,
    msBound: versioned('NoiseEstimationMeasureBound', 0, f64),
    msRSigmaFactor: versioned('RSigmaFactor', 0, f64),
    msInputVariance: versioned('Variance', 0, f64),
  }),
);

/** CompressedModulusSwitchConfiguration V0: Standard = 0, DriftTechniqueNoiseReduction(key) = 1, CenteredMean = 2. */
export const compressedModulusSwitchConfigurationCodec: Codec<CompressedModulusSwitchConfiguration> =
  versioned(
    'CompressedModulusSwitchConfiguration',
    0,
    enumeration<CompressedModulusSwitchConfiguration>(
      'CompressedModulusSwitchConfiguration',
      [
        unit<CompressedModulusSwitchConfiguration>({ kind: 'Standard' }),
        map(
          msNoiseReductionKeyCodec,
          (key): CompressedModulusSwitchConfiguration => ({ kind: 'DriftTechniqueNoiseReduction', key }),
          (v) =>
            (v as Extract<CompressedModulusSwitchConfiguration, { kind: 'DriftTechniqueNoiseReduction' }>)
              .key,
        ),
        unit<CompressedModulusSwitchConfiguration>({ kind: 'CenteredMeanNoiseReduction' }),
      ],
      (v) => ['Standard', 'DriftTechniqueNoiseReduction', 'CenteredMeanNoiseReduction'].indexOf(v.kind),
    ),
  );

/** integer CompressedKeySwitchingKeyMaterial V2 · shortint CompressedKeySwitchingKeyMaterial V2. */
export const compressedKeySwitchingKeyMaterialCodec: Codec<CompressedKeySwitchingKeyMaterial> = wrapped(
  [
    ['integer::CompressedKeySwitchingKeyMaterial', 2],
    ['shortint::CompressedKeySwitchingKeyMaterial', 2],
  ],
  struct<CompressedKeySwitchingKeyMaterial>({
    keySwitchingKey: seededLweKeyswitchKeyCodec,
    castRshift: i8,
    destinationKey: encryptionKeyChoiceCodec,
    destinationAtomicPattern: versioned(
      'KeySwitchingKeyDestinationAtomicPattern',
      0,
      literalEnum('KeySwitchingKeyDestinationAtomicPattern', ['Standard', 'KeySwitch32'] as const),
    ),
  }),
);

function seededPackingKsk(
  words: Codec<BigUint64Array>,
  wordsPerCoefficient: number,
): Codec<SeededLwePackingKeyswitchKey> {
  return versioned(
    'SeededLwePackingKeyswitchKey',
    2,
    refine(
      struct<SeededLwePackingKeyswitchKey>({
        data: words,
        decompBaseLog: decompositionBaseLogCodec,
        decompLevelCount: decompositionLevelCountCodec,
        outputGlweSize: glweSizeCodec,
        outputPolynomialSize: polynomialSizeCodec,
        compressionSeed: compressionSeedCodec,
        ciphertextModulus: ciphertextModulusCodec,
      }),
      (k) => {
        const perInput = k.decompLevelCount * k.outputPolynomialSize * wordsPerCoefficient;
        return perInput > 0 && k.data.length % perInput === 0
          ? undefined
          : `${k.data.length} words are not a whole number of inputs of ${perInput} words`;
      },
    ),
  );
}

/** SeededLwePackingKeyswitchKey<u64> V2. */
export const seededLwePackingKeyswitchKeyCodec = seededPackingKsk(u64Vec, 1);
/** SeededLwePackingKeyswitchKey<u128> V2. */
export const seededLwePackingKeyswitchKey128Codec = seededPackingKsk(u128Vec, 2);

/** Builds the ShortintCompressedBootstrappingKey / CompressedShortint128BootstrappingKey enum: Classic {bsk,
 * modulus switch configuration} = 0; MultiBit = 1 unsupported. */
export function classicBootstrappingKey(
  typeName: string,
  version: number,
  bsk: Codec<SeededLweBootstrapKey>,
): Codec<{ bootstrappingKey: SeededLweBootstrapKey; modulusSwitch: CompressedModulusSwitchConfiguration }> {
  return versioned(
    typeName,
    version,
    enumeration(
      typeName,
      [
        struct({ bootstrappingKey: bsk, modulusSwitch: compressedModulusSwitchConfigurationCodec }),
        unsupported('multi-bit bootstrapping keys'),
      ],
      () => 0,
    ),
  );
}

/** integer CompressedCompressionKey V2 · shortint CompressedCompressionKey V2. */
export const compressedCompressionKeyCodec: Codec<CompressedCompressionKey> = wrapped(
  [
    ['integer::CompressedCompressionKey', 2],
    ['shortint::CompressedCompressionKey', 2],
  ],
  struct<CompressedCompressionKey>({
    packingKeySwitchingKey: seededLwePackingKeyswitchKeyCodec,
    lwePerGlwe: lweCiphertextCountCodec,
    storageLogModulus: ciphertextModulusLogCodec,
  }),
);

/** integer CompressedDecompressionKey V1 · shortint CompressedDecompressionKey V2 {ShortintCompressedBootstrappingKey
 * V3, lwe_per_glwe}. */
export const compressedDecompressionKeyCodec: Codec<CompressedDecompressionKey> = wrapped(
  [
    ['integer::CompressedDecompressionKey', 1],
    ['shortint::CompressedDecompressionKey', 2],
  ],
  map(
    struct({
      bk: classicBootstrappingKey('ShortintCompressedBootstrappingKey', 3, seededLweBootstrapKeyCodec),
      lwePerGlwe: lweCiphertextCountCodec,
    }),
    ({ bk, lwePerGlwe }): CompressedDecompressionKey => ({ ...bk, lwePerGlwe }),
    (k) => ({
      bk: { bootstrappingKey: k.bootstrappingKey, modulusSwitch: k.modulusSwitch },
      lwePerGlwe: k.lwePerGlwe,
    }),
  ),
);

/** integer CompressedNoiseSquashingKey V0 · shortint CompressedNoiseSquashingKey V3 {CompressedAtomicPatternNoiseSquashingKey
 * V0 (Standard = 0 · CompressedStandardAtomicPatternNoiseSquashingKey V0 · CompressedShortint128BootstrappingKey V1;
 * KS32 = 1 unsupported), MessageModulus, CarryModulus, output CiphertextModulus<u128>}. */
type Bk = { bootstrappingKey: SeededLweBootstrapKey; modulusSwitch: CompressedModulusSwitchConfiguration };
export const compressedNoiseSquashingKeyCodec: Codec<CompressedNoiseSquashingKey> = wrapped(
  [
    ['integer::CompressedNoiseSquashingKey', 0],
    ['shortint::CompressedNoiseSquashingKey', 3],
  ],
  map(
    struct({
      ap: versioned(
        'CompressedAtomicPatternNoiseSquashingKey',
        0,
        enumeration<Bk>(
          'CompressedAtomicPatternNoiseSquashingKey',
          [
            versioned(
              'CompressedStandardAtomicPatternNoiseSquashingKey',
              0,
              classicBootstrappingKey(
                'CompressedShortint128BootstrappingKey',
                1,
                seededLweBootstrapKey128Codec,
              ),
            ),
            unsupported('KS32 noise-squashing keys'),
          ],
          () => 0,
        ),
      ),
      messageModulus: messageModulusCodec,
      carryModulus: carryModulusCodec,
      outputCiphertextModulus: ciphertextModulusCodec,
    }),
    ({ ap, ...rest }): CompressedNoiseSquashingKey => ({ ...ap, ...rest }),
    (k) => ({
      ap: { bootstrappingKey: k.bootstrappingKey, modulusSwitch: k.modulusSwitch },
      messageModulus: k.messageModulus,
      carryModulus: k.carryModulus,
      outputCiphertextModulus: k.outputCiphertextModulus,
    }),
  ),
);

/** integer CompressedNoiseSquashingCompressionKey V0 · shortint V0 {SeededLwePackingKeyswitchKey<u128>, lwe_per_glwe}. */
export const compressedNoiseSquashingCompressionKeyCodec: Codec<CompressedNoiseSquashingCompressionKey> =
  wrapped(
    [
      ['integer::CompressedNoiseSquashingCompressionKey', 0],
      ['shortint::CompressedNoiseSquashingCompressionKey', 0],
    ],
    struct<CompressedNoiseSquashingCompressionKey>({
      packingKeySwitchingKey: seededLwePackingKeyswitchKey128Codec,
      lwePerGlwe: lweCiphertextCountCodec,
    }),
  );

type RerandKsk = Extract<CompressedReRandomizationKey, { kind: 'LegacyDedicatedCPK' }>['ksk'];

/** CompressedReRandomizationKey V0: LegacyDedicatedCPK {ksk: CompressedReRandomizationKeySwitchingKey V0
 * (UseCPKEncryptionKSK = 0, DedicatedKSK(material) = 1)} = 0, DerivedCPKWithoutKeySwitch {cpk} = 1. */
const rerandKskCodec: Codec<RerandKsk> = versioned(
  'CompressedReRandomizationKeySwitchingKey',
  0,
  enumeration<RerandKsk>(
    'CompressedReRandomizationKeySwitchingKey',
    [
      unit<RerandKsk>({ kind: 'UseCPKEncryptionKSK' }),
      map(
        compressedKeySwitchingKeyMaterialCodec,
        (m): RerandKsk => ({ kind: 'DedicatedKSK', material: m }),
        (v) => (v as Extract<RerandKsk, { kind: 'DedicatedKSK' }>).material,
      ),
    ],
    (v) => (v.kind === 'UseCPKEncryptionKSK' ? 0 : 1),
  ),
);
export const compressedReRandomizationKeyCodec: Codec<CompressedReRandomizationKey> = versioned(
  'CompressedReRandomizationKey',
  0,
  enumeration<CompressedReRandomizationKey>(
    'CompressedReRandomizationKey',
    [
      map(
        rerandKskCodec,
        (k): CompressedReRandomizationKey => ({ kind: 'LegacyDedicatedCPK', ksk: k }),
        (v) => (v as Extract<CompressedReRandomizationKey, { kind: 'LegacyDedicatedCPK' }>).ksk,
      ),
      map(
        integerCompressedCompactPublicKeyCodec,
        (cpk): CompressedReRandomizationKey => ({ kind: 'DerivedCPKWithoutKeySwitch', cpk }),
        (v) => (v as Extract<CompressedReRandomizationKey, { kind: 'DerivedCPKWithoutKeySwitch' }>).cpk,
      ),
    ],
    (v) => (v.kind === 'LegacyDedicatedCPK' ? 0 : 1),
  ),
);
