// In-memory form of the tfhe-rs 1.7 objects this service reads and writes. Conventions:
//  * sizes and small scalars are numbers; single u128 values (moduli, AES indices) are bigints;
//  * u64 coefficient arrays are BigUint64Array; u128 arrays are BigUint64Array with 2 words per value,
//    (lo, hi) interleaved (the little-endian wire layout), never arrays of BigInt;
//  * secret keys are BigUint64Array of 0/1 words (their wire form);
//  * `tag` is the hlapi Tag bytes (empty for everything node-tfhe produces).
import type {
  AtomicPatternKind,
  CiphertextModulus,
  ClassicPBSParameters,
  CompactCiphertextListExpansionKind,
  CompactPublicKeyEncryptionParameters,
  CompressionParameters,
  EncryptionKeyChoice,
  ModulusSwitchType,
  NoiseSquashingCompressionParameters,
  NoiseSquashingParameters,
  PBSOrder,
  ReRandomizationParameters,
  ShortintKeySwitchingParameters,
} from '../params/types.ts';

// ---------------------------------------------------------------- core entities

/** LWE ciphertext over Z_2^64: data = [a_0 … a_{n-1}, b]. */
export interface LweCiphertext {
  data: BigUint64Array;
  ciphertextModulus: CiphertextModulus;
}

/** LWE ciphertext over Z_2^128: data holds 2(n+1) words, (lo, hi) per coefficient, body last. */
export interface LweCiphertext128 {
  data: BigUint64Array;
  ciphertextModulus: CiphertextModulus;
}

/** Seed of a seeded (compressed) entity: tfhe-csprng AES-CTR parameters. */
export interface CompressionSeed {
  /** Ctr: the 16-byte AES key (u128 LE as stored); Xof: the XOF seed bytes (domain separator ‖ seed). */
  seed: { kind: 'Ctr'; bytes: Uint8Array } | { kind: 'Xof'; bytes: Uint8Array };
  /** Start of the byte stream: 16·aesIndex + byteIndex. */
  firstIndex: { aesIndex: bigint; byteIndex: number };
}

/** SeededLweKeyswitchKey (V2): bodies only; ciphertext (i, j) at index i·level + j, j = 0 is the LAST level. */
export interface SeededLweKeyswitchKey {
  data: BigUint64Array;
  decompBaseLog: number;
  decompLevelCount: number;
  outputLweSize: number;
  compressionSeed: CompressionSeed;
  ciphertextModulus: CiphertextModulus;
}

/** SeededLweBootstrapKey (V1 · SeededGgswCiphertextList V1): body polynomials only; row (i, lv, r) at polynomial
 * index (i·level + lv)·glweSize + r, lv = 0 the highest level. */
export interface SeededLweBootstrapKey {
  data: BigUint64Array;
  glweSize: number;
  polynomialSize: number;
  decompBaseLog: number;
  decompLevelCount: number;
  compressionSeed: CompressionSeed;
  ciphertextModulus: CiphertextModulus;
}

/** Same layout over Z_2^128 (noise-squashing bootstrapping key): 2 words per coefficient. */
export type SeededLweBootstrapKey128 = SeededLweBootstrapKey;

// ---------------------------------------------------------------- ciphertexts

/** shortint Ciphertext (V1). */
export interface ShortintCiphertext {
  ct: LweCiphertext;
  degree: number;
  noiseLevel: number;
  messageModulus: number;
  carryModulus: number;
  atomicPattern: AtomicPatternKind;
}

/** hlapi FheUint8…FheUint2048 and FheInt* (V2): radix blocks, least significant first. The bit width is not on
 * the wire (the Id type is a unit struct); it is blocks.length · log2(messageModulus). */
export interface FheUint {
  blocks: ShortintCiphertext[];
  tag: Uint8Array;
  reRandomizationMetadata: Uint8Array;
}

/** Signed integers share the FheUint layout (type name `high_level_api::FheInt`). */
export type FheInt = FheUint;

/** hlapi FheBool (V2). */
export interface FheBool {
  block: ShortintCiphertext;
  tag: Uint8Array;
  reRandomizationMetadata: Uint8Array;
}

