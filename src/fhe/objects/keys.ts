// Client key and public keys (CompactPublicKey, CompressedCompactPublicKey).
import {
  type Codec,
  enumeration,
  map,
  option,
  refine,
  struct,
  u64Vec,
  unsupported,
  versioned,
  wrapped,
} from '../codec/index.ts';
import {
  ciphertextModulusCodec,
  compactPkeParametersCodec,
  compressionParametersCodec,
  glweSizeCodec,
  keySwitchingParametersCodec,
  noiseSquashingCompressionParametersCodec,
  noiseSquashingParametersCodec,
  pbsParametersCodec,
  polynomialSizeCodec,
  reRandomizationParametersCodec,
} from '../params/codec.ts';
import {
  absent,
  compressionSeedCodec,
  glweSecretKey128Codec,
  glweSecretKeyCodec,
  lweSecretKeyCodec,
  tagCodec,
} from './common.ts';
import type {
  ClientKey,
  CompactPublicKey,
  CompressedCompactPublicKey,
  CompressedCompactPublicKeyKey,
} from './types.ts';

// ---------------------------------------------------------------- CompactPublicKey

interface CompactPublicKeyWire {
  data: BigUint64Array;
  polynomialSize: number;
  ciphertextModulus: CompactPublicKey['ciphertextModulus'];
  parameters: CompactPublicKey['parameters'];
  tag: Uint8Array;
}

/** hlapi CompactPublicKey V1 · IntegerCompactPublicKey V0 · integer V0 · shortint CompactPublicKey V1 ·
 * LweCompactPublicKey V0 · GlweCiphertext V0 {data [mask N | body N], PolynomialSize, CiphertextModulus} ·
 * CompactPublicKeyEncryptionParameters · Tag. */
export const compactPublicKeyCodec: Codec<CompactPublicKey> = map(
  versioned(
    'hlapi::CompactPublicKey',
    1,
    refine(
      struct<CompactPublicKeyWire>({
        data: wrapped(
          [
            ['IntegerCompactPublicKey', 0],
            ['integer::CompactPublicKey', 0],
            ['shortint::CompactPublicKey', 1],
            ['LweCompactPublicKey', 0],
            ['GlweCiphertext', 0],
          ],
          u64Vec,
        ),
        polynomialSize: polynomialSizeCodec,
        ciphertextModulus: ciphertextModulusCodec,
        parameters: compactPkeParametersCodec,
        tag: tagCodec,
      }),
      (w) =>
        w.polynomialSize > 0 && w.data.length === 2 * w.polynomialSize
          ? undefined
          : `GLWE data of ${w.data.length} words is not mask ‖ body of PolynomialSize ${w.polynomialSize} each`,
    ),
  ),
  (w): CompactPublicKey => {
    const n = w.polynomialSize;
    return {
      mask: w.data.slice(0, n),
      body: w.data.slice(n, 2 * n),
      polynomialSize: n,
      ciphertextModulus: w.ciphertextModulus,
      parameters: w.parameters,
      tag: w.tag,
    };
  },
  (k): CompactPublicKeyWire => {
    const data = new BigUint64Array(k.mask.length + k.body.length);
    data.set(k.mask, 0);
    data.set(k.body, k.mask.length);
    return {
      data,
      polynomialSize: k.polynomialSize,
      ciphertextModulus: k.ciphertextModulus,
      parameters: k.parameters,
      tag: k.tag,
    };
  },
);

/** integer CompressedCompactPublicKey V0 · shortint CompressedCompactPublicKey V1 · SeededLweCompactPublicKey V0 ·
 * SeededGlweCiphertext V0 {body N, GlweSize, CompressionSeed, CiphertextModulus} · parameters. */
export const integerCompressedCompactPublicKeyCodec: Codec<CompressedCompactPublicKeyKey> = wrapped(
  [
    ['integer::CompressedCompactPublicKey', 0],
    ['shortint::CompressedCompactPublicKey', 1],
  ],
  refine(
    struct<CompressedCompactPublicKeyKey>({
      body: wrapped(
        [
          ['SeededLweCompactPublicKey', 0],
          ['SeededGlweCiphertext', 0],
        ],
        u64Vec,
      ),
      glweSize: glweSizeCodec,
      compressionSeed: compressionSeedCodec,
      ciphertextModulus: ciphertextModulusCodec,
      parameters: compactPkeParametersCodec,
    }),
    (k) => (k.glweSize === 2 ? undefined : `GLWE size ${k.glweSize}, a compact public key has GLWE size 2`),
  ),
);

/** hlapi CompressedCompactPublicKey V1 · IntegerCompressedCompactPublicKey V0 · integer key · Tag. */
export const compressedCompactPublicKeyCodec: Codec<CompressedCompactPublicKey> = versioned(
  'hlapi::CompressedCompactPublicKey',
  1,
  map(
    struct<{ key: CompressedCompactPublicKeyKey; tag: Uint8Array }>({
      key: versioned('IntegerCompressedCompactPublicKey', 0, integerCompressedCompactPublicKeyCodec),
      tag: tagCodec,
    }),
    ({ key, tag }): CompressedCompactPublicKey => ({ ...key, tag }),
    ({ tag, ...key }) => ({ key, tag }),
  ),
);

// ---------------------------------------------------------------- ClientKey

