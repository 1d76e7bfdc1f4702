// Phase shares of compressed squashed lists from GLWE windows, against the sample-extraction path: the same plans
// with their masks read as extracted LWEs (phaseShares' LWE path), a plain recomputation b − ⟨a, [s]⟩ per
// extracted LWE with one dotIntegers call per row, and the window products without Karatsuba (one overlapping-row
// dotIntegersRows per GLWE polynomial) on lists encrypted under a real key.
import { describe, expect, it } from 'vitest';
import { generateKeySet } from '../../../fhe/keygen/keygen.ts';
import {
  encryptCompressedSquashedList,
  packIntegers128,
  squashedLwesOf,
} from '../../../fhe/math/compressed-squashed.ts';
import { uniformU64s } from '../../../fhe/math/random.ts';
import type { CompressedSquashedNoiseCiphertextList, DataKind } from '../../../fhe/objects/index.ts';
import { BC_PARAMS_SNS, PARAMS_TEST_BK_SNS, type ParameterSet } from '../../../fhe/params/index.ts';
import { GaloisRing, galoisRing } from '../../algebra/index.ts';
import { dealKeyShares, type KeyShares } from '../key-shares.ts';
import { planDecryption } from './blocks.ts';
import { squashedGlweBlocksOf } from './list-blocks.ts';
import { phaseShares } from './partial.ts';
import type { DecryptionPlan } from './plan.ts';
import { NATIVE_128, testSource } from './testing.test-util.ts';

const BOOL: DataKind = { kind: 'Boolean' };
const uint = (blocks: number): DataKind => ({ kind: 'Unsigned', blocks });

/** A list of uniformly random GLWEs (any mask and body values: the phase identity does not need a key). */
function randomList(
  params: ParameterSet,
  info: DataKind[],
  seed: number,
  logModulus = 128,
): CompressedSquashedNoiseCiphertextList {
  const nsc = params.noiseSquashingCompression!;
  const k = nsc.packingKsGlweDimension;
  const N = nsc.packingKsPolynomialSize;
  const lwes = info.reduce((n, kind) => n + squashedLwesOf(kind), 0);
  const source = testSource(seed);
  const glweCiphertexts = [];
  for (let start = 0; start < lwes; start += nsc.lwePerGlwe) {
    const bodies = Math.min(nsc.lwePerGlwe, lwes - start);
    glweCiphertexts.push({
      packedIntegers: packIntegers128(uniformU64s(source, 2 * (k * N + bodies)), logModulus),
      glweDimension: k,
      polynomialSize: N,
      bodiesCount: bodies,
      uncompressedCiphertextModulus: NATIVE_128,
    });
  }
  return {
    glweCiphertexts,
    meta: { messageModulus: nsc.messageModulus, carryModulus: nsc.carryModulus, lwePerGlwe: nsc.lwePerGlwe },
    info,
    tag: new Uint8Array(0),
  };
}

function randomShares(R: GaloisRing, length: number): KeyShares {
  return {
    partyIndex: 1,
    numParties: 4,
    threshold: 1,
    degree: R.degree,
    components: { noiseSquashingCompressionKey: R.randomVector(length) },
  };
}

/** b − ⟨a, [s]⟩ + offset per extracted LWE of the plan, one dotIntegers per row of `oracle`. */
function plainPhases(oracle: GaloisRing, plan: DecryptionPlan, key: BigUint64Array, offset: bigint) {
  const n = plan.lweDimension;
  const lwes = plan.lwes;
  const out = oracle.alloc(plan.count);
  for (let b = 0; b < plan.count; b++) {
    const lwe = lwes.subarray(b * 2 * (n + 1), (b + 1) * 2 * (n + 1));
    const phase = oracle.dotIntegers(lwe.subarray(0, 2 * n), key);
    oracle.neg(phase, phase);
    const body = (lwe[2 * n + 1] << 64n) + lwe[2 * n] + offset;
    oracle.add(phase, phase, oracle.embedInteger(body));
    out.set(phase, b * oracle.wordsPerElement);
  }
  return out;
}

