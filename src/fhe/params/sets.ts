// Named parameter sets. Values from tfhe-rs 1.7.0 (`shortint/parameters/v1_7`, aliases of the v1_4 values) and
// the reference KMS (`core/threshold-execution/src/tfhe_internals/parameters.rs`).
import type {
  CiphertextModulus,
  ClassicPBSParameters,
  CompactPublicKeyEncryptionParameters,
  ParameterSet,
  ShortintKeySwitchingParameters,
} from './types.ts';

const NATIVE_64: CiphertextModulus = { modulus: 0n, scalarBits: 64 };
const NATIVE_128: CiphertextModulus = { modulus: 0n, scalarBits: 128 };
const tUniform = (boundLog2: number) => ({ kind: 'TUniform' as const, boundLog2 });

/** V1_7_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128: node-tfhe 1.7's `TfheConfigBuilder.default()` compute set. */
export const PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128: ClassicPBSParameters = {
  lweDimension: 918,
  glweDimension: 1,
  polynomialSize: 2048,
  lweNoiseDistribution: tUniform(45),
  glweNoiseDistribution: tUniform(17),
  pbsBaseLog: 23,
  pbsLevel: 1,
  ksBaseLog: 4,
  ksLevel: 4,
  messageModulus: 4,
  carryModulus: 4,
  maxNoiseLevel: 5,
  log2PFail: -129.581,
  ciphertextModulus: NATIVE_64,
  encryptionKeyChoice: 'Big',
  modulusSwitchNoiseReduction: { kind: 'CenteredMeanNoiseReduction' },
};

/** PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128 (= V1_7_PARAM_PKE_TO_SMALL_…_ZKV2): fhEVM compact-PKE set. */
export const PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128: CompactPublicKeyEncryptionParameters = {
  encryptionLweDimension: 2048,
  encryptionNoiseDistribution: tUniform(17),
  messageModulus: 4,
  carryModulus: 4,
  ciphertextModulus: NATIVE_64,
  expansionKind: { kind: 'RequiresCasting', version: 1 },
  zkScheme: 'V2',
};

/** PARAM_KEYSWITCH_PKE_TO_SMALL_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128_ZKV2: casting key to the small key. */
export const PARAM_KEYSWITCH_PKE_TO_SMALL_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128: ShortintKeySwitchingParameters =
  {
    ksBaseLog: 4,
    ksLevel: 4,
    destinationKey: 'Small',
  };

/** node-tfhe 1.7 default configuration (`TfheConfigBuilder.default()`): CPK from the big key, OPRF key. */
export const TFHE_1_7_DEFAULT: ParameterSet = {
  name: 'TFHE_1_7_DEFAULT',
  compute: PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  dedicatedCompactPublicKey: null,
  compression: null,
  noiseSquashing: null,
  noiseSquashingCompression: null,
  reRandomization: null,
  dedicatedOprfKey: true,
};

/** The default configuration with fhEVM's dedicated compact-PKE parameters (ZK proofs possible). */
export const TFHE_1_7_DEDICATED_PKE: ParameterSet = {
  ...TFHE_1_7_DEFAULT,
  name: 'TFHE_1_7_DEDICATED_PKE',
  dedicatedCompactPublicKey: {
    pke: PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
    ksk: PARAM_KEYSWITCH_PKE_TO_SMALL_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  },
};

/** BC_PARAMS_SNS — the KMS production set (gRPC FheParameter.default), = tfhe-rs
 * V1_7_META_PARAM_CPU_2_2_KS_PBS_PKE_TO_SMALL_ZKV2_TUNIFORM_2M128. */
export const BC_PARAMS_SNS: ParameterSet = {
  name: 'BC_PARAMS_SNS',
  compute: PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  dedicatedCompactPublicKey: {
    pke: PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
    ksk: PARAM_KEYSWITCH_PKE_TO_SMALL_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
  },
  compression: {
    kind: 'Classic',
    brLevel: 1,
    brBaseLog: 23,
    packingKsLevel: 3,
    packingKsBaseLog: 4,
    packingKsPolynomialSize: 256,
    packingKsGlweDimension: 4,
    lwePerGlwe: 256,
    storageLogModulus: 12,
    packingKsKeyNoiseDistribution: tUniform(43),
  },
  noiseSquashing: {
    kind: 'Classic',
    glweDimension: 2,
    polynomialSize: 2048,
    glweNoiseDistribution: tUniform(30),
    decompBaseLog: 24,
    decompLevelCount: 3,
    modulusSwitchNoiseReduction: { kind: 'CenteredMeanNoiseReduction' },
    messageModulus: 4,
    carryModulus: 4,
    ciphertextModulus: NATIVE_128,
  },
  // tfhe-rs 1.7.0 V1_7_NOISE_SQUASHING_COMP_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128.
  noiseSquashingCompression: {
    packingKsLevel: 2,
    packingKsBaseLog: 41,
    packingKsPolynomialSize: 1024,
    packingKsGlweDimension: 6,
    lwePerGlwe: 128,
    packingKsKeyNoiseDistribution: tUniform(3),
    messageModulus: 4,
    carryModulus: 4,
    ciphertextModulus: NATIVE_128,
  },
  reRandomization: { kind: 'DerivedCPKWithoutKeySwitch' },
  dedicatedOprfKey: true,
};

