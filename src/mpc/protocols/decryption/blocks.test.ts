import { describe, expect, it } from 'vitest';
import { generateKeySet } from '../../../fhe/keygen/keygen.ts';
import { toCompactPublicKey } from '../../../fhe/keygen/objects.ts';
import {
  decryptCompactCiphertextList,
  decryptFheBool,
  decryptFheInt,
  decryptFheUint,
  decryptSquashedNoiseFheUint,
} from '../../../fhe/math/decrypt.ts';
import { encryptFheBool, encryptFheUint } from '../../../fhe/math/encrypt.ts';
import { lwePhases } from '../../../fhe/math/lwe.ts';
import { decodeSquashedBlocks, lwePhases128 } from '../../../fhe/math/squashed.ts';
import { decodeBlocks } from '../../../fhe/math/torus.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS, TFHE_1_7_DEFAULT } from '../../../fhe/params/index.ts';
import { type DecryptionPlan, parseCiphertext, planDecryption } from './blocks.ts';
import { ProtocolInputError } from './errors.ts';
import { encryptCompactList, encryptSquashedUint, testSource } from './testing.test-util.ts';

const params = PARAMS_TEST_BK_SNS;
const { secret } = generateKeySet(params, { seed: new Uint8Array(16).fill(1), withServerKey: false });
const big = secret.glweKey.data;
const source = testSource(11);

/** Plain decryption of a plan with the clear key: the reference the protocols must match. */
function plainDecrypt(plan: DecryptionPlan, key: BigUint64Array) {
  const values =
    plan.modulusBits === 64
      ? decodeBlocks(lwePhases(plan.lwes, key), plan.encoding)
      : decodeSquashedBlocks(lwePhases128(plan.lwes, key), 4);
  return plan.recombine(values.map((v, i) => v & ((1 << plan.valueBits[i]) - 1)));
}

