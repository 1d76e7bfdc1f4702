// (c) Our CompactPublicKey in the 1.4-compatible layout: node-tfhe 1.4.0-alpha.3 (legacy relayer clients) reads it
// and encrypts under it; our code decrypts. The 1.7 layout is rejected by 1.4, as documented.
import { describe, expect, it } from 'vitest';
import { compactSecretKey, generateKeySet } from '../keygen/keygen.ts';
import { toCompactPublicKey } from '../keygen/objects.ts';
import { decryptCompactCiphertextList } from '../math/decrypt.ts';
import { readObject, writeObject } from '../objects/index.ts';
import { TFHE_1_7_DEDICATED_PKE, TFHE_1_7_DEFAULT } from '../params/sets.ts';
import { LIMIT, tfhe14 as T14, tfhe as T17, TFHE14_VERSION } from './fixtures.ts';

describe(`our CompactPublicKey for node-tfhe ${TFHE14_VERSION}`, () => {
  for (const params of [TFHE_1_7_DEFAULT, TFHE_1_7_DEDICATED_PKE]) {
    it(`${params.name}: 1.4 reads the 1.4 layout, encrypts packed and unpacked lists, we decrypt`, () => {
      const keys = generateKeySet(params, { seed: new Uint8Array(16).fill(0xc3), withServerKey: false });
      const legacy = writeObject('CompactPublicKey', toCompactPublicKey(keys, '1.4'));
      const current = writeObject('CompactPublicKey', toCompactPublicKey(keys, '1.7'));
      expect(() => T14.TfheCompactPublicKey.safe_deserialize(current, LIMIT)).toThrow(/variant index/);
      const cpk14 = T14.TfheCompactPublicKey.safe_deserialize(legacy, LIMIT);
      const secret = compactSecretKey(keys.secret);
      const builder = T14.CompactCiphertextList.builder(cpk14);
      builder.push_u16(54321);
      builder.push_boolean(true);
      builder.push_u64(18446744073709551557n);
      const expected = [54321n, 1n, 18446744073709551557n];
      const lists = [builder.build_packed()];
      if (!params.dedicatedCompactPublicKey) lists.push(builder.build());
      for (const list of lists) {
        const parsed = readObject('CompactCiphertextList', list.safe_serialize(LIMIT));
        expect(parsed.list.expansionKind.version).toBe(0);
        expect(decryptCompactCiphertextList(parsed, secret)).toEqual(expected);
      }
      // node-tfhe 1.7 reads the legacy layout as well (it upgrades old tags on load).
      const cpk17 = T17.TfheCompactPublicKey.safe_deserialize(legacy, LIMIT);
      const b17 = T17.CompactCiphertextList.builder(cpk17);
      b17.push_u8(250);
      const parsed17 = readObject('CompactCiphertextList', b17.build_packed().safe_serialize(LIMIT));
      expect(decryptCompactCiphertextList(parsed17, secret)).toEqual([250n]);
    });
  }
});
