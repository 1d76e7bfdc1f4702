// A CompressedServerKey carrying every optional part, with PARAMS_TEST_BK_SNS shapes and synthetic words, built on
// top of a node-tfhe key (test-only module; node-tfhe cannot produce these parts).
import { PARAMS_TEST_BK_SNS } from '../params/index.ts';
import type {
  CompressedCompactPublicKeyKey,
  CompressedServerKey,
  CompressionSeed,
  SeededLweBootstrapKey,
  SeededLwePackingKeyswitchKey,
} from './types.ts';

const P = PARAMS_TEST_BK_SNS;
const native64 = { modulus: 0n, scalarBits: 64 };
const native128 = { modulus: 0n, scalarBits: 128 };
const seed = (b: number): CompressionSeed => ({
  seed: { kind: 'Ctr', bytes: new Uint8Array(16).fill(b) },
  firstIndex: { aesIndex: 0n, byteIndex: 0 },
});
const words = (n: number, tag: number) =>
  BigUint64Array.from({ length: n }, (_, i) => BigInt(tag) * 1_000_000n + BigInt(i));

function bsk(
  inputs: number,
  k: number,
  N: number,
  level: number,
  baseLog: number,
  wordsPerCoef: number,
  wide = false,
): SeededLweBootstrapKey {
  return {
    data: words(inputs * level * (k + 1) * N * wordsPerCoef, 3),
    glweSize: k + 1,
    polynomialSize: N,
    decompBaseLog: baseLog,
    decompLevelCount: level,
    compressionSeed: seed(wide ? 4 : 3),
    ciphertextModulus: wide ? native128 : native64,
  };
}
function packingKsk(
  inputs: number,
  level: number,
  baseLog: number,
  k: number,
  N: number,
  wordsPerCoef: number,
): SeededLwePackingKeyswitchKey {
  return {
    data: words(inputs * level * N * wordsPerCoef, 5),
    decompBaseLog: baseLog,
    decompLevelCount: level,
    outputGlweSize: k + 1,
    outputPolynomialSize: N,
    compressionSeed: seed(5),
    ciphertextModulus: wordsPerCoef === 2 ? native128 : native64,
  };
}

/** `base` plus compression, decompression, noise-squashing (+ compression) and re-randomization keys and a
 * drift-technique modulus switch key. */
export function fullKey(
  base: CompressedServerKey,
  rerandCpk: CompressedCompactPublicKeyKey,
): CompressedServerKey {
  const c = P.compute;
  const comp = P.compression!;
  const sns = P.noiseSquashing!;
  const snsComp = P.noiseSquashingCompression!;
  const drift = sns.modulusSwitchNoiseReduction;
  if (drift.kind !== 'DriftTechniqueNoiseReduction') throw new Error('test set uses the drift technique');
  const bigN = c.glweDimension * c.polynomialSize;
  return {
    ...base,
    modulusSwitch: {
      kind: 'DriftTechniqueNoiseReduction',
      key: {
        data: words(drift.params.modulusSwitchZerosCount, 7),
        lweSize: c.lweDimension + 1,
        compressionSeed: seed(7),
        ciphertextModulus: native64,
        msBound: drift.params.msBound,
        msRSigmaFactor: drift.params.msRSigmaFactor,
        msInputVariance: drift.params.msInputVariance,
      },
    },
    compressionKey: {
      packingKeySwitchingKey: packingKsk(
        bigN,
        comp.packingKsLevel,
        comp.packingKsBaseLog,
        comp.packingKsGlweDimension,
        comp.packingKsPolynomialSize,
        1,
      ),
      lwePerGlwe: comp.lwePerGlwe,
      storageLogModulus: comp.storageLogModulus,
    },
    decompressionKey: {
      bootstrappingKey: bsk(
        comp.packingKsGlweDimension * comp.packingKsPolynomialSize,
        c.glweDimension,
        c.polynomialSize,
        comp.brLevel,
        comp.brBaseLog,
        1,
      ),
      modulusSwitch: { kind: 'Standard' },
      lwePerGlwe: comp.lwePerGlwe,
    },
    noiseSquashingKey: {
      bootstrappingKey: bsk(
        c.lweDimension,
        sns.glweDimension,
        sns.polynomialSize,
        sns.decompLevelCount,
        sns.decompBaseLog,
        2,
        true,
      ),
      modulusSwitch: { kind: 'CenteredMeanNoiseReduction' },
      messageModulus: 4,
      carryModulus: 4,
      outputCiphertextModulus: native128,
    },
    noiseSquashingCompressionKey: {
      packingKeySwitchingKey: packingKsk(
        sns.glweDimension * sns.polynomialSize,
        snsComp.packingKsLevel,
        snsComp.packingKsBaseLog,
        snsComp.packingKsGlweDimension,
        snsComp.packingKsPolynomialSize,
        2,
      ),
      lwePerGlwe: snsComp.lwePerGlwe,
    },
    cpkReRandomizationKey: { kind: 'DerivedCPKWithoutKeySwitch', cpk: rerandCpk },
  };
}