// k = 3, N = 128 with as many bodies per GLWE as coefficients (the first window starts at E_j[0]).
const SMALL: ParameterSet = {
  ...PARAMS_TEST_BK_SNS,
  noiseSquashingCompression: {
    ...PARAMS_TEST_BK_SNS.noiseSquashingCompression!,
    packingKsGlweDimension: 3,
    packingKsPolynomialSize: 128,
    lwePerGlwe: 128,
  },
};

// N = 96 is not a power of two: the negacyclic wasm kernel declines and the windows go through hankelProducts.
const NOT_POWER_OF_TWO: ParameterSet = {
  ...PARAMS_TEST_BK_SNS,
  noiseSquashingCompression: {
    ...PARAMS_TEST_BK_SNS.noiseSquashingCompression!,
    packingKsGlweDimension: 2,
    packingKsPolynomialSize: 96,
    lwePerGlwe: 64,
  },
};

describe('phaseShares of compressed squashed lists (GLWE windows) equal those of the extracted LWEs', () => {
  // 1 body; 128 (one full GLWE); 1 + 16 + 128 + 1 = 146 across two GLWEs, whose elements start and end mid-GLWE.
  const layouts: [string, DataKind[]][] = [
    ['one boolean', [BOOL]],
    ['one full GLWE', [uint(256)]],
    ['values across GLWEs', [BOOL, uint(32), uint(256), BOOL]],
  ];
  const cases: [string, ParameterSet, number, number][] = [
    ['PARAMS_TEST_BK_SNS (1 × 256)', PARAMS_TEST_BK_SNS, 4, 128],
    ['k = 3, N = 128', SMALL, 3, 128],
    ['k = 3, N = 128, GR(2^128, 8), log modulus 100', SMALL, 8, 100],
    ['k = 2, N = 96 (windows through hankelProducts)', NOT_POWER_OF_TWO, 4, 128],
  ];

  describe.each(cases)('%s', (_name, params, degree, logModulus) => {
    const R = galoisRing(128, degree);
    const oracle = new GaloisRing(128, degree, { wasm: false });
    const nsc = params.noiseSquashingCompression!;
    const shares = randomShares(R, nsc.packingKsGlweDimension * nsc.packingKsPolynomialSize);
    const key = shares.components.noiseSquashingCompressionKey!;

    it.each(layouts)('%s: the whole list and every element, alone and batched', (_layout, info) => {
      const list = randomList(params, info, 17 + info.length, logModulus);
      const input = { kind: 'CompressedSquashedNoiseCiphertextList' as const, ciphertext: list };
      const plans = [
        planDecryption(input, params),
        ...info.map((_, element) => planDecryption(input, params, { element })),
      ];
      const offset = (1n << 122n) + 12345n;
      for (const plan of plans) {
        expect(squashedGlweBlocksOf(plan)).toBeDefined();
        const fromWindows = phaseShares(shares, [plan], 128, () => offset);
        expect(R.equals(fromWindows, plainPhases(oracle, plan, key, offset))).toBe(true);
      }
      // Batched: each plan's shares at its own offset; the extraction path of the same plans agrees.
      const batched = phaseShares(shares, plans, 128);
      const extracted = plans.map(({ glwes: _, ...plan }: DecryptionPlan & { glwes?: unknown }) => plan);
      expect(extracted.every((plan) => squashedGlweBlocksOf(plan) === undefined)).toBe(true);
      expect(R.equals(batched, phaseShares(shares, extracted, 128))).toBe(true);
    });
  });

  it('BC_PARAMS_SNS (6 × 1024, GR(2^128, 4)): 128 + 16 + 1 bodies, first and last of each GLWE', () => {
    const R = galoisRing(128, 4);
    const shares = randomShares(R, 6144);
    const key = shares.components.noiseSquashingCompressionKey!;
    const info = [uint(256), uint(32), BOOL];
    const list = randomList(BC_PARAMS_SNS, info, 31);
    const input = { kind: 'CompressedSquashedNoiseCiphertextList' as const, ciphertext: list };
    const whole = planDecryption(input, BC_PARAMS_SNS);
    const fromWindows = phaseShares(shares, [whole], 128);
    // The wasm kernels' single-row dotIntegers as the oracle here (the BigInt kernels take seconds at k·N = 6144).
    expect(R.equals(fromWindows, plainPhases(R, whole, key, 0n))).toBe(true);
    const last = planDecryption(input, BC_PARAMS_SNS, { element: 2 });
    expect(R.equals(phaseShares(shares, [last], 128), R.slice(fromWindows, 144, 145))).toBe(true);
  });
});

