// hlapi CompressedServerKey: seeded keyswitching and bootstrapping keys, the optional casting key of a dedicated
// compact public key, and the OPRF bootstrapping key.
import {
  type Codec,
  enumeration,
  map,
  option,
  struct,
  unsupported,
  versioned,
  wrapped,
} from '../codec/index.ts';
import {
  carryModulusCodec,
  maxDegreeCodec,
  maxNoiseLevelCodec,
  messageModulusCodec,
  pbsOrderCodec,
} from '../params/codec.ts';
import { seededLweBootstrapKeyCodec, seededLweKeyswitchKeyCodec, tagCodec } from './common.ts';
import {
  compressedCompressionKeyCodec,
  compressedDecompressionKeyCodec,
  compressedKeySwitchingKeyMaterialCodec,
  compressedModulusSwitchConfigurationCodec,
  compressedNoiseSquashingCompressionKeyCodec,
  compressedNoiseSquashingKeyCodec,
  compressedReRandomizationKeyCodec,
} from './server-key-parts.ts';
import type { CompressedServerKey, SeededLweBootstrapKey } from './types.ts';

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
        compressionKey: option(compressedCompressionKeyCodec),
        decompressionKey: option(compressedDecompressionKeyCodec),
        noiseSquashingKey: option(compressedNoiseSquashingKeyCodec),
        noiseSquashingCompressionKey: option(compressedNoiseSquashingCompressionKeyCodec),
        cpkReRandomizationKey: option(compressedReRandomizationKeyCodec),
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
        compressionKey: k.compressionKey,
        decompressionKey: k.decompressionKey,
        noiseSquashingKey: k.noiseSquashingKey,
        noiseSquashingCompressionKey: k.noiseSquashingCompressionKey,
        cpkReRandomizationKey: k.cpkReRandomizationKey,
        oprfBootstrappingKey: k.oprfBootstrappingKey,
        tag: k.tag,
      }),
    ),
  ),
);