/** shortint SquashedNoiseCiphertext (V0): a 128-bit LWE ciphertext after switch-and-squash. */
export interface SquashedNoiseCiphertext {
  ct: LweCiphertext128;
  degree: number;
  messageModulus: number;
  carryModulus: number;
}

export type SquashedNoiseCiphertextState = 'Normal' | 'PostDecompression';

/** hlapi SquashedNoiseFheUint / SquashedNoiseFheInt (V1): packed 128-bit blocks (two radix blocks per LWE when
 * packed) and the original number of radix blocks. */
export interface SquashedNoiseFheUint {
  packedBlocks: SquashedNoiseCiphertext[];
  originalBlockCount: number;
  state: SquashedNoiseCiphertextState;
  tag: Uint8Array;
}

export type SquashedNoiseFheInt = SquashedNoiseFheUint;

/** hlapi SquashedNoiseFheBool (V1). */
export interface SquashedNoiseFheBool {
  block: SquashedNoiseCiphertext;
  state: SquashedNoiseCiphertextState;
  tag: Uint8Array;
}

// ---------------------------------------------------------------- compact lists

/** What a run of blocks in a compact list encodes (DataKind V1). */
export type DataKind =
  | { kind: 'Unsigned'; blocks: number }
  | { kind: 'Signed'; blocks: number }
  | { kind: 'Boolean' }
  | { kind: 'String'; nChars: number; padded: boolean };

/** shortint CompactCiphertextList (V2) over an LweCompactCiphertextList: data = bins·n mask coefficients, then
 * `count` bodies, bins = ceil(count / n), n = lweSize − 1. Degree 3 = unpacked, 15 = two blocks per LWE. */
export interface ShortintCompactCiphertextList {
  data: BigUint64Array;
  lweSize: number;
  count: number;
  ciphertextModulus: CiphertextModulus;
  degree: number;
  messageModulus: number;
  carryModulus: number;
  expansionKind: CompactCiphertextListExpansionKind;
}

/** hlapi CompactCiphertextList (V1). */
export interface CompactCiphertextList {
  list: ShortintCompactCiphertextList;
  info: DataKind[];
  tag: Uint8Array;
}

/** A zero-knowledge proof of encryption (CompactPkeProof), kept as its exact wire bytes (version tags included)
 * after a full structural check of the points; `version` is the pke proof version (2 = tfhe-rs 1.4, 3 = 1.7). */
export interface CompactPkeProof {
  scheme: 'PkeV1' | 'PkeV2';
  version: number;
  bytes: Uint8Array;
}

/** hlapi ProvenCompactCiphertextList (V0). */
export interface ProvenCompactCiphertextList {
  lists: { list: ShortintCompactCiphertextList; proof: CompactPkeProof }[];
  info: DataKind[];
  tag: Uint8Array;
}

// ---------------------------------------------------------------- compressed (packed) ciphertext lists

/** PackedIntegers (V0): `initialLen` values of `logModulus` bits packed into words; for u128 lists the words are
 * (lo, hi) pairs. The packed length is ceil(initialLen · logModulus / bits) values. */
export interface PackedIntegers {
  packedCoeffs: BigUint64Array;
  logModulus: number;
  initialLen: number;
  /**
   * Set when read in place (`alias`) from words that are not 8-byte aligned: their wire bytes, a view of the
   * input. `packedCoeffs` is then copied from them on first read only (phase computation reads these bytes).
   */
  readonly packedBytes?: Uint8Array;
}

/** CompressedModulusSwitchedGlweCiphertext (V0): a GLWE ciphertext switched to 2^logModulus and bit-packed, of which
 * only the first `bodiesCount` body coefficients are kept. */
export interface CompressedModulusSwitchedGlweCiphertext {
  packedIntegers: PackedIntegers;
  glweDimension: number;
  polynomialSize: number;
  bodiesCount: number;
  uncompressedCiphertextModulus: CiphertextModulus;
}

/** hlapi CompressedCiphertextList (V3): compressed 64-bit ciphertexts (fhEVM "small compressed" handles). */
export interface CompressedCiphertextList {
  glweCiphertexts: CompressedModulusSwitchedGlweCiphertext[];
  meta: {
    ciphertextModulus: CiphertextModulus;
    messageModulus: number;
    carryModulus: number;
    atomicPattern: AtomicPatternKind;
    lwePerGlwe: number;
  } | null;
  info: DataKind[];
  tag: Uint8Array;
  /** One entry per element of `info`. */
  reRandomizationMetadata: Uint8Array[];
}

