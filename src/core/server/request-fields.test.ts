import { describe, expect, it } from 'vitest';
import { ciphertextFormatOf } from '../../client/ciphertext-format.ts';
import { cachedBytes, dedicatedPkeConfig, digestOf, LIMIT, tfhe } from '../../fhe/interop/fixtures.ts';
import { compactSecretKey, generateKeySet } from '../../fhe/keygen/keygen.ts';
import { toCompactPublicKey } from '../../fhe/keygen/objects.ts';
import { encryptCompressedSquashedList } from '../../fhe/math/compressed-squashed.ts';
import { encryptFheBool, encryptFheUint } from '../../fhe/math/encrypt.ts';
import { lwePhases } from '../../fhe/math/lwe.ts';
import { decodeSquashedBlocks, lwePhases128 } from '../../fhe/math/squashed.ts';
import { decodeBlocks } from '../../fhe/math/torus.ts';
import { type DataKind, objectKindOf, writeObject } from '../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS, TFHE_1_7_DEDICATED_PKE } from '../../fhe/params/index.ts';
import type { DecryptionPlan } from '../../mpc/protocols/decryption/blocks.ts';
import {
  encryptCompactList,
  encryptSquashedUint,
  testSource,
} from '../../mpc/protocols/decryption/testing.test-util.ts';
import { layoutOf, userDecryptionLayout } from '../../mpc/protocols/decryption/user-decryption.ts';
import { KmsError } from '../errors.ts';
import {
  ciphertextFormatField,
  ciphertextsField,
  participantsField,
  userCiphertextsField,
} from './request-fields.ts';

const params = PARAMS_TEST_BK_SNS;
const { secret } = generateKeySet(params, { seed: new Uint8Array(16).fill(3), withServerKey: false });
const source = testSource(5);
const U8: DataKind = { kind: 'Unsigned', blocks: 4 };
const U32: DataKind = { kind: 'Unsigned', blocks: 16 };
const BOOL: DataKind = { kind: 'Boolean' };

function listBytes(values: { kind: DataKind; value: bigint }[], packed: boolean): Uint8Array {
  return writeObject('CompactCiphertextList', encryptCompactList(values, secret.compactKey!, packed, source));
}

const CIPHERTEXTS = {
  FheUint: () => writeObject('FheUint', encryptFheUint(173n, 8, secret.glweKey.data, params.compute, source)),
  FheBool: () => writeObject('FheBool', encryptFheBool(true, secret.glweKey.data, params.compute, source)),
  CompactCiphertextList: () => listBytes([{ kind: U8, value: 9n }], false),
  SquashedNoiseFheUint: () => writeObject('SquashedNoiseFheUint', encryptSquashedUint(5n, 8, secret, source)),
  CompressedSquashedNoiseCiphertextList: () =>
    writeObject(
      'CompressedSquashedNoiseCiphertextList',
      encryptCompressedSquashedList(
        [{ kind: U8, value: 9n }],
        secret.noiseSquashingCompressionKey!,
        params.noiseSquashingCompression!,
        source,
      ),
    ),
};

function typed(
  ciphertext: Uint8Array,
  fheType: number,
  format?: unknown,
  handle = new Uint8Array(32).fill(7),
) {
  return {
    ciphertext: Buffer.from(ciphertext),
    fhe_type: fheType,
    external_handle: Buffer.from(handle),
    ciphertext_format: format,
  } as never;
}

function invalidArgument(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KmsError);
    expect((error as KmsError).kind).toBe('InvalidArgument');
    return (error as Error).message;
  }
  throw new Error('expected an InvalidArgument error');
}

/** Plain decryption of a 64-bit plan with the clear key (the oracle of what the parties compute). */
function plainDecrypt(plan: DecryptionPlan) {
  const key = plan.key === 'compactKey' ? secret.compactKey! : secret.glweKey.data;
  const values = decodeBlocks(lwePhases(plan.lwes, key), plan.encoding);
  return plan.recombine(values.map((v, i) => v & ((1 << plan.valueBits[i]) - 1)));
}

