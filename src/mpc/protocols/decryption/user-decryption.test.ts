import { beforeAll, describe, expect, it } from 'vitest';
import { decryptSquashedNoiseFheBool, decryptSquashedNoiseFheUint } from '../../../fhe/math/decrypt.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS } from '../../../fhe/params/index.ts';
import { galoisRing } from '../../algebra/index.ts';
import { lieAbout } from '../../sharing/shares.malicious.ts';
import { type DecryptionPlan, parseCiphertext, planDecryption } from './blocks.ts';
import { ProtocolInputError } from './errors.ts';
import {
  dealtKeys,
  encryptSquashedBool,
  encryptSquashedUint,
  testParties,
  testSource,
} from './testing.test-util.ts';
import { tkmsReconstruct } from './tkms.test-util.ts';
import {
  decodeTkmsShares,
  encodeTkmsShares,
  layoutOf,
  reconstructUserDecryption,
  userDecryptionShares,
} from './user-decryption.ts';

const params = PARAMS_TEST_BK_SNS;
const VALUES: [number, bigint][] = [
  [1, 1n],
  [8, 173n],
  [32, 0xdeadbeefn],
  [64, (1n << 64n) - 59n],
  [128, (1n << 127n) + 0xabcdefn],
  [256, (0xfedcba9876543210n << 190n) + 777n],
];

describe('user-decryption shares (GR(2^128, 4), 4 blocks per element)', () => {
  let keys: ReturnType<typeof dealtKeys>;
  let plans: DecryptionPlan[];

  beforeAll(() => {
    keys = dealtKeys(params, 4, 1);
    const source = testSource(21);
    const squash = keys.secret.noiseSquashingKey!.data;
    plans = VALUES.map(([bits, value]) => {
      if (bits === 1) {
        const ct = encryptSquashedBool(value === 1n, keys.secret, source);
        expect(decryptSquashedNoiseFheBool(ct, squash)).toBe(true);
        return planDecryption(parseCiphertext(writeObject('SquashedNoiseFheBool', ct)), params);
      }
      const ct = encryptSquashedUint(value, bits, keys.secret, source);
      expect(decryptSquashedNoiseFheUint(ct, squash)).toBe(value);
      return planDecryption(parseCiphertext(writeObject('SquashedNoiseFheUint', ct)), params);
    });
  });

  function sharesOfAll(n: number, keyShares: typeof keys.shares, tag: string) {
    const t = Math.floor((n - 1) / 3);
    const { sessions, prss } = testParties(n, t, { tag });
    const all = sessions.map((session, i) => userDecryptionShares(session, prss[i], keyShares[i], plans));
    for (const session of sessions) expect(session.round).toBe(0); // no communication
    return all;
  }

  it('packs 4 blocks per element and our client reconstructs every value from n and from n − t shares', () => {
    const all = sharesOfAll(4, keys.shares, 'ours');
    VALUES.forEach(([bits, value], c) => {
      const share = all[0][c];
      expect(share.packingFactor).toBe(bits === 1 ? 1 : 2);
      expect(galoisRing(128, 4).count(share.packed)).toBe(Math.ceil(plans[c].count / 4));
      const layout = layoutOf(share.layout.fheType, share.packingFactor);
      expect(layout).toEqual(share.layout);
      const byParty = all.map((s) => decodeTkmsShares(encodeTkmsShares(s[c].packed)));
      expect(reconstructUserDecryption(layout, byParty, 1).plaintext.value).toBe(value);
      expect(
        reconstructUserDecryption(layout, [byParty[0], undefined, byParty[2], byParty[3]], 1).plaintext.value,
      ).toBe(value);
    });
  });

  it('our client corrects and names a lying party, and refuses fewer than n − t shares', () => {
    const all = sharesOfAll(4, keys.shares, 'liar');
    const R = galoisRing(128, 4);
    const c = 3; // Uint64
    const byParty = all.map((s) => s[c].packed);
    byParty[1] = lieAbout(R, byParty[1], 2, { kind: 'plane', plane: 123 });
    const result = reconstructUserDecryption(all[0][c].layout, byParty, 1);
    expect(result.plaintext.value).toBe(VALUES[c][1]);
    expect(result.liars).toEqual([2]);
    expect(() =>
      reconstructUserDecryption(all[0][c].layout, [byParty[0], undefined, undefined, byParty[3]], 1),
    ).toThrow(ProtocolInputError);
  });

  it('a single share reveals nothing about the value: shares of the same value differ across sessions', () => {
    const a = sharesOfAll(4, keys.shares, 'a')[0][3].packed;
    const b = sharesOfAll(4, keys.shares, 'b')[0][3].packed;
    expect(galoisRing(128, 4).equals(a, b)).toBe(false);
  });

  it('node-tkms 0.12.8 reconstructs the same plaintexts from our shares (all, n − t, one corrupted)', () => {
    const all = sharesOfAll(4, keys.shares, 'tkms');
    const expected = VALUES.map(([, v]) => v);
    expect(tkmsReconstruct(4, 1, all)).toEqual(expected);
    expect(tkmsReconstruct(4, 1, [all[0], all[1], undefined, all[3]])).toEqual(expected);
    expect(tkmsReconstruct(4, 1, all, 3)).toEqual(expected);
  });

  it('n = 7, t = 2: node-tkms and our client agree', () => {
    const keys7 = dealtKeys(params, 7, 2);
    const source = testSource(22);
    const ct = encryptSquashedUint(0x0123456789abcdefn, 64, keys7.secret, source);
    const plan = planDecryption({ kind: 'SquashedNoiseFheUint', ciphertext: ct }, params);
    const { sessions, prss } = testParties(7, 2, { tag: 'n7' });
    const all = sessions.map((session, i) => userDecryptionShares(session, prss[i], keys7.shares[i], [plan]));
    expect(tkmsReconstruct(7, 2, all)).toEqual([0x0123456789abcdefn]);
    const ours = reconstructUserDecryption(
      all[0][0].layout,
      all.map((s, i) => (i === 6 ? undefined : s[0].packed)),
      2,
    );
    expect(ours.plaintext.value).toBe(0x0123456789abcdefn);
  });

  it('refuses 64-bit ciphertexts (their noise cannot be flooded)', () => {
    const { sessions, prss } = testParties(4, 1, { tag: 'refuse' });
    const plan64 = { ...plans[1], modulusBits: 64 as const };
    expect(() => userDecryptionShares(sessions[0], prss[0], keys.shares[0], [plan64])).toThrow(/128-bit/);
  });
});
