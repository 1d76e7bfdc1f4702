// Wire descriptions (tfhe-rs 1.7, tfhe-versionable + bincode) of the parameter structs embedded in keys and
// ciphertexts. Each `xxxCodec` reads and writes the versioned form, including its version tag.
import {
  type Codec,
  enumeration,
  f64,
  literalEnum,
  map,
  struct,
  u32,
  u64,
  u128,
  unit,
  unsupported,
  versioned,
  versions,
} from '../codec/index.ts';
import type {
  AtomicPatternKind,
  CiphertextModulus,
  ClassicPBSParameters,
  CompactCiphertextListExpansionKind,
  CompactPublicKeyEncryptionParameters,
  CompressionParameters,
  DynamicDistribution,
  EncryptionKeyChoice,
  ModulusSwitchNoiseReductionParams,
  ModulusSwitchType,
  NoiseSquashingCompressionParameters,
  NoiseSquashingParameters,
  PBSOrder,
  ReRandomizationParameters,
  ShortintKeySwitchingParameters,
  SupportedCompactPkeZkScheme,
} from './types.ts';

/** A `u32 0 · u64` scalar newtype (LweDimension, PolynomialSize, Degree, MessageModulus, …): 12 bytes. */
export function vU64(typeName: string): Codec<number> {
  return versioned(typeName, 0, u64);
}
/** A `u32 0 · f64` newtype (Variance, RSigmaFactor, NoiseEstimationMeasureBound). */
function vF64(typeName: string): Codec<number> {
  return versioned(typeName, 0, f64);
}

export const lweDimensionCodec = vU64('LweDimension');
export const glweDimensionCodec = vU64('GlweDimension');
export const polynomialSizeCodec = vU64('PolynomialSize');
export const lweSizeCodec = vU64('LweSize');
export const glweSizeCodec = vU64('GlweSize');
export const lweCiphertextCountCodec = vU64('LweCiphertextCount');
export const decompositionBaseLogCodec = vU64('DecompositionBaseLog');
export const decompositionLevelCountCodec = vU64('DecompositionLevelCount');
export const messageModulusCodec = vU64('MessageModulus');
export const carryModulusCodec = vU64('CarryModulus');
export const degreeCodec = vU64('Degree');
export const noiseLevelCodec = vU64('NoiseLevel');
export const maxDegreeCodec = vU64('MaxDegree');
export const maxNoiseLevelCodec = vU64('MaxNoiseLevel');
export const ciphertextModulusLogCodec = vU64('CiphertextModulusLog');

/** CiphertextModulus: `u32 0 · u128 modulus · u64 scalar_bits` (28 bytes). */
export const ciphertextModulusCodec: Codec<CiphertextModulus> = versioned(
  'CiphertextModulus',
  0,
  struct<CiphertextModulus>({ modulus: u128, scalarBits: u64 }),
);

/** DynamicDistribution<u64 | u128>: Gaussian {std, mean} (variant 0) or TUniform {bound_log2: u32} (variant 1). */
export const dynamicDistributionCodec: Codec<DynamicDistribution> = versioned(
  'DynamicDistribution',
  0,
  enumeration<DynamicDistribution>(
    'DynamicDistribution',
    [
      versioned(
        'Gaussian',
        0,
        map(
          struct<{ std: number; mean: number }>({ std: f64, mean: f64 }),
          (g): DynamicDistribution => ({ kind: 'Gaussian', ...g }),
          (d) => (d.kind === 'Gaussian' ? { std: d.std, mean: d.mean } : { std: 0, mean: 0 }),
        ),
      ),
      versioned(
        'TUniform',
        0,
        map(
          u32,
          (b): DynamicDistribution => ({ kind: 'TUniform', boundLog2: b }),
          (d) => (d.kind === 'TUniform' ? d.boundLog2 : 0),
        ),
      ),
    ],
    (d) => (d.kind === 'Gaussian' ? 0 : 1),
  ),
);

