// (b) node-tfhe's own keys and ciphertexts, parsed by the codec and decrypted by our math.
import { describe, expect, it } from 'vitest';
import {
  decryptCompactCiphertextList,
  decryptFheBool,
  decryptFheInt,
  decryptFheUint,
  decryptionKeysOf,
} from '../math/decrypt.ts';
import { FHE_TYPE_IDS } from '../math/radix.ts';
import { readObject } from '../objects/index.ts';
import { dedicatedPkeConfig, LIMIT, tfhe as T } from './fixtures.ts';

const ck = T.TfheClientKey.generate_with_seed(T.TfheConfigBuilder.default().build(), 20261124n);
const keys = decryptionKeysOf(readObject('ClientKey', ck.safe_serialize(LIMIT)));

const BIG128 = (1n << 127n) + 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210n;
const BIG256 = (1n << 255n) + (0xdeadbeefn << 100n) + 12345n;

describe('node-tfhe client-key ciphertexts decrypt with our code', () => {
  it('reads the three secret keys out of a node-tfhe ClientKey', () => {
    expect(keys.big.length).toBe(2048);
    expect(keys.compact).toBe(keys.big);
    const ones = keys.big.reduce((n, v) => n + Number(v), 0);
    expect(ones).toBeGreaterThan(900);
    expect(ones).toBeLessThan(1150);
  });

  it('FheBool, FheUint8 … FheUint256 and FheInt8', () => {
    for (const value of [true, false]) {
      const ct = T.FheBool.encrypt_with_client_key(value, ck).safe_serialize(LIMIT);
      expect(decryptFheBool(readObject('FheBool', ct), keys.big)).toBe(value);
    }
    const cases: [string, bigint, Uint8Array][] = [
      ['Uint8', 173n, T.FheUint8.encrypt_with_client_key(173, ck).safe_serialize(LIMIT)],
      ['Uint16', 54321n, T.FheUint16.encrypt_with_client_key(54321, ck).safe_serialize(LIMIT)],
      ['Uint32', 0xdeadbeefn, T.FheUint32.encrypt_with_client_key(0xdeadbeef, ck).safe_serialize(LIMIT)],
      [
        'Uint64',
        (1n << 64n) - 59n,
        T.FheUint64.encrypt_with_client_key((1n << 64n) - 59n, ck).safe_serialize(LIMIT),
      ],
      ['Uint128', BIG128, T.FheUint128.encrypt_with_client_key(BIG128, ck).safe_serialize(LIMIT)],
      ['Uint256', BIG256, T.FheUint256.encrypt_with_client_key(BIG256, ck).safe_serialize(LIMIT)],
    ];
    for (const [name, value, bytes] of cases) {
      const ct = readObject('FheUint', bytes);
      expect([name, decryptFheUint(ct, keys.big)]).toEqual([name, value]);
    }
    const neg = readObject('FheInt', T.FheInt8.encrypt_with_client_key(-99, ck).safe_serialize(LIMIT));
    expect(decryptFheInt(neg, keys.big)).toBe(-99n);
  });

  it('compact lists under node-tfhe’s own CompactPublicKey (packed and unpacked, all widths)', () => {
    const cpk = T.TfheCompactPublicKey.new(ck);
    const builder = T.CompactCiphertextList.builder(cpk);
    builder.push_boolean(true);
    builder.push_u8(42);
    builder.push_u16(65535);
    builder.push_u32(123456789);
    builder.push_u64((1n << 63n) + 5n);
    builder.push_u128(BIG128);
    builder.push_u256(BIG256);
    builder.push_i8(-7);
    const expected = [1n, 42n, 65535n, 123456789n, (1n << 63n) + 5n, BIG128, BIG256, -7n];
    for (const list of [builder.build(), builder.build_packed()]) {
      const parsed = readObject('CompactCiphertextList', list.safe_serialize(LIMIT));
      expect(decryptCompactCiphertextList(parsed, keys.compact)).toEqual(expected);
    }
  });

  it('dedicated compact-PKE configuration: lists are under the compact key, not the big key', () => {
    const zck = T.TfheClientKey.generate_with_seed(dedicatedPkeConfig(), 7n);
    const zkeys = decryptionKeysOf(readObject('ClientKey', zck.safe_serialize(LIMIT)));
    expect(zkeys.compact).not.toBe(zkeys.big);
    const builder = T.CompactCiphertextList.builder(T.TfheCompactPublicKey.new(zck));
    builder.push_u32(3000000001);
    builder.push_boolean(false);
    const list = readObject('CompactCiphertextList', builder.build_packed().safe_serialize(LIMIT));
    expect(decryptCompactCiphertextList(list, zkeys.compact)).toEqual([3000000001n, 0n]);
    expect(decryptCompactCiphertextList(list, zkeys.big)).not.toEqual([3000000001n, 0n]);
  });
});

describe('FheTypes ids', () => {
  it('match node-tfhe’s FheTypes enum', () => {
    for (const [name, id] of Object.entries(FHE_TYPE_IDS)) {
      expect([name, (T.FheTypes as unknown as Record<string, number>)[name]]).toEqual([name, id]);
    }
  });
});