/** b − Σ_j rows_j·[s_j] per body with one overlapping-row dotIntegersRows(Add) call per GLWE polynomial. */
function windowPhasesWithoutKaratsuba(R: GaloisRing, plan: DecryptionPlan, key: BigUint64Array) {
  const { glweDimension: k, polynomialSize: N, segments } = squashedGlweBlocksOf(plan)!;
  const w = R.wordsPerElement;
  const out = R.alloc(plan.count);
  let at = 0;
  for (const { windows, bodies, first, count } of segments) {
    const reversed = R.alloc(count);
    for (let j = 0; j < k; j++) {
      const rows = windows.subarray(2 * (2 * j * N + N - first - count), 2 * (2 * j + 2) * N);
      R.dotIntegersRowsAdd(reversed, rows, 1, key.subarray(j * N * w, (j + 1) * N * w));
    }
    for (let r = 0; r < count; r++) {
      const phase = reversed.slice((count - 1 - r) * w, (count - r) * w);
      R.neg(phase, phase);
      const b = first + r;
      R.add(phase, phase, R.embedInteger((bodies[2 * b + 1] << 64n) + bodies[2 * b]));
      out.set(phase, (at + r) * w);
    }
    at += count;
  }
  return out;
}

describe('phaseShares of lists encrypted under a real key equal the window products without Karatsuba', () => {
  const params = BC_PARAMS_SNS;
  const { secret } = generateKeySet(params, { seed: new Uint8Array(16).fill(47), withServerKey: false });
  const key = secret.noiseSquashingCompressionKey!;
  const shares = dealKeyShares({ noiseSquashingCompressionKey: key.data }, 4, 1, 4);
  const R = galoisRing(128, 4);
  const euint64 = (value: bigint) => ({ kind: uint(32), value });
  const bool = (value: boolean) => ({ kind: BOOL, value: value ? 1n : 0n });
  // 12 euint64: GLWEs of 128 and 64 bodies; 5 + 16 + 10 = 31 bodies in one GLWE.
  const lists: [string, { kind: DataKind; value: bigint }[]][] = [
    ['12 euint64', Array.from({ length: 12 }, (_, i) => euint64(0x0123_4567_89ab_cdefn * BigInt(i + 1)))],
    [
      '5 booleans, an euint64, 10 booleans',
      [
        ...Array.from({ length: 5 }, (_, i) => bool(i % 2 === 0)),
        euint64(0xfedc_ba98_7654_3210n),
        ...Array.from({ length: 10 }, (_, i) => bool(i % 3 === 0)),
      ],
    ],
  ];

  it.each(lists)('%s: the whole list and single elements, at every party', (_name, values) => {
    const list = encryptCompressedSquashedList(
      values,
      key,
      params.noiseSquashingCompression!,
      testSource(48),
    );
    const input = { kind: 'CompressedSquashedNoiseCiphertextList' as const, ciphertext: list };
    const plans = [0, 5, values.length - 1].map((element) => planDecryption(input, params, { element }));
    plans.unshift(planDecryption(input, params));
    for (const party of shares) {
      const vector = party.components.noiseSquashingCompressionKey!;
      for (const plan of plans) {
        expect(R.equals(phaseShares(party, [plan], 128), windowPhasesWithoutKaratsuba(R, plan, vector))).toBe(
          true,
        );
      }
    }
  });
});