describe('ciphertext_format', () => {
  // The rule, written out: which declared formats each kind of ciphertext admits.
  const ADMITTED: Record<keyof typeof CIPHERTEXTS, string[]> = {
    FheUint: ['SmallCompressed', 'SmallExpanded'],
    FheBool: ['SmallCompressed', 'SmallExpanded'],
    CompactCiphertextList: ['SmallCompressed', 'SmallExpanded', 'SmallCompactList'],
    SquashedNoiseFheUint: ['BigCompressed', 'BigExpanded'],
    CompressedSquashedNoiseCiphertextList: ['BigCompressed'],
  };
  const FORMATS = ['SmallCompressed', 'SmallExpanded', 'BigCompressed', 'BigExpanded', 'SmallCompactList'];
  const TYPES = {
    FheUint: 2,
    FheBool: 0,
    CompactCiphertextList: 2,
    SquashedNoiseFheUint: 2,
    CompressedSquashedNoiseCiphertextList: 2,
  };

  it('admits 0/1 for every 64-bit kind, 2/3 only for squashed ones, 4 only for lists (by name and number)', () => {
    for (const [kind, make] of Object.entries(CIPHERTEXTS) as [
      keyof typeof CIPHERTEXTS,
      () => Uint8Array,
    ][]) {
      const bytes = make();
      FORMATS.forEach((format, number) => {
        for (const declared of [format, number]) {
          const request = [typed(bytes, TYPES[kind], declared)];
          if (ADMITTED[kind].includes(format)) {
            expect(ciphertextsField(request, params, 4).plans).toHaveLength(1);
          } else {
            const message = invalidArgument(() => ciphertextsField(request, params, 4));
            expect(message).toContain('ciphertexts[0].ciphertext_format');
            expect(message).toContain(`declared ${format}, the bytes hold a ${kind}`);
            expect(message).toContain(ADMITTED[kind].join(' or '));
          }
        }
      });
    }
  });

  it('our client declares the most specific admitted format of each kind', () => {
    const declared = Object.fromEntries(
      Object.entries(CIPHERTEXTS).map(([kind, make]) => [kind, ciphertextFormatOf(make())]),
    );
    expect(declared).toEqual({
      FheUint: 'SmallExpanded',
      FheBool: 'SmallExpanded',
      CompactCiphertextList: 'SmallCompactList',
      SquashedNoiseFheUint: 'BigExpanded',
      CompressedSquashedNoiseCiphertextList: 'BigCompressed',
    });
    for (const make of Object.values(CIPHERTEXTS)) {
      const bytes = make();
      expect(() =>
        ciphertextFormatField(ciphertextFormatOf(bytes), objectKindOf(bytes) as never, 'f'),
      ).not.toThrow();
    }
    expect(ciphertextFormatOf(new Uint8Array(3))).toBe('SmallExpanded');
  });

  it('an unset field is SmallCompressed; unknown values are refused', () => {
    const u8 = CIPHERTEXTS.FheUint();
    expect(ciphertextsField([typed(u8, 2, undefined)], params, 4).plans).toHaveLength(1);
    const squashed = CIPHERTEXTS.SquashedNoiseFheUint();
    expect(invalidArgument(() => ciphertextsField([typed(squashed, 2, undefined)], params, 4))).toContain(
      'declared SmallCompressed',
    );
    for (const unknown of [5, 7, -1, 'Huge']) {
      expect(invalidArgument(() => ciphertextFormatField(unknown, 'FheUint', 'f'))).toBe(
        `f: unknown CiphertextFormat ${unknown}`,
      );
    }
    // The check names the ciphertext at its position.
    const second = [typed(u8, 2, 'SmallExpanded'), typed(u8, 2, 'BigExpanded')];
    expect(invalidArgument(() => ciphertextsField(second, params, 4))).toMatch(/^ciphertexts\[1\]/);
  });
});