/** hlapi CompressedSquashedNoiseCiphertextList (V0): compressed 128-bit squashed ciphertexts. */
export interface CompressedSquashedNoiseCiphertextList {
  glweCiphertexts: CompressedModulusSwitchedGlweCiphertext[];
  meta: { messageModulus: number; carryModulus: number; lwePerGlwe: number } | null;
  info: DataKind[];
  tag: Uint8Array;
}

// ---------------------------------------------------------------- public keys

/** hlapi CompactPublicKey: b = a·rev(s) + e over Z_2^64[X]/(X^N+1). */
export interface CompactPublicKey {
  mask: BigUint64Array;
  body: BigUint64Array;
  polynomialSize: number;
  ciphertextModulus: CiphertextModulus;
  /** `parameters.expansionKind.version` selects the 1.7 (1) or 1.4-compatible (0) layout. */
  parameters: CompactPublicKeyEncryptionParameters;
  tag: Uint8Array;
}

/** hlapi CompressedCompactPublicKey: body only, mask regenerated from the seed. */
export interface CompressedCompactPublicKey {
  body: BigUint64Array;
  glweSize: number;
  compressionSeed: CompressionSeed;
  ciphertextModulus: CiphertextModulus;
  parameters: CompactPublicKeyEncryptionParameters;
  tag: Uint8Array;
}

// ---------------------------------------------------------------- client key

/** A GLWE secret key: k·N words ∈ {0,1} (u64 keys) and its polynomial size. */
export interface GlweSecretKey {
  data: BigUint64Array;
  polynomialSize: number;
}

/** A GLWE secret key over u128 (noise squashing): 2 words per coefficient, (lo, hi). */
export interface GlweSecretKey128 {
  data: BigUint64Array;
  polynomialSize: number;
}

/** hlapi ClientKey (V1 · IntegerClientKey V8) with the Standard atomic pattern and classic PBS parameters. */
export interface ClientKey {
  /** "Big" key (GLWE key read as LWE, k·N bits). */
  glweSecretKey: GlweSecretKey;
  /** "Small" LWE key (n bits). */
  lweSecretKey: BigUint64Array;
  parameters: ClassicPBSParameters;
  dedicatedCompactPrivateKey: {
    secretKey: BigUint64Array;
    parameters: CompactPublicKeyEncryptionParameters;
    keySwitchingParameters: ShortintKeySwitchingParameters;
  } | null;
  compressionPrivateKey: { postPackingKsKey: GlweSecretKey; parameters: CompressionParameters } | null;
  noiseSquashingPrivateKey: {
    postNoiseSquashingSecretKey: GlweSecretKey128;
    parameters: NoiseSquashingParameters;
  } | null;
  noiseSquashingCompressionPrivateKey: {
    postPackingKsKey: GlweSecretKey128;
    parameters: NoiseSquashingCompressionParameters;
  } | null;
  reRandomizationParameters: ReRandomizationParameters | null;
  /** Dedicated OPRF LWE secret key (n bits), or null. */
  oprfPrivateKey: BigUint64Array | null;
  tag: Uint8Array;
}

// ---------------------------------------------------------------- server key

/** How the modulus switch before a PBS reduces noise, with its key when it has one. */
export type CompressedModulusSwitchConfiguration =
  | { kind: 'Standard' }
  | { kind: 'DriftTechniqueNoiseReduction'; key: CompressedModulusSwitchNoiseReductionKey }
  | { kind: 'CenteredMeanNoiseReduction' };

/** Seeded encryptions of zero used by the drift technique (SeededLweCiphertextList). */
export interface CompressedModulusSwitchNoiseReductionKey {
  /** Bodies of the encryptions of zero. */
  data: BigUint64Array;
  lweSize: number;
  compressionSeed: CompressionSeed;
  ciphertextModulus: CiphertextModulus;
  msBound: number;
  msRSigmaFactor: number;
  msInputVariance: number;
}

