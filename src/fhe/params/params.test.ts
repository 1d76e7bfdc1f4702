import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { decode, encode } from '../codec/index.ts';
import {
  classicPBSParametersCodec,
  compactPkeParametersCodec,
  compressionParametersCodec,
  keySwitchingParametersCodec,
  noiseSquashingCompressionParametersCodec,
  noiseSquashingParametersCodec,
  reRandomizationParametersCodec,
} from './codec.ts';
import {
  BC_PARAMS_SNS,
  compactPkeParametersOf,
  PARAMETER_SETS,
  PARAMS_TEST_BK_SNS,
  parameterSet,
  TFHE_1_7_DEDICATED_PKE,
  TFHE_1_7_DEFAULT,
} from './sets.ts';

const T = createRequire(import.meta.url)('node-tfhe');
const LIMIT = 1n << 32n;
const rt = <V>(codec: Parameters<typeof encode<V>>[0], v: V) =>
  decode(codec, encode(codec, v, { root: 'P' }), { root: 'P' });

describe('named sets', () => {
  test('lookup by canonical and KMS FheParameter names', () => {
    expect(parameterSet('test')).toBe(PARAMS_TEST_BK_SNS);
    expect(parameterSet('default')).toBe(BC_PARAMS_SNS);
    expect(parameterSet('params_test_bk_sns')).toBe(PARAMS_TEST_BK_SNS);
    expect(() => parameterSet('nope')).toThrow(/unknown name "nope"/);
  });

  test('every set round-trips through its wire codecs', () => {
    for (const set of Object.values(PARAMETER_SETS)) {
      expect(rt(classicPBSParametersCodec, set.compute)).toEqual(set.compute);
      expect(rt(compactPkeParametersCodec, compactPkeParametersOf(set))).toEqual(compactPkeParametersOf(set));
      if (set.dedicatedCompactPublicKey) {
        expect(rt(keySwitchingParametersCodec, set.dedicatedCompactPublicKey.ksk)).toEqual(
          set.dedicatedCompactPublicKey.ksk,
        );
      }
      if (set.compression) expect(rt(compressionParametersCodec, set.compression)).toEqual(set.compression);
      if (set.noiseSquashing)
        expect(rt(noiseSquashingParametersCodec, set.noiseSquashing)).toEqual(set.noiseSquashing);
      if (set.noiseSquashingCompression) {
        expect(rt(noiseSquashingCompressionParametersCodec, set.noiseSquashingCompression)).toEqual(
          set.noiseSquashingCompression,
        );
      }
      if (set.reRandomization) {
        expect(rt(reRandomizationParametersCodec, set.reRandomization)).toEqual(set.reRandomization);
      }
    }
  });

  test('wire sizes: ClassicPBSParameters 208 B (centered mean) / 248 B (drift technique); PKE params 116 / 100 B', () => {
    expect(classicPBSParametersCodec.size(TFHE_1_7_DEFAULT.compute)).toBe(208);
    expect(classicPBSParametersCodec.size(PARAMS_TEST_BK_SNS.compute)).toBe(208 + 4 + 12 + 3 * 12);
    expect(compactPkeParametersCodec.size(compactPkeParametersOf(TFHE_1_7_DEFAULT))).toBe(116);
    expect(compactPkeParametersCodec.size(compactPkeParametersOf(TFHE_1_7_DEDICATED_PKE))).toBe(100);
    expect(keySwitchingParametersCodec.size(BC_PARAMS_SNS.dedicatedCompactPublicKey!.ksk)).toBe(36);
  });
});

describe('against node-tfhe 1.7.0', () => {
  test('default config: the ClassicPBSParameters bytes inside a node-tfhe ClientKey equal our encoding', () => {
    const ck = T.TfheClientKey.generate(T.TfheConfigBuilder.default().build()).safe_serialize(LIMIT);
    const ours = encode(classicPBSParametersCodec, TFHE_1_7_DEFAULT.compute, { root: 'P' });
    // header 59 + 28 tags + GLWE key (4 + 8 + 16384) + N (12) + LWE key (4 + 8 + 7344) + PBSParameters tags (8)
    const at = 59 + 28 + 4 + 8 + 2048 * 8 + 12 + 4 + 8 + 918 * 8 + 8;
    expect(Buffer.from(ck.subarray(at, at + ours.length)).equals(Buffer.from(ours))).toBe(true);
  });

  test('node-tfhe names the default compute set V1_7 / PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128 and agrees on values', () => {
    const p = new T.ShortintParameters(
      T.ShortintParametersName.PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128,
    );
    const c = TFHE_1_7_DEFAULT.compute;
    expect([p.lwe_dimension(), p.glwe_dimension(), p.polynomial_size()]).toEqual([
      c.lweDimension,
      c.glweDimension,
      c.polynomialSize,
    ]);
    expect([p.pbs_base_log(), p.pbs_level(), p.ks_base_log(), p.ks_level()]).toEqual([
      c.pbsBaseLog,
      c.pbsLevel,
      c.ksBaseLog,
      c.ksLevel,
    ]);
    expect([p.message_modulus(), p.carry_modulus()]).toEqual([
      BigInt(c.messageModulus),
      BigInt(c.carryModulus),
    ]);
  });
});