describe('user decryption of lists of several values', () => {
  const handle = new Uint8Array([0xab, 0xcd]);

  it('an unpacked list: one plan per element in list order, each under the list handle', () => {
    const values = [
      { kind: U8, value: 201n },
      { kind: BOOL, value: 1n },
      { kind: U32, value: 0xdeadbeefn },
      { kind: BOOL, value: 0n },
    ];
    const bytes = listBytes(values, false);
    const { plans, handles, externalHandles } = userCiphertextsField(
      [typed(bytes, 2, 'SmallCompactList', handle)],
      params,
      4,
    );
    expect(handles).toHaveLength(1);
    expect([...handles[0]]).toEqual([...new Uint8Array(30), 0xab, 0xcd]);
    expect(externalHandles.map((h) => [...h])).toEqual(values.map(() => [0xab, 0xcd]));
    expect(plans.map((p) => p.types)).toEqual([['Uint8'], ['Bool'], ['Uint32'], ['Bool']]);
    expect(plans.map((p) => [p.count, p.bitsPerBlock])).toEqual([
      [4, 2],
      [1, 1],
      [16, 2],
      [1, 1],
    ]);
    expect(plans.map((p) => plainDecrypt(p)[0].value)).toEqual(values.map((v) => v.value));
    // What a user rebuilds from (type, packing factor) matches what the parties share.
    for (const plan of plans) {
      const layout = userDecryptionLayout(plan);
      expect(layoutOf(layout.fheType, Math.max(1, plan.bitsPerBlock / 2))).toMatchObject({
        blocks: plan.count,
        bitsPerBlock: plan.bitsPerBlock,
      });
    }
  });

  it('a packed list: values after an even number of Booleans take two digits per block (packing factor 2)', () => {
    const values = [
      { kind: U8, value: 77n },
      { kind: U32, value: 123456789n },
      { kind: BOOL, value: 1n },
    ];
    const bytes = listBytes(values, true);
    const { plans } = userCiphertextsField([typed(bytes, 2, 'SmallCompactList', handle)], params, 4);
    expect(plans.map((p) => [p.count, p.bitsPerBlock])).toEqual([
      [2, 4],
      [8, 4],
      [1, 1],
    ]);
    expect(plans.map((p) => plainDecrypt(p)[0].value)).toEqual(values.map((v) => v.value));
    for (const plan of plans) {
      const layout = userDecryptionLayout(plan);
      expect(layoutOf(layout.fheType, Math.max(1, plan.bitsPerBlock / 2)).blocks).toBe(plan.count);
    }
  });

  it('refuses a packed-list value that starts in the high half of a block, and signed elements', () => {
    const afterBool = listBytes(
      [
        { kind: BOOL, value: 1n },
        { kind: U8, value: 5n },
      ],
      true,
    );
    expect(
      invalidArgument(() => userCiphertextsField([typed(afterBool, 0, 'SmallCompactList')], params, 4)),
    ).toMatch(/^ciphertexts\[0\] value 1: starts in the high half of a packed block/);
    // The same list unpacked is fine.
    const unpacked = listBytes(
      [
        { kind: BOOL, value: 1n },
        { kind: U8, value: 5n },
      ],
      false,
    );
    const { plans } = userCiphertextsField([typed(unpacked, 0, 'SmallCompactList')], params, 4);
    expect(plans.map((p) => plainDecrypt(p)[0].value)).toEqual([1n, 5n]);
    const signed = listBytes(
      [
        { kind: U8, value: 5n },
        { kind: { kind: 'Signed', blocks: 4 }, value: -3n },
      ],
      false,
    );
    expect(
      invalidArgument(() => userCiphertextsField([typed(signed, 2, 'SmallCompactList')], params, 4)),
    ).toMatch(/^ciphertexts\[0\] value 1: .*Int8/);
    const empty = listBytes([], false);
    expect(
      invalidArgument(() => userCiphertextsField([typed(empty, 0, 'SmallCompactList')], params, 4)),
    ).toBe('ciphertexts[0]: the list holds no value');
  });

  it('a single value still has to be of the declared type; radix ciphertexts keep one entry', () => {
    const one = listBytes([{ kind: U8, value: 5n }], false);
    expect(
      invalidArgument(() => userCiphertextsField([typed(one, 4, 'SmallCompactList')], params, 4)),
    ).toContain('ciphertexts[0].fhe_type');
    const { plans, externalHandles } = userCiphertextsField(
      [typed(CIPHERTEXTS.FheUint(), 2, 'SmallExpanded', handle), typed(one, 2, 'SmallCompactList')],
      params,
      4,
    );
    expect(plans.map((p) => [p.kind, p.count, p.bitsPerBlock])).toEqual([
      ['FheUint', 4, 2],
      ['CompactCiphertextList', 4, 2],
    ]);
    expect(externalHandles).toHaveLength(2);
  });

  it('a compressed squashed-noise list (BigCompressed): one plan per element under the compression key', () => {
    const key = secret.noiseSquashingCompressionKey!;
    const values = [
      { kind: BOOL, value: 1n },
      { kind: U8, value: 201n },
      { kind: U32, value: 0xcafe_f00dn },
    ];
    const list = encryptCompressedSquashedList(values, key, params.noiseSquashingCompression!, source);
    const bytes = writeObject('CompressedSquashedNoiseCiphertextList', list);
    const { plans, externalHandles } = userCiphertextsField(
      [typed(bytes, 4, 'BigCompressed', handle)],
      params,
      4,
    );
    expect(plans.map((p) => [p.key, p.types[0], p.count, p.bitsPerBlock])).toEqual([
      ['noiseSquashingCompressionKey', 'Bool', 1, 1],
      ['noiseSquashingCompressionKey', 'Uint8', 2, 4],
      ['noiseSquashingCompressionKey', 'Uint32', 8, 4],
    ]);
    expect(externalHandles).toHaveLength(3);
    for (const plan of plans) {
      const layout = userDecryptionLayout(plan);
      expect(layoutOf(layout.fheType, plan.bitsPerBlock === 1 ? 1 : 2)).toEqual(layout);
    }
    // The phases of each element's LWEs, under the clear compression key, decode to its value.
    plans.forEach((plan, i) => {
      const blocks = decodeSquashedBlocks(lwePhases128(plan.lwes, key.data));
      expect(plan.recombine(blocks.map((v, b) => v & ((1 << plan.valueBits[b]) - 1)))[0].value).toBe(
        values[i].value,
      );
    });
  });

  it('a proven packed list from node-tfhe (dedicated compact key): SmallCompactList, one plan per element', () => {
    const dedicated = generateKeySet(TFHE_1_7_DEDICATED_PKE, {
      seed: new Uint8Array(16).fill(0xc4),
      withServerKey: false,
    });
    const cpkBytes = writeObject('CompactPublicKey', toCompactPublicKey(dedicated));
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(cpkBytes, LIMIT);
    const crsBytes = cachedBytes('crs-pke-64.bin', () =>
      tfhe.CompactPkeCrs.from_config(dedicatedPkeConfig(), 64).safe_serialize(LIMIT),
    );
    const bytes = cachedBytes(`proven-u32-u8-bool-${digestOf(cpkBytes)}-${digestOf(crsBytes)}.bin`, () => {
      const builder = tfhe.ProvenCompactCiphertextList.builder(cpk);
      builder.push_u32(3_000_000_017);
      builder.push_u8(250);
      builder.push_boolean(true);
      return builder
        .build_with_proof_packed(
          tfhe.CompactPkeCrs.safe_deserialize(crsBytes, LIMIT),
          new Uint8Array([7]),
          tfhe.ZkComputeLoad.Verify,
        )
        .safe_serialize(LIMIT);
    });
    expect(objectKindOf(bytes)).toBe('ProvenCompactCiphertextList');
    expect(ciphertextFormatOf(bytes)).toBe('SmallCompactList');
    expect(
      invalidArgument(() =>
        userCiphertextsField([typed(bytes, 4, 'BigCompressed')], TFHE_1_7_DEDICATED_PKE, 4),
      ),
    ).toContain('declared BigCompressed, the bytes hold a ProvenCompactCiphertextList');
    const { plans, externalHandles } = userCiphertextsField(
      [typed(bytes, 4, 'SmallCompactList', handle)],
      TFHE_1_7_DEDICATED_PKE,
      4,
    );
    expect(externalHandles).toHaveLength(3);
    expect(plans.map((p) => [p.kind, p.key, p.count, p.bitsPerBlock])).toEqual([
      ['ProvenCompactCiphertextList', 'compactKey', 8, 4],
      ['ProvenCompactCiphertextList', 'compactKey', 2, 4],
      ['ProvenCompactCiphertextList', 'compactKey', 1, 1],
    ]);
    const key = compactSecretKey(dedicated.secret);
    const values = plans.map((plan) => {
      const decoded = decodeBlocks(lwePhases(plan.lwes, key), plan.encoding);
      return plan.recombine(decoded.map((v, i) => v & ((1 << plan.valueBits[i]) - 1)))[0].value;
    });
    expect(values).toEqual([3_000_000_017n, 250n, 1n]);
  }, 120_000);
});

