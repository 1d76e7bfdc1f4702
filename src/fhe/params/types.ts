// In-memory form of the tfhe-rs 1.7 parameter structs. Field names are the tfhe-rs names in camelCase; all
// sizes are plain numbers. These are exactly the values embedded in serialized keys and ciphertexts.

/** A ciphertext modulus: `modulus` 0n means the native 2^scalarBits (64 for shortint, 128 for squashed noise). */
export interface CiphertextModulus {
  modulus: bigint;
  scalarBits: number;
}

/** Noise distribution: TUniform(2^boundLog2) — values in [-2^b, 2^b] — or a Gaussian. */
export type DynamicDistribution =
  | { kind: 'TUniform'; boundLog2: number }
  | { kind: 'Gaussian'; std: number; mean: number };

/** Which secret key ciphertexts are encrypted under: Big = GLWE key read as LWE (dim k·N), Small = LWE key. */
export type EncryptionKeyChoice = 'Big' | 'Small';

export type PBSOrder = 'KeyswitchBootstrap' | 'BootstrapKeyswitch';

/** shortint atomic pattern of a ciphertext. */
export type AtomicPatternKind = { kind: 'Standard'; pbsOrder: PBSOrder } | { kind: 'KeySwitch32' };

/** Drift-technique modulus-switch noise reduction parameters (ModulusSwitchNoiseReductionParams). */
export interface ModulusSwitchNoiseReductionParams {
  modulusSwitchZerosCount: number;
  msBound: number;
  msRSigmaFactor: number;
  msInputVariance: number;
}

export type ModulusSwitchType =
  | { kind: 'Standard' }
  | { kind: 'DriftTechniqueNoiseReduction'; params: ModulusSwitchNoiseReductionParams }
  | { kind: 'CenteredMeanNoiseReduction' };

/** ClassicPBSParameters (version V2 on the wire). */
export interface ClassicPBSParameters {
  lweDimension: number;
  glweDimension: number;
  polynomialSize: number;
  lweNoiseDistribution: DynamicDistribution;
  glweNoiseDistribution: DynamicDistribution;
  pbsBaseLog: number;
  pbsLevel: number;
  ksBaseLog: number;
  ksLevel: number;
  messageModulus: number;
  carryModulus: number;
  maxNoiseLevel: number;
  log2PFail: number;
  ciphertextModulus: CiphertextModulus;
  encryptionKeyChoice: EncryptionKeyChoice;
  modulusSwitchNoiseReduction: ModulusSwitchType;
}

/** How a compact list is expanded. `version` is the tfhe-versionable tag written: 1 = tfhe-rs 1.7 layout
 * (NoCasting carries an AtomicPatternKind), 0 = the layout node-tfhe 1.4.0-alpha.3 reads (NoCasting carries a
 * PBSOrder; 1.7 upgrades it on load). */
export type CompactCiphertextListExpansionKind =
  | { kind: 'RequiresCasting'; version: 0 | 1 }
  | { kind: 'NoCasting'; atomicPattern: AtomicPatternKind; version: 0 | 1 };

export type SupportedCompactPkeZkScheme = 'ZkNotSupported' | 'V1' | 'V2';

/** CompactPublicKeyEncryptionParameters (version V1 on the wire). */
export interface CompactPublicKeyEncryptionParameters {
  encryptionLweDimension: number;
  encryptionNoiseDistribution: DynamicDistribution;
  messageModulus: number;
  carryModulus: number;
  ciphertextModulus: CiphertextModulus;
  expansionKind: CompactCiphertextListExpansionKind;
  zkScheme: SupportedCompactPkeZkScheme;
}

/** ShortintKeySwitchingParameters: the casting key from the compact key to a compute key. */
export interface ShortintKeySwitchingParameters {
  ksBaseLog: number;
  ksLevel: number;
  destinationKey: EncryptionKeyChoice;
}

/** CompressionParameters::Classic (ciphertext-list compression). Multi-bit compression is not modelled. */
export interface CompressionParameters {
  kind: 'Classic';
  brLevel: number;
  brBaseLog: number;
  packingKsLevel: number;
  packingKsBaseLog: number;
  packingKsPolynomialSize: number;
  packingKsGlweDimension: number;
  lwePerGlwe: number;
  storageLogModulus: number;
  packingKsKeyNoiseDistribution: DynamicDistribution;
}

/** NoiseSquashingParameters::Classic (switch-and-squash to 2^128). Multi-bit is not modelled. */
export interface NoiseSquashingParameters {
  kind: 'Classic';
  glweDimension: number;
  polynomialSize: number;
  glweNoiseDistribution: DynamicDistribution;
  decompBaseLog: number;
  decompLevelCount: number;
  modulusSwitchNoiseReduction: ModulusSwitchType;
  messageModulus: number;
  carryModulus: number;
  ciphertextModulus: CiphertextModulus;
}

/** NoiseSquashingCompressionParameters (packing of squashed 128-bit ciphertexts). */
export interface NoiseSquashingCompressionParameters {
  packingKsLevel: number;
  packingKsBaseLog: number;
  packingKsPolynomialSize: number;
  packingKsGlweDimension: number;
  lwePerGlwe: number;
  packingKsKeyNoiseDistribution: DynamicDistribution;
  messageModulus: number;
  carryModulus: number;
  ciphertextModulus: CiphertextModulus;
}

/** How ciphertexts are re-randomized (ReRandomizationParameters). */
export type ReRandomizationParameters =
  | { kind: 'LegacyDedicatedCPKWithKeySwitch'; rerandKskParams: ShortintKeySwitchingParameters }
  | { kind: 'DerivedCPKWithoutKeySwitch' };

/** A complete named parameter set (tfhe-rs MetaParameters as the KMS uses them). */
export interface ParameterSet {
  /** Canonical name, e.g. "PARAMS_TEST_BK_SNS". */
  name: string;
  compute: ClassicPBSParameters;
  /** Dedicated compact public-key parameters and the casting key-switch parameters, or null (CPK from the big key). */
  dedicatedCompactPublicKey: {
    pke: CompactPublicKeyEncryptionParameters;
    ksk: ShortintKeySwitchingParameters;
  } | null;
  compression: CompressionParameters | null;
  noiseSquashing: NoiseSquashingParameters | null;
  noiseSquashingCompression: NoiseSquashingCompressionParameters | null;
  reRandomization: ReRandomizationParameters | null;
  /** Whether keys carry a dedicated OPRF secret key and OPRF bootstrapping key (tfhe-rs 1.7 default: true). */
  dedicatedOprfKey: boolean;
}