export const encryptionKeyChoiceCodec: Codec<EncryptionKeyChoice> = versioned(
  'EncryptionKeyChoice',
  0,
  literalEnum('EncryptionKeyChoice', ['Big', 'Small'] as const),
);

export const pbsOrderCodec: Codec<PBSOrder> = versioned(
  'PBSOrder',
  0,
  literalEnum('PBSOrder', ['KeyswitchBootstrap', 'BootstrapKeyswitch'] as const),
);

/** AtomicPatternKind: Standard(PBSOrder) = 0, KeySwitch32 = 1. */
export const atomicPatternKindCodec: Codec<AtomicPatternKind> = versioned(
  'AtomicPatternKind',
  0,
  enumeration<AtomicPatternKind>(
    'AtomicPatternKind',
    [
      map(
        pbsOrderCodec,
        (pbsOrder): AtomicPatternKind => ({ kind: 'Standard', pbsOrder }),
        (v) => (v.kind === 'Standard' ? v.pbsOrder : 'KeyswitchBootstrap'),
      ),
      unit<AtomicPatternKind>({ kind: 'KeySwitch32' }),
    ],
    (v) => (v.kind === 'Standard' ? 0 : 1),
  ),
);

const msNoiseReductionParamsCodec: Codec<ModulusSwitchNoiseReductionParams> = versioned(
  'ModulusSwitchNoiseReductionParams',
  0,
  struct<ModulusSwitchNoiseReductionParams>({
    modulusSwitchZerosCount: lweCiphertextCountCodec,
    msBound: vF64('NoiseEstimationMeasureBound'),
    msRSigmaFactor: vF64('RSigmaFactor'),
    msInputVariance: vF64('Variance'),
  }),
);

/** ModulusSwitchType: Standard = 0, DriftTechniqueNoiseReduction(params) = 1, CenteredMeanNoiseReduction = 2. */
export const modulusSwitchTypeCodec: Codec<ModulusSwitchType> = versioned(
  'ModulusSwitchType',
  0,
  enumeration<ModulusSwitchType>(
    'ModulusSwitchType',
    [
      unit<ModulusSwitchType>({ kind: 'Standard' }),
      map(
        msNoiseReductionParamsCodec,
        (params): ModulusSwitchType => ({ kind: 'DriftTechniqueNoiseReduction', params }),
        (v) =>
          v.kind === 'DriftTechniqueNoiseReduction'
            ? v.params
            : { modulusSwitchZerosCount: 0, msBound: 0, msRSigmaFactor: 0, msInputVariance: 0 },
      ),
      unit<ModulusSwitchType>({ kind: 'CenteredMeanNoiseReduction' }),
    ],
    (v) => (v.kind === 'Standard' ? 0 : v.kind === 'DriftTechniqueNoiseReduction' ? 1 : 2),
  ),
);

/** ClassicPBSParameters V2 (208 bytes with TUniform noise and a payload-less modulus switch). */
export const classicPBSParametersCodec: Codec<ClassicPBSParameters> = versioned(
  'ClassicPBSParameters',
  2,
  struct<ClassicPBSParameters>({
    lweDimension: lweDimensionCodec,
    glweDimension: glweDimensionCodec,
    polynomialSize: polynomialSizeCodec,
    lweNoiseDistribution: dynamicDistributionCodec,
    glweNoiseDistribution: dynamicDistributionCodec,
    pbsBaseLog: decompositionBaseLogCodec,
    pbsLevel: decompositionLevelCountCodec,
    ksBaseLog: decompositionBaseLogCodec,
    ksLevel: decompositionLevelCountCodec,
    messageModulus: messageModulusCodec,
    carryModulus: carryModulusCodec,
    maxNoiseLevel: maxNoiseLevelCodec,
    log2PFail: f64,
    ciphertextModulus: ciphertextModulusCodec,
    encryptionKeyChoice: encryptionKeyChoiceCodec,
    modulusSwitchNoiseReduction: modulusSwitchTypeCodec,
  }),
);