type Dedicated = NonNullable<ClientKey['dedicatedCompactPrivateKey']>;
const dedicatedCompactPrivateKeyCodec: Codec<Dedicated> = struct<Dedicated>({
  secretKey: wrapped(
    [
      ['integer::CompactPrivateKey', 0],
      ['shortint::CompactPrivateKey', 0],
    ],
    lweSecretKeyCodec,
  ),
  parameters: compactPkeParametersCodec,
  keySwitchingParameters: keySwitchingParametersCodec,
});

type Compression = NonNullable<ClientKey['compressionPrivateKey']>;
const compressionPrivateKeyCodec: Codec<Compression> = wrapped(
  [
    ['integer::CompressionPrivateKeys', 0],
    ['shortint::CompressionPrivateKeys', 0],
  ],
  struct<Compression>({ postPackingKsKey: glweSecretKeyCodec, parameters: compressionParametersCodec }),
);

type NoiseSquashing = NonNullable<ClientKey['noiseSquashingPrivateKey']>;
const noiseSquashingPrivateKeyCodec: Codec<NoiseSquashing> = wrapped(
  [
    ['integer::NoiseSquashingPrivateKey', 0],
    ['shortint::NoiseSquashingPrivateKey', 0],
  ],
  struct<NoiseSquashing>({
    postNoiseSquashingSecretKey: glweSecretKey128Codec,
    parameters: noiseSquashingParametersCodec,
  }),
);

type NoiseSquashingCompression = NonNullable<ClientKey['noiseSquashingCompressionPrivateKey']>;
const noiseSquashingCompressionPrivateKeyCodec: Codec<NoiseSquashingCompression> = wrapped(
  [
    ['integer::NoiseSquashingCompressionPrivateKey', 0],
    ['shortint::NoiseSquashingCompressionPrivateKey', 0],
  ],
  struct<NoiseSquashingCompression>({
    postPackingKsKey: glweSecretKey128Codec,
    parameters: noiseSquashingCompressionParametersCodec,
  }),
);

/** integer OprfPrivateKey V0 · shortint OprfPrivateKey V0 · AtomicPatternOprfPrivateKey V0 {Standard(LweSecretKey) = 0}. */
const oprfPrivateKeyCodec: Codec<BigUint64Array> = wrapped(
  [
    ['integer::OprfPrivateKey', 0],
    ['shortint::OprfPrivateKey', 0],
    ['AtomicPatternOprfPrivateKey', 0],
  ],
  enumeration<BigUint64Array>(
    'AtomicPatternOprfPrivateKey',
    [lweSecretKeyCodec, unsupported('KS32 OPRF private keys')],
    () => 0,
  ),
);

/** hlapi ClientKey V1 · IntegerClientKey V8 {integer::ClientKey V0 · GenericClientKey V1 · AtomicPatternClientKey V0
 * (Standard = 0 · StandardAtomicPatternClientKey V0 {GlweSecretKey, LweSecretKey, PBSParameters, wopbs: None}),
 * optional keys…} · Tag. */
export const clientKeyCodec: Codec<ClientKey> = versioned(
  'hlapi::ClientKey',
  1,
  versioned(
    'IntegerClientKey',
    8,
    struct<ClientKey>({
      glweSecretKey: wrapped(
        [
          ['integer::ClientKey', 0],
          ['GenericClientKey', 1],
          ['AtomicPatternClientKey', 0],
        ],
        enumeration(
          'AtomicPatternClientKey',
          [
            versioned('StandardAtomicPatternClientKey', 0, glweSecretKeyCodec),
            unsupported('KS32 client keys'),
          ],
          () => 0,
        ),
      ),
      lweSecretKey: lweSecretKeyCodec,
      parameters: map(
        struct<{ pbs: ClientKey['parameters']; wopbs: null }>({
          pbs: pbsParametersCodec,
          wopbs: absent('wopbs parameters'),
        }),
        (s) => s.pbs,
        (pbs) => ({ pbs, wopbs: null }),
      ),
      dedicatedCompactPrivateKey: option(dedicatedCompactPrivateKeyCodec),
      compressionPrivateKey: option(compressionPrivateKeyCodec),
      noiseSquashingPrivateKey: option(noiseSquashingPrivateKeyCodec),
      noiseSquashingCompressionPrivateKey: option(noiseSquashingCompressionPrivateKeyCodec),
      reRandomizationParameters: option(reRandomizationParametersCodec),
      oprfPrivateKey: option(oprfPrivateKeyCodec),
      tag: tagCodec,
    }),
  ),
);

/** The same CompactPublicKey in the layout a given tfhe-rs line reads: '1.7' writes CompactCiphertextListExpansionKind
 * V1, '1.4' writes V0 (readable by node-tfhe 1.4.0-alpha.3 and upgraded by 1.7 on load). Key material is shared.
 * @example writeObject('CompactPublicKey', compactPublicKeyInLayout(cpk, '1.4'))
 */
export function compactPublicKeyInLayout(cpk: CompactPublicKey, layout: '1.4' | '1.7'): CompactPublicKey {
  const kind = cpk.parameters.expansionKind;
  if (layout === '1.4' && kind.kind === 'NoCasting' && kind.atomicPattern.kind !== 'Standard') {
    throw new RangeError(
      'compactPublicKeyInLayout: the 1.4 layout cannot express a KeySwitch32 expansion kind',
    );
  }
  const version = layout === '1.4' ? 0 : 1;
  return { ...cpk, parameters: { ...cpk.parameters, expansionKind: { ...kind, version } } };
}