describe('ciphertext → LWE blocks', () => {
  it('radix ciphertexts: big key, one block per 2 bits, message bits only', () => {
    for (const [bits, value] of [
      [8, 173n],
      [32, 0xdeadbeefn],
      [64, (1n << 64n) - 2n],
      [128, (1n << 128n) - 3n],
      [256, (0xfedcba9876543210n << 190n) + 777n],
    ] as const) {
      const ct = encryptFheUint(value, bits, big, params.compute, source);
      const plan = planDecryption(parseCiphertext(writeObject('FheUint', ct)), params);
      expect(plan).toMatchObject({
        key: 'glweKey',
        modulusBits: 64,
        lweDimension: 256,
        count: bits / 2,
        deltaLog2: 59,
      });
      expect([...plan.valueBits].every((b) => b === 2)).toBe(true);
      const [plain] = plainDecrypt(plan, big);
      expect(plain).toEqual({ fheType: `Uint${bits}`, bits, signed: false, value });
      expect(plain.value).toBe(decryptFheUint(ct, big));
    }
    const signed = encryptFheUint(-1234n, 16, big, params.compute, source);
    const plan = planDecryption({ kind: 'FheInt', ciphertext: signed }, params);
    expect(plainDecrypt(plan, big)[0]).toMatchObject({ fheType: 'Int16', value: -1234n });
    expect(decryptFheInt(signed, big)).toBe(-1234n);
    const bool = encryptFheBool(true, big, params.compute, source);
    const boolPlan = planDecryption(parseCiphertext(writeObject('FheBool', bool)), params);
    expect(boolPlan.valueBits).toEqual(Uint8Array.of(1));
    expect(plainDecrypt(boolPlan, big)).toEqual([{ fheType: 'Bool', bits: 1, signed: false, value: 1n }]);
    expect(decryptFheBool(bool, big)).toBe(true);
  });

  it('compact lists: the dedicated compact key when the set has one, packed and unpacked', () => {
    const values = [
      { kind: { kind: 'Unsigned', blocks: 4 } as const, value: 42n },
      { kind: { kind: 'Boolean' } as const, value: 1n },
      { kind: { kind: 'Unsigned', blocks: 16 } as const, value: 123456789n },
      { kind: { kind: 'Signed', blocks: 4 } as const, value: -7n },
    ];
    for (const packed of [false, true]) {
      const list = encryptCompactList(values, secret.compactKey!, packed, source);
      const plan = planDecryption(parseCiphertext(writeObject('CompactCiphertextList', list)), params);
      expect(plan.key).toBe('compactKey');
      expect(plan.lweDimension).toBe(512);
      expect(plan.count).toBe(packed ? 13 : 25);
      expect(plan.valueBits[0]).toBe(packed ? 4 : 2);
      const plain = plainDecrypt(plan, secret.compactKey!);
      expect(plain.map((p) => p.value)).toEqual([42n, 1n, 123456789n, -7n]);
      expect(plain.map((p) => p.fheType)).toEqual(['Uint8', 'Bool', 'Uint32', 'Int8']);
      expect(plan.types).toEqual(['Uint8', 'Bool', 'Uint32', 'Int8']);
      expect(plain.map((p) => p.value)).toEqual(decryptCompactCiphertextList(list, secret.compactKey!));
    }
  });

  it('one element of a packed list: only the LWEs holding its digits, only the halves it needs', () => {
    const values = [
      { kind: { kind: 'Unsigned', blocks: 4 } as const, value: 42n },
      { kind: { kind: 'Boolean' } as const, value: 1n },
      { kind: { kind: 'Unsigned', blocks: 16 } as const, value: 123456789n },
      { kind: { kind: 'Signed', blocks: 4 } as const, value: -7n },
    ];
    const list = encryptCompactList(values, secret.compactKey!, true, source);
    const input = { kind: 'CompactCiphertextList' as const, ciphertext: list };
    // Digits: value 0 → 0..3 (LWEs 0, 1), bool → 4 (LWE 2 low), value 2 → 5..20 (LWE 2 high … LWE 10 low).
    const bool = planDecryption(input, params, { element: 1 });
    expect([bool.count, Array.from(bool.valueBits), bool.types]).toEqual([1, [2], ['Bool']]);
    expect(plainDecrypt(bool, secret.compactKey!)).toEqual([
      { fheType: 'Bool', bits: 1, signed: false, value: 1n },
    ]);
    const u32 = planDecryption(input, params, { element: 2 });
    expect(u32.count).toBe(9);
    expect(u32.valueBits[0]).toBe(4);
    expect(u32.valueBits[8]).toBe(2);
    expect(plainDecrypt(u32, secret.compactKey!)[0].value).toBe(123456789n);
    expect(plainDecrypt(planDecryption(input, params, { element: 3 }), secret.compactKey!)[0].value).toBe(
      -7n,
    );
    expect(() => planDecryption(input, params, { element: 4 })).toThrow(/options.element/);
    const ct = encryptFheUint(5n, 8, big, params.compute, source);
    expect(() => planDecryption({ kind: 'FheUint', ciphertext: ct }, params, { element: 0 })).toThrow(
      /only lists have elements/,
    );
  });

  it('proven lists: the blocks of all inner lists in order, recombined across list boundaries', () => {
    const first = encryptCompactList(
      [{ kind: { kind: 'Unsigned', blocks: 4 }, value: 0xa5n }],
      secret.compactKey!,
      true,
      source,
    );
    const second = encryptCompactList(
      [{ kind: { kind: 'Unsigned', blocks: 4 }, value: 0x3cn }],
      secret.compactKey!,
      false,
      source,
    );
    const proof = { scheme: 'PkeV2' as const, version: 3, bytes: new Uint8Array(0) };
    const plan = planDecryption(
      {
        kind: 'ProvenCompactCiphertextList',
        ciphertext: {
          lists: [
            { list: first.list, proof },
            { list: second.list, proof },
          ],
          info: [{ kind: 'Unsigned', blocks: 4 }, { kind: 'Boolean' }, { kind: 'Unsigned', blocks: 2 }],
          tag: new Uint8Array(0),
        },
      },
      params,
    );
    expect(plan.count).toBe(2 + 3); // the last LWE holds no digit the data kinds use
    expect(Array.from(plan.valueBits)).toEqual([4, 4, 2, 2, 2]);
    // Digits 1,1,2,2 | 0,3,3,0: 0xa5, then a boolean from digit 0, then a 4-bit value from digits 3,3.
    expect(plainDecrypt(plan, secret.compactKey!).map((p) => p.value)).toEqual([0xa5n, 0n, 0xfn]);
    expect(plan.types).toEqual(['Uint8', 'Bool', 'Uint4']);
  });

  it('compact lists of a set without a dedicated key are under the big key', () => {
    const keys = generateKeySet(TFHE_1_7_DEFAULT, { seed: new Uint8Array(16).fill(2), withServerKey: false });
    expect(toCompactPublicKey(keys)).toBeTruthy();
    const list = encryptCompactList(
      [{ kind: { kind: 'Unsigned', blocks: 32 }, value: 2n ** 64n - 5n }],
      keys.secret.glweKey.data,
      true,
      source,
    );
    const plan = planDecryption({ kind: 'CompactCiphertextList', ciphertext: list }, TFHE_1_7_DEFAULT);
    expect(plan.key).toBe('glweKey');
    expect(plan.lweDimension).toBe(2048);
    expect(plainDecrypt(plan, keys.secret.glweKey.data)[0].value).toBe(2n ** 64n - 5n);
  });

  it('squashed ciphertexts: noise-squashing key, 128-bit, packed blocks of 4 bits (odd block count too)', () => {
    const squash = secret.noiseSquashingKey!.data;
    const ct = encryptSquashedUint(0xdeadbeefn, 32, secret, source);
    const plan = planDecryption(parseCiphertext(writeObject('SquashedNoiseFheUint', ct)), params);
    expect(plan).toMatchObject({
      key: 'noiseSquashingKey',
      modulusBits: 128,
      count: 8,
      deltaLog2: 123,
      bitsPerBlock: 4,
    });
    expect(plainDecrypt(plan, squash)[0].value).toBe(0xdeadbeefn);
    const odd = encryptSquashedUint(0x2fn, 6, secret, source); // 3 radix blocks in 2 LWEs
    const oddPlan = planDecryption({ kind: 'SquashedNoiseFheUint', ciphertext: odd }, params);
    expect(oddPlan.valueBits).toEqual(Uint8Array.of(4, 2));
    expect(plainDecrypt(oddPlan, squash)[0].value).toBe(0x2fn);
    expect(decryptSquashedNoiseFheUint(odd, squash)).toBe(0x2fn);
  });

  it('malformed or mismatched ciphertexts give InvalidArgument errors naming the problem', () => {
    const bytes = writeObject('FheUint', encryptFheUint(5n, 8, big, params.compute, source));
    const expectInvalid = (f: () => unknown, message: RegExp) => {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProtocolInputError);
      expect((error as ProtocolInputError).kind).toBe('InvalidArgument');
      expect((error as Error).message).toMatch(message);
    };
    expectInvalid(() => parseCiphertext(bytes.subarray(0, bytes.length - 9)), /malformed FheUint/);
    expectInvalid(() => parseCiphertext(new Uint8Array([1, 2, 3])), /unreadable header|malformed/);
    expectInvalid(() => parseCiphertext(bytes, 'FheBool'), /expected a FheBool, got a FheUint/);
    expectInvalid(
      () =>
        parseCiphertext(
          writeObject(
            'CompactPublicKey',
            toCompactPublicKey(generateKeySet(params, { withServerKey: false })),
          ),
        ),
      /not a decryptable ciphertext/,
    );
    // A default-parameter ciphertext (dimension 2048) against the test set (256).
    const keys = generateKeySet(TFHE_1_7_DEFAULT, { seed: new Uint8Array(16).fill(3), withServerKey: false });
    const foreign = encryptFheUint(5n, 8, keys.secret.glweKey.data, TFHE_1_7_DEFAULT.compute, source);
    expectInvalid(
      () => planDecryption({ kind: 'FheUint', ciphertext: foreign }, params),
      /dimension 2048, expected 256/,
    );
    const ct = encryptSquashedUint(1n, 8, secret, source);
    expectInvalid(
      () => planDecryption({ kind: 'SquashedNoiseFheUint', ciphertext: ct }, TFHE_1_7_DEFAULT),
      /no noise-squashing key/,
    );
    expectInvalid(
      () =>
        planDecryption(
          { kind: 'SquashedNoiseFheUint', ciphertext: { ...ct, originalBlockCount: 9 } },
          params,
        ),
      /cannot hold 9 radix blocks/,
    );
    const badModulus = encryptFheUint(5n, 8, big, params.compute, source);
    badModulus.blocks[1] = { ...badModulus.blocks[1], messageModulus: 8 };
    expectInvalid(
      () => planDecryption({ kind: 'FheUint', ciphertext: badModulus }, params),
      /blocks\[1\].*moduli 8\/4/,
    );
    expectInvalid(
      () => planDecryption({ kind: 'FheUint', ciphertext: { ...badModulus, blocks: [] } }, params),
      /no blocks/,
    );
  });
});