/** PARAMS_TEST_BK_SNS — the KMS's insecure, fast test set (gRPC FheParameter.test). */
export const PARAMS_TEST_BK_SNS: ParameterSet = {
  name: 'PARAMS_TEST_BK_SNS',
  compute: {
    lweDimension: 1,
    glweDimension: 1,
    polynomialSize: 256,
    lweNoiseDistribution: tUniform(0),
    glweNoiseDistribution: tUniform(0),
    pbsBaseLog: 24,
    pbsLevel: 1,
    ksBaseLog: 37,
    ksLevel: 1,
    messageModulus: 4,
    carryModulus: 4,
    maxNoiseLevel: 5,
    log2PFail: -64,
    ciphertextModulus: NATIVE_64,
    encryptionKeyChoice: 'Big',
    modulusSwitchNoiseReduction: {
      kind: 'DriftTechniqueNoiseReduction',
      params: {
        modulusSwitchZerosCount: 10,
        msBound: 2 ** 58,
        msRSigmaFactor: 9.75539320076416,
        msInputVariance: 1.92631390716519e-10,
      },
    },
  },
  dedicatedCompactPublicKey: {
    pke: {
      encryptionLweDimension: 512,
      encryptionNoiseDistribution: tUniform(0),
      messageModulus: 4,
      carryModulus: 4,
      ciphertextModulus: NATIVE_64,
      expansionKind: { kind: 'RequiresCasting', version: 1 },
      zkScheme: 'V2',
    },
    ksk: { ksBaseLog: 37, ksLevel: 1, destinationKey: 'Small' },
  },
  compression: {
    kind: 'Classic',
    brLevel: 1,
    brBaseLog: 24,
    packingKsLevel: 1,
    packingKsBaseLog: 27,
    packingKsPolynomialSize: 256,
    packingKsGlweDimension: 1,
    lwePerGlwe: 256,
    storageLogModulus: 9,
    packingKsKeyNoiseDistribution: tUniform(0),
  },
  noiseSquashing: {
    kind: 'Classic',
    glweDimension: 1,
    polynomialSize: 256,
    glweNoiseDistribution: tUniform(0),
    decompBaseLog: 33,
    decompLevelCount: 2,
    modulusSwitchNoiseReduction: {
      kind: 'DriftTechniqueNoiseReduction',
      params: {
        modulusSwitchZerosCount: 8,
        msBound: 2 ** 58,
        msRSigmaFactor: 9.2,
        msInputVariance: 2.182718682903484e-224,
      },
    },
    messageModulus: 4,
    carryModulus: 4,
    ciphertextModulus: NATIVE_128,
  },
  noiseSquashingCompression: {
    packingKsLevel: 1,
    packingKsBaseLog: 61,
    packingKsPolynomialSize: 256,
    packingKsGlweDimension: 1,
    lwePerGlwe: 128,
    packingKsKeyNoiseDistribution: tUniform(3),
    messageModulus: 4,
    carryModulus: 4,
    ciphertextModulus: NATIVE_128,
  },
  reRandomization: { kind: 'DerivedCPKWithoutKeySwitch' },
  dedicatedOprfKey: true,
};

/** Every named set, by canonical name and by the KMS gRPC `FheParameter` names (`test`, `default`). */
export const PARAMETER_SETS: Readonly<Record<string, ParameterSet>> = Object.freeze({
  TFHE_1_7_DEFAULT,
  TFHE_1_7_DEDICATED_PKE,
  BC_PARAMS_SNS,
  PARAMS_TEST_BK_SNS,
  test: PARAMS_TEST_BK_SNS,
  default: BC_PARAMS_SNS,
  tfhe_default: TFHE_1_7_DEFAULT,
  tfhe_dedicated_pke: TFHE_1_7_DEDICATED_PKE,
});

/** Looks a parameter set up by name (canonical or KMS `FheParameter` name, case-insensitive).
 * @example parameterSet('test').compute.polynomialSize // 256
 */
export function parameterSet(name: string): ParameterSet {
  const key = Object.keys(PARAMETER_SETS).find((k) => k.toLowerCase() === String(name).toLowerCase());
  if (key === undefined) {
    throw new RangeError(
      `parameter set: unknown name ${JSON.stringify(name)} (known: ${Object.keys(PARAMETER_SETS).join(', ')})`,
    );
  }
  return PARAMETER_SETS[key];
}

/** The parameters a CompactPublicKey of this set carries: the dedicated PKE set, or — without one — the big
 * key's parameters with NoCasting expansion, as tfhe-rs derives them.
 * @example compactPkeParametersOf(TFHE_1_7_DEFAULT).encryptionLweDimension // 2048
 */
export function compactPkeParametersOf(set: ParameterSet): CompactPublicKeyEncryptionParameters {
  if (set.dedicatedCompactPublicKey) return set.dedicatedCompactPublicKey.pke;
  const c = set.compute;
  const bigDim = c.glweDimension * c.polynomialSize;
  return {
    encryptionLweDimension: c.encryptionKeyChoice === 'Big' ? bigDim : c.lweDimension,
    encryptionNoiseDistribution:
      c.encryptionKeyChoice === 'Big' ? c.glweNoiseDistribution : c.lweNoiseDistribution,
    messageModulus: c.messageModulus,
    carryModulus: c.carryModulus,
    ciphertextModulus: c.ciphertextModulus,
    expansionKind: {
      kind: 'NoCasting',
      atomicPattern: {
        kind: 'Standard',
        pbsOrder: c.encryptionKeyChoice === 'Big' ? 'KeyswitchBootstrap' : 'BootstrapKeyswitch',
      },
      version: 1,
    },
    zkScheme: 'ZkNotSupported',
  };
}