describe('participants of a DecryptStream public decryption', () => {
  const cluster = { numParties: 4, threshold: 1, partyIndex: 2 };
  const big = [{ modulusBits: 128 }, { modulusBits: 128 }];
  const refusal = (values: number[], plans = big) => {
    try {
      participantsField(values, plans, cluster);
    } catch (error) {
      expect(error).toBeInstanceOf(KmsError);
      expect((error as KmsError).kind).toBe('InvalidArgument');
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('reads none (or every party) as all parties, and 2t + 1 or more including this one, sorted', () => {
    expect(participantsField([], big, cluster)).toBeUndefined();
    expect(participantsField(undefined, big, cluster)).toBeUndefined();
    expect(participantsField([4, 1, 3, 2], big, cluster)).toBeUndefined();
    expect(participantsField([4, 2, 1], big, cluster)).toEqual([1, 2, 4]);
  });

  it('refuses too few, duplicates, ids out of range, a set without this party, and 64-bit ciphertexts', () => {
    expect(refusal([1, 2])).toMatch(/at least 2t \+ 1 = 3/);
    expect(refusal([1, 2, 2])).toMatch(/twice/);
    expect(refusal([0, 1, 2])).toMatch(/\[1, 4\]/);
    expect(refusal([1, 2, 5])).toMatch(/\[1, 4\]/);
    expect(refusal([1, 2, 1.5])).toMatch(/\[1, 4\]/);
    expect(refusal([1, 3, 4])).toMatch(/this party \(2\)/);
    expect(refusal([1, 2, 3], [{ modulusBits: 128 }, { modulusBits: 64 }])).toMatch(/128-bit/);
  });
});