/** PBSParameters V0: PBS(ClassicPBSParameters) = 0; MultiBit = 1 is not supported. */
export const pbsParametersCodec: Codec<ClassicPBSParameters> = versioned(
  'PBSParameters',
  0,
  enumeration<ClassicPBSParameters>(
    'PBSParameters',
    [classicPBSParametersCodec, unsupported('multi-bit PBS parameters')],
    () => 0,
  ),
);

/** CompactCiphertextListExpansionKind: V0 (1.4 layout) and V1 (1.7 layout); variant 0 RequiresCasting, 1 NoCasting. */
export const expansionKindCodec: Codec<CompactCiphertextListExpansionKind> =
  versions<CompactCiphertextListExpansionKind>(
    'CompactCiphertextListExpansionKind',
    [0, 1].map((version) =>
      enumeration<CompactCiphertextListExpansionKind>(
        'CompactCiphertextListExpansionKind',
        [
          unit<CompactCiphertextListExpansionKind>({ kind: 'RequiresCasting', version: version as 0 | 1 }),
          version === 1
            ? map(
                atomicPatternKindCodec,
                (atomicPattern): CompactCiphertextListExpansionKind => ({
                  kind: 'NoCasting',
                  atomicPattern,
                  version: 1,
                }),
                (v): AtomicPatternKind =>
                  v.kind === 'NoCasting' ? v.atomicPattern : { kind: 'KeySwitch32' },
              )
            : map(
                pbsOrderCodec,
                (pbsOrder): CompactCiphertextListExpansionKind => ({
                  kind: 'NoCasting',
                  atomicPattern: { kind: 'Standard', pbsOrder },
                  version: 0,
                }),
                (v) =>
                  v.kind === 'NoCasting' && v.atomicPattern.kind === 'Standard'
                    ? v.atomicPattern.pbsOrder
                    : 'KeyswitchBootstrap',
              ),
        ],
        (v) => (v.kind === 'RequiresCasting' ? 0 : 1),
      ),
    ),
    (v) => v.version,
  );

export const zkSchemeCodec: Codec<SupportedCompactPkeZkScheme> = versioned(
  'SupportedCompactPkeZkScheme',
  0,
  literalEnum('SupportedCompactPkeZkScheme', ['ZkNotSupported', 'V1', 'V2'] as const),
);

/** CompactPublicKeyEncryptionParameters V1 (116 bytes NoCasting / 100 bytes RequiresCasting, TUniform). */
export const compactPkeParametersCodec: Codec<CompactPublicKeyEncryptionParameters> = versioned(
  'CompactPublicKeyEncryptionParameters',
  1,
  struct<CompactPublicKeyEncryptionParameters>({
    encryptionLweDimension: lweDimensionCodec,
    encryptionNoiseDistribution: dynamicDistributionCodec,
    messageModulus: messageModulusCodec,
    carryModulus: carryModulusCodec,
    ciphertextModulus: ciphertextModulusCodec,
    expansionKind: expansionKindCodec,
    zkScheme: zkSchemeCodec,
  }),
);

/** ShortintKeySwitchingParameters V0 (36 bytes). */
export const keySwitchingParametersCodec: Codec<ShortintKeySwitchingParameters> = versioned(
  'ShortintKeySwitchingParameters',
  0,
  struct<ShortintKeySwitchingParameters>({
    ksBaseLog: decompositionBaseLogCodec,
    ksLevel: decompositionLevelCountCodec,
    destinationKey: encryptionKeyChoiceCodec,
  }),
);

