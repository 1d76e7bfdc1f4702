import { createRequire } from 'node:module';
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
import {
  decodeTkmsShares,
  encodeTkmsShares,
  layoutOf,
  reconstructUserDecryption,
  type UserDecryptionShare,
  userDecryptionShares,
} from './user-decryption.ts';

const K = createRequire(import.meta.url)('node-tkms');
const params = PARAMS_TEST_BK_SNS;
const VALUES: [number, bigint][] = [
  [1, 1n],
  [8, 173n],
  [32, 0xdeadbeefn],
  [64, (1n << 64n) - 59n],
  [128, (1n << 127n) + 0xabcdefn],
  [256, (0xfedcba9876543210n << 190n) + 777n],
];

// ---- node-tkms response payloads (bincode 1 fixint LE), built as tfhe-interop §13.3–13.4 describes, verify = false
const u32 = (v: number) => Buffer.from(new Uint32Array([v]).buffer);
const i32 = (v: number) => Buffer.from(new Int32Array([v]).buffer);
const u64 = (v: number) => Buffer.from(new BigUint64Array([BigInt(v)]).buffer);
const bytes = (b: Uint8Array) => Buffer.concat([u64(b.length), Buffer.from(b)]);

function tkmsResponse(
  party: number,
  t: number,
  shares: UserDecryptionShare[],
  pk: unknown,
  corrupt?: (b: Uint8Array) => Uint8Array,
) {
  const cts = shares.map((share) => {
    let shareBytes = encodeTkmsShares(share.packed);
    if (corrupt) shareBytes = corrupt(shareBytes);
    const typedPlaintext = Buffer.concat([bytes(shareBytes), i32(share.fheTypeId)]);
    const payload = Buffer.concat([typedPlaintext, bytes(new Uint8Array(32))]); // SigncryptionPayload { plaintext, link }
    const envelope = Buffer.concat([payload, Buffer.alloc(64), Buffer.alloc(32)]); // msg ‖ sig ‖ H(verification key)
    const cipher = Buffer.from(K.ml_kem_pke_encrypt(envelope, pk));
    return Buffer.concat([
      i32(share.fheTypeId),
      bytes(cipher),
      bytes(new Uint8Array(32)),
      u32(share.packingFactor),
    ]);
  });
  const payload = Buffer.concat([
    bytes(new Uint8Array(33)),
    bytes(new Uint8Array(32)),
    u64(cts.length),
    ...cts,
    u32(party),
    u32(t),
  ]);
  return { signature: '', payload: payload.toString('hex'), extra_data: '' };
}

function tkmsReconstruct(
  n: number,
  t: number,
  byParty: (UserDecryptionShare[] | undefined)[],
  corruptParty?: number,
) {
  const sk = K.ml_kem_pke_keygen();
  const pk = K.ml_kem_pke_get_pk(sk);
  const servers = Array.from({ length: n }, (_, i) =>
    K.new_server_id_addr(i + 1, `0x${String(i + 1).padStart(40, '0')}`),
  );
  const client = K.new_client(servers, '0x17853A630aAe15AED549B2B874de08B73C0F59c5', 'default');
  const responses = byParty.flatMap((shares, i) =>
    shares
      ? [
          tkmsResponse(
            i + 1,
            t,
            shares,
            pk,
            i + 1 === corruptParty ? (b) => b.map((x, k) => (k >= 8 ? x ^ 0x5a : x)) : undefined,
          ),
        ]
      : [],
  );
  const out = K.process_user_decryption_resp_from_js(client, null, null, responses, pk, sk, false) as {
    bytes: Uint8Array;
  }[];
  return out.map((p) => BigInt(`0x${Buffer.from(p.bytes).toString('hex') || '0'}`));
}

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
