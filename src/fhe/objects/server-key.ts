// hlapi CompressedServerKey: seeded keyswitching and bootstrapping keys, the optional casting key of a dedicated
// compact public key, and the OPRF bootstrapping key.
import {
  type Codec,
  enumeration,
  f64,
  literalEnum,
  map,
  option,
  struct,
  u64Vec,
  unit,
  unsupported,
  versioned,
  wrapped,
} from '../codec/index.ts';
import {
  carryModulusCodec,
  ciphertextModulusCodec,
  encryptionKeyChoiceCodec,
  lweSizeCodec,
  maxDegreeCodec,
  maxNoiseLevelCodec,
  messageModulusCodec,
  pbsOrderCodec,
} from '../params/codec.ts';
import {
  absent,
  compressionSeedCodec,
  i8,
  seededLweBootstrapKeyCodec,
  seededLweKeyswitchKeyCodec,
  tagCodec,
} from './common.ts';
import type {
  CompressedKeySwitchingKeyMaterial,
  CompressedModulusSwitchConfiguration,
  CompressedModulusSwitchNoiseReductionKey,
  CompressedServerKey,
  SeededLweBootstrapKey,
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

type StandardPart = Pick<
  CompressedServerKey,
  'keySwitchingKey' | 'bootstrappingKey' | 'modulusSwitch' | 'pbsOrder'
>;
type ShortintPart = StandardPart &
  Pick<CompressedServerKey, 'messageModulus' | 'carryModulus' | 'maxDegree' | 'maxNoiseLevel'>;

/** CompressedStandardAtomicPatternServerKey V0 {KSK, ShortintCompressedBootstrappingKey V3 (Classic = 0 {bsk,
 * modulus switch config}; MultiBit = 1 unsupported), PBSOrder}. */
const standardApCodec: Codec<StandardPart> = versioned(
  'CompressedStandardAtomicPatternServerKey',
  0,
  map(
    struct<{
      ksk: StandardPart['keySwitchingKey'];
      bk: Pick<StandardPart, 'bootstrappingKey' | 'modulusSwitch'>;
      pbsOrder: StandardPart['pbsOrder'];
    }>({
      ksk: seededLweKeyswitchKeyCodec,
      bk: versioned(
        'ShortintCompressedBootstrappingKey',
        3,
        enumeration(
          'ShortintCompressedBootstrappingKey',
          [
            struct<Pick<StandardPart, 'bootstrappingKey' | 'modulusSwitch'>>({
              bootstrappingKey: seededLweBootstrapKeyCodec,
              modulusSwitch: compressedModulusSwitchConfigurationCodec,
            }),
            unsupported('multi-bit bootstrapping keys'),
          ],
          () => 0,
        ),
      ),
      pbsOrder: pbsOrderCodec,
    }),
    (s): StandardPart => ({ keySwitchingKey: s.ksk, ...s.bk, pbsOrder: s.pbsOrder }),
    (p) => ({
      ksk: p.keySwitchingKey,
      bk: { bootstrappingKey: p.bootstrappingKey, modulusSwitch: p.modulusSwitch },
      pbsOrder: p.pbsOrder,
    }),
  ),
);

/** shortint CompressedServerKey V3 {CompressedAtomicPatternServerKey V0 (Standard = 0; KS32 = 1 unsupported),
 * MessageModulus, CarryModulus, MaxDegree, MaxNoiseLevel}. */
const shortintCompressedServerKeyCodec: Codec<ShortintPart> = versioned(
  'shortint::CompressedServerKey',
  3,
  map(
    struct<{ ap: StandardPart } & Omit<ShortintPart, keyof StandardPart>>({
      ap: versioned(
        'CompressedAtomicPatternServerKey',
        0,
        enumeration<StandardPart>(
          'CompressedAtomicPatternServerKey',
          [standardApCodec, unsupported('KS32 server keys')],
          () => 0,
        ),
      ),
      messageModulus: messageModulusCodec,
      carryModulus: carryModulusCodec,
      maxDegree: maxDegreeCodec,
      maxNoiseLevel: maxNoiseLevelCodec,
    }),
    ({ ap, ...rest }): ShortintPart => ({ ...ap, ...rest }),
    (p) => ({
      ap: {
        keySwitchingKey: p.keySwitchingKey,
        bootstrappingKey: p.bootstrappingKey,
        modulusSwitch: p.modulusSwitch,
        pbsOrder: p.pbsOrder,
      },
      messageModulus: p.messageModulus,
      carryModulus: p.carryModulus,
      maxDegree: p.maxDegree,
      maxNoiseLevel: p.maxNoiseLevel,
    }),
  ),
);

/** integer CompressedOprfServerKey V0 · shortint CompressedOprfServerKey V0 · CompressedOprfBootstrappingKey V0
 * (Classic = 0 {seeded bsk}; MultiBit = 1 unsupported). */
const oprfBootstrappingKeyCodec: Codec<SeededLweBootstrapKey> = wrapped(
  [
    ['integer::CompressedOprfServerKey', 0],
    ['shortint::CompressedOprfServerKey', 0],
    ['CompressedOprfBootstrappingKey', 0],
  ],
  enumeration<SeededLweBootstrapKey>(
    'CompressedOprfBootstrappingKey',
    [seededLweBootstrapKeyCodec, unsupported('multi-bit OPRF bootstrapping keys')],
    () => 0,
  ),
);

type Rest = Omit<CompressedServerKey, keyof ShortintPart>;

/** hlapi CompressedServerKey V2 · IntegerCompressedServerKey V7 {integer CompressedServerKey V2 (shortint key), optional
 * parts…, oprf_key} · Tag. */
export const compressedServerKeyCodec: Codec<CompressedServerKey> = versioned(
  'hlapi::CompressedServerKey',
  2,
  versioned(
    'IntegerCompressedServerKey',
    7,
    map(
      struct<{ key: ShortintPart } & Rest>({
        key: versioned('integer::CompressedServerKey', 2, shortintCompressedServerKeyCodec),
        cpkKeySwitchingKeyMaterial: option(compressedKeySwitchingKeyMaterialCodec),
        compressionKey: absent('compression keys'),
        decompressionKey: absent('decompression keys'),
        noiseSquashingKey: absent('noise-squashing keys'),
        noiseSquashingCompressionKey: absent('noise-squashing compression keys'),
        cpkReRandomizationKey: absent('re-randomization keys'),
        oprfBootstrappingKey: option(oprfBootstrappingKeyCodec),
        tag: tagCodec,
      }),
      ({ key, ...rest }): CompressedServerKey => ({ ...key, ...rest }),
      (k) => ({
        key: {
          keySwitchingKey: k.keySwitchingKey,
          bootstrappingKey: k.bootstrappingKey,
          modulusSwitch: k.modulusSwitch,
          pbsOrder: k.pbsOrder,
          messageModulus: k.messageModulus,
          carryModulus: k.carryModulus,
          maxDegree: k.maxDegree,
          maxNoiseLevel: k.maxNoiseLevel,
        },
        cpkKeySwitchingKeyMaterial: k.cpkKeySwitchingKeyMaterial,
        compressionKey: null,
        decompressionKey: null,
        noiseSquashingKey: null,
        noiseSquashingCompressionKey: null,
        cpkReRandomizationKey: null,
        oprfBootstrappingKey: k.oprfBootstrappingKey,
        tag: k.tag,
      }),
    ),
  ),
);