/** CompressionParameters V1: Classic(ClassicCompressionParameters V0) = 0; MultiBit = 1 unsupported. */
export const compressionParametersCodec: Codec<CompressionParameters> = versioned(
  'CompressionParameters',
  1,
  enumeration<CompressionParameters>(
    'CompressionParameters',
    [
      versioned(
        'ClassicCompressionParameters',
        0,
        map(
          struct<Omit<CompressionParameters, 'kind'>>({
            brLevel: decompositionLevelCountCodec,
            brBaseLog: decompositionBaseLogCodec,
            packingKsLevel: decompositionLevelCountCodec,
            packingKsBaseLog: decompositionBaseLogCodec,
            packingKsPolynomialSize: polynomialSizeCodec,
            packingKsGlweDimension: glweDimensionCodec,
            lwePerGlwe: lweCiphertextCountCodec,
            storageLogModulus: ciphertextModulusLogCodec,
            packingKsKeyNoiseDistribution: dynamicDistributionCodec,
          }),
          (p): CompressionParameters => ({ kind: 'Classic', ...p }),
          (p) => p,
        ),
      ),
      unsupported('multi-bit compression parameters'),
    ],
    () => 0,
  ),
);

/** NoiseSquashingParameters V2: Classic(NoiseSquashingClassicParameters V0) = 0; MultiBit = 1 unsupported. */
export const noiseSquashingParametersCodec: Codec<NoiseSquashingParameters> = versioned(
  'NoiseSquashingParameters',
  2,
  enumeration<NoiseSquashingParameters>(
    'NoiseSquashingParameters',
    [
      versioned(
        'NoiseSquashingClassicParameters',
        0,
        map(
          struct<Omit<NoiseSquashingParameters, 'kind'>>({
            glweDimension: glweDimensionCodec,
            polynomialSize: polynomialSizeCodec,
            glweNoiseDistribution: dynamicDistributionCodec,
            decompBaseLog: decompositionBaseLogCodec,
            decompLevelCount: decompositionLevelCountCodec,
            modulusSwitchNoiseReduction: modulusSwitchTypeCodec,
            messageModulus: messageModulusCodec,
            carryModulus: carryModulusCodec,
            ciphertextModulus: ciphertextModulusCodec,
          }),
          (p): NoiseSquashingParameters => ({ kind: 'Classic', ...p }),
          (p) => p,
        ),
      ),
      unsupported('multi-bit noise-squashing parameters'),
    ],
    () => 0,
  ),
);

/** NoiseSquashingCompressionParameters V0. */
export const noiseSquashingCompressionParametersCodec: Codec<NoiseSquashingCompressionParameters> = versioned(
  'NoiseSquashingCompressionParameters',
  0,
  struct<NoiseSquashingCompressionParameters>({
    packingKsLevel: decompositionLevelCountCodec,
    packingKsBaseLog: decompositionBaseLogCodec,
    packingKsPolynomialSize: polynomialSizeCodec,
    packingKsGlweDimension: glweDimensionCodec,
    lwePerGlwe: lweCiphertextCountCodec,
    packingKsKeyNoiseDistribution: dynamicDistributionCodec,
    messageModulus: messageModulusCodec,
    carryModulus: carryModulusCodec,
    ciphertextModulus: ciphertextModulusCodec,
  }),
);

/** ReRandomizationParameters V0: LegacyDedicatedCPKWithKeySwitch{rerand_ksk_params} = 0, DerivedCPKWithoutKeySwitch = 1. */
export const reRandomizationParametersCodec: Codec<ReRandomizationParameters> = versioned(
  'ReRandomizationParameters',
  0,
  enumeration<ReRandomizationParameters>(
    'ReRandomizationParameters',
    [
      map(
        keySwitchingParametersCodec,
        (rerandKskParams): ReRandomizationParameters => ({
          kind: 'LegacyDedicatedCPKWithKeySwitch',
          rerandKskParams,
        }),
        (v): ShortintKeySwitchingParameters =>
          v.kind === 'LegacyDedicatedCPKWithKeySwitch'
            ? v.rerandKskParams
            : { ksBaseLog: 0, ksLevel: 0, destinationKey: 'Big' },
      ),
      unit<ReRandomizationParameters>({ kind: 'DerivedCPKWithoutKeySwitch' }),
    ],
    (v) => (v.kind === 'LegacyDedicatedCPKWithKeySwitch' ? 0 : 1),
  ),
);