/** Casting key from the dedicated compact key to a compute key (shortint CompressedKeySwitchingKeyMaterial V2). */
export interface CompressedKeySwitchingKeyMaterial {
  keySwitchingKey: SeededLweKeyswitchKey;
  castRshift: number;
  destinationKey: EncryptionKeyChoice;
  destinationAtomicPattern: 'Standard' | 'KeySwitch32';
}

/** SeededLwePackingKeyswitchKey (V2): bodies only; u64 keys have one word per coefficient, u128 keys two (lo, hi). */
export interface SeededLwePackingKeyswitchKey {
  data: BigUint64Array;
  decompBaseLog: number;
  decompLevelCount: number;
  outputGlweSize: number;
  outputPolynomialSize: number;
  compressionSeed: CompressionSeed;
  ciphertextModulus: CiphertextModulus;
}

/** Ciphertext-list compression key (integer CompressedCompressionKey V2 · shortint V2). */
export interface CompressedCompressionKey {
  packingKeySwitchingKey: SeededLwePackingKeyswitchKey;
  lwePerGlwe: number;
  storageLogModulus: number;
}

/** Ciphertext-list decompression key (integer CompressedDecompressionKey V1 · shortint V2): a classic
 * bootstrapping key from the compression GLWE key to the compute key. */
export interface CompressedDecompressionKey {
  bootstrappingKey: SeededLweBootstrapKey;
  modulusSwitch: CompressedModulusSwitchConfiguration;
  lwePerGlwe: number;
}

/** Switch-and-squash key (integer CompressedNoiseSquashingKey V0 · shortint V3, Standard atomic pattern, classic
 * 128-bit bootstrapping key: 2 words per coefficient). */
export interface CompressedNoiseSquashingKey {
  bootstrappingKey: SeededLweBootstrapKey128;
  modulusSwitch: CompressedModulusSwitchConfiguration;
  messageModulus: number;
  carryModulus: number;
  outputCiphertextModulus: CiphertextModulus;
}

/** Packing key for squashed ciphertexts (integer/shortint CompressedNoiseSquashingCompressionKey V0, u128). */
export interface CompressedNoiseSquashingCompressionKey {
  packingKeySwitchingKey: SeededLwePackingKeyswitchKey;
  lwePerGlwe: number;
}

/** The key part of a compressed compact public key (integer CompressedCompactPublicKey, no hlapi tag). */
export type CompressedCompactPublicKeyKey = Omit<CompressedCompactPublicKey, 'tag'>;

/** Re-randomization key (CompressedReRandomizationKey V0). */
export type CompressedReRandomizationKey =
  | {
      kind: 'LegacyDedicatedCPK';
      ksk:
        | { kind: 'UseCPKEncryptionKSK' }
        | { kind: 'DedicatedKSK'; material: CompressedKeySwitchingKeyMaterial };
    }
  | { kind: 'DerivedCPKWithoutKeySwitch'; cpk: CompressedCompactPublicKeyKey };

/** hlapi CompressedServerKey (V2 · IntegerCompressedServerKey V7) with the Standard atomic pattern and classic
 * (not multi-bit) bootstrapping keys. */
export interface CompressedServerKey {
  keySwitchingKey: SeededLweKeyswitchKey;
  bootstrappingKey: SeededLweBootstrapKey;
  modulusSwitch: CompressedModulusSwitchConfiguration;
  pbsOrder: PBSOrder;
  messageModulus: number;
  carryModulus: number;
  maxDegree: number;
  maxNoiseLevel: number;
  cpkKeySwitchingKeyMaterial: CompressedKeySwitchingKeyMaterial | null;
  compressionKey: CompressedCompressionKey | null;
  decompressionKey: CompressedDecompressionKey | null;
  noiseSquashingKey: CompressedNoiseSquashingKey | null;
  noiseSquashingCompressionKey: CompressedNoiseSquashingCompressionKey | null;
  cpkReRandomizationKey: CompressedReRandomizationKey | null;
  /** OPRF bootstrapping key (classic), or null. */
  oprfBootstrappingKey: SeededLweBootstrapKey | null;
  tag: Uint8Array;
}

export type { ModulusSwitchType };
