// Openings end as soon as the shares at hand fix the honest polynomial: a silent party costs no timeout, while a
// set holding a lie is never accepted early. The sessions use a 60 s timeout, so a test that finishes within its
// 20 s limit did not wait for one.
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptFheUint } from '../../../fhe/math/encrypt.ts';
import { PARAMS_TEST_BK_SNS } from '../../../fhe/params/index.ts';
import { galoisRing } from '../../algebra/index.ts';
import { generateBits } from '../../preprocessing/bits.ts';
import { testParties as preprocessingParties } from '../../preprocessing/network.test-util.ts';
import { generateTriples } from '../../preprocessing/triples.ts';
import { shareSecrets } from '../../sharing/shamir.ts';
import { lieAbout } from '../../sharing/shares.malicious.ts';
import { bitDecCost, bitDecDecrypt } from './bit-dec.ts';
import { type DecryptionPlan, planDecryption } from './blocks.ts';
import { lyingParty } from './decryption.malicious.ts';
import { noiseFloodDecrypt } from './noise-flood.ts';
import { exchangeAndOpen, newFaultLog } from './open.ts';
import { PreprocessingPool } from './pool.ts';
import {
  atAllParties,
  dealtKeys,
  encryptSquashedUint,
  testParties,
  testSource,
} from './testing.test-util.ts';

const params = PARAMS_TEST_BK_SNS;
const LONG_TIMEOUT_MS = 60_000;
const LIMIT = { timeout: 20_000 };

async function filledPools(
  n: number,
  t: number,
  plans: readonly DecryptionPlan[],
): Promise<PreprocessingPool[]> {
  const cost = bitDecCost(plans);
  const { contexts } = preprocessingParties(64, n, t, 4);
  return Promise.all(
    contexts.map(async (ctx) => {
      const pool = new PreprocessingPool(galoisRing(64, 4));
      pool.addTriples(await generateTriples(ctx, cost.triples));
      pool.addBits(await generateBits(ctx, cost.bits));
      return pool;
    }),
  );
}

const honest = (n: number, faulty: readonly number[]) =>
  Array.from({ length: n }, (_, i) => i + 1).filter((p) => !faulty.includes(p));

describe('early openings in the decryption protocols', () => {
  const source = testSource(41);
  let keys4: ReturnType<typeof dealtKeys>;
  let keys7: ReturnType<typeof dealtKeys>;
  const squashedValue = 0x1234_5678_9abc_def0_0fed_cba9_8765_4321n;
  const value = 0xbeefn;
  let squashed4: DecryptionPlan;
  let squashed7: DecryptionPlan;
  let plain4: DecryptionPlan;
  let plain7: DecryptionPlan;

  beforeAll(() => {
    keys4 = dealtKeys(params, 4, 1);
    keys7 = dealtKeys(params, 7, 2);
    const squashedOf = (keys: ReturnType<typeof dealtKeys>) =>
      planDecryption(
        {
          kind: 'SquashedNoiseFheUint',
          ciphertext: encryptSquashedUint(squashedValue, 128, keys.secret, source),
        },
        params,
      );
    const plainOf = (keys: ReturnType<typeof dealtKeys>) =>
      planDecryption(
        {
          kind: 'FheUint',
          ciphertext: encryptFheUint(value, 16, keys.secret.glweKey.data, params.compute, source),
        },
        params,
      );
    squashed4 = squashedOf(keys4);
    squashed7 = squashedOf(keys7);
    plain4 = plainOf(keys4);
    plain7 = plainOf(keys7);
  });

  it('NoiseFlood, n = 4, one silent party: one round, no timeout, nobody blamed', LIMIT, async () => {
    const { sessions, prss, network } = testParties(4, 1, { timeoutMs: LONG_TIMEOUT_MS, tag: 'early-nf' });
    network.silence(2);
    const results = await Promise.all(
      honest(4, [2]).map((p) =>
        noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys4.shares[p - 1], [squashed4]),
      ),
    );
    for (const result of results) {
      expect(result.plaintexts[0][0].value).toBe(squashedValue);
      expect(result.rounds).toBe(1);
      expect(result.missing).toEqual([]);
      expect(result.liars).toEqual([]);
    }
    for (const s of sessions) s.close();
  });

  it('BitDec, n = 4, one silent party: same rounds as without faults, no timeout', LIMIT, async () => {
    const pools = await filledPools(4, 1, [plain4, plain4]);
    const reference = testParties(4, 1, { tag: 'early-bd-ref' });
    const [baseline] = await atAllParties(4, (p) =>
      bitDecDecrypt(reference.sessions[p - 1], pools[p - 1], keys4.shares[p - 1], [plain4]),
    );
    const { sessions, network } = testParties(4, 1, { timeoutMs: LONG_TIMEOUT_MS, tag: 'early-bd' });
    network.silence(2);
    const results = await Promise.all(
      honest(4, [2]).map((p) => bitDecDecrypt(sessions[p - 1], pools[p - 1], keys4.shares[p - 1], [plain4])),
    );
    expect(baseline.plaintexts[0][0].value).toBe(value);
    for (const result of results) {
      expect(result.plaintexts[0][0].value).toBe(value);
      expect(result.rounds).toBe(baseline.rounds);
      expect(result.missing).toEqual([]);
    }
    for (const s of [...sessions, ...reference.sessions]) s.close();
  });

  it(
    'NoiseFlood and BitDec, n = 4: a liar and a slow honest party (300 ms) — the lie is corrected, not accepted',
    LIMIT,
    async () => {
      const R128 = galoisRing(128, 4);
      const nf = testParties(4, 1, { timeoutMs: LONG_TIMEOUT_MS, tag: 'early-nf-lie' });
      lyingParty(nf.network, R128, 3, { kind: 'plane', plane: 124 });
      nf.network.addFault({ from: 4, action: { kind: 'delay', ms: 300 } });
      const nfResults = await atAllParties(4, (p) =>
        noiseFloodDecrypt(nf.sessions[p - 1], nf.prss[p - 1], keys4.shares[p - 1], [squashed4]),
      );
      for (const p of honest(4, [3])) {
        expect(nfResults[p - 1].plaintexts[0][0].value).toBe(squashedValue);
        expect(nfResults[p - 1].liars).toEqual([3]);
        expect(nfResults[p - 1].rounds).toBe(1);
      }

      const pools = await filledPools(4, 1, [plain4]);
      const bd = testParties(4, 1, { timeoutMs: LONG_TIMEOUT_MS, tag: 'early-bd-lie' });
      lyingParty(bd.network, galoisRing(64, 4), 3, { kind: 'plane', plane: 60 });
      bd.network.addFault({ from: 4, action: { kind: 'delay', ms: 300 } });
      const bdResults = await atAllParties(4, (p) =>
        bitDecDecrypt(bd.sessions[p - 1], pools[p - 1], keys4.shares[p - 1], [plain4]),
      );
      for (const p of honest(4, [3])) {
        expect(bdResults[p - 1].plaintexts[0][0].value).toBe(value);
        expect(bdResults[p - 1].liars).toEqual([3]);
      }
      for (const s of [...nf.sessions, ...bd.sessions]) s.close();
    },
  );

  it('n = 7, t = 2, two silent parties: NoiseFlood and BitDec finish without a timeout', LIMIT, async () => {
    const silent = [3, 6];
    const nf = testParties(7, 2, { timeoutMs: LONG_TIMEOUT_MS, tag: 'early-nf-7' });
    for (const p of silent) nf.network.silence(p);
    const nfResults = await Promise.all(
      honest(7, silent).map((p) =>
        noiseFloodDecrypt(nf.sessions[p - 1], nf.prss[p - 1], keys7.shares[p - 1], [squashed7]),
      ),
    );
    for (const result of nfResults) {
      expect(result.plaintexts[0][0].value).toBe(squashedValue);
      expect(result.rounds).toBe(1);
      expect(result.missing).toEqual([]);
    }

    const pools = await filledPools(7, 2, [plain7]);
    const bd = testParties(7, 2, { timeoutMs: LONG_TIMEOUT_MS, tag: 'early-bd-7' });
    for (const p of silent) bd.network.silence(p);
    const bdResults = await Promise.all(
      honest(7, silent).map((p) =>
        bitDecDecrypt(bd.sessions[p - 1], pools[p - 1], keys7.shares[p - 1], [plain7]),
      ),
    );
    for (const result of bdResults) {
      expect(result.plaintexts[0][0].value).toBe(value);
      expect(result.rounds).toBe(8);
      expect(result.missing).toEqual([]);
    }
    for (const s of [...nf.sessions, ...bd.sessions]) s.close();
  });

  it(
    'n = 7, t = 2: colluding liars consistent with two honest parties are not taken for the honest polynomial',
    LIMIT,
    async () => {
      // Liars 6 and 7 report f + c·(X − x1)(X − x2): with parties 3, 4, 5 slow, party 1 first holds the 4 consistent
      // shares of 1, 2, 6, 7 — a wrong polynomial. Four are fewer than 2t + 1, five or six do not decode within
      // the bound, so the opening must wait for all seven and then correct both liars.
      const R = galoisRing(128, 4);
      const count = 5;
      const secrets = R.randomVector(count);
      const shares = shareSecrets(R, secrets, 2, 7);
      const { sessions, network } = testParties(7, 2, { timeoutMs: LONG_TIMEOUT_MS, tag: 'early-collude' });
      const seed = R.randomVector(count);
      for (const liar of [6, 7]) lyingParty(network, R, liar, { kind: 'collude', fooled: [1, 2], seed });
      for (const [p, ms] of [
        [3, 100],
        [4, 200],
        [5, 300],
      ]) {
        network.addFault({ from: p, to: 1, action: { kind: 'delay', ms } });
      }
      // The liars' polynomial really is consistent with parties 1 and 2 (otherwise the test would show nothing).
      const lie6 = lieAbout(R, shares[5], 6, { kind: 'collude', fooled: [1, 2], seed });
      expect(lie6).not.toEqual(shares[5]);
      const faults = [1, 2, 3, 4, 5, 6, 7].map(() => newFaultLog());
      const opened = await atAllParties(7, (p) =>
        exchangeAndOpen(sessions[p - 1], R, 2, shares[p - 1], faults[p - 1], 'test opening'),
      );
      for (const p of [1, 2, 3, 4, 5]) {
        expect(opened[p - 1]).toEqual(secrets);
        expect([...faults[p - 1].liars].sort()).toEqual([6, 7]);
        expect([...faults[p - 1].missing]).toEqual([]);
      }
      expect(sessions[0].round).toBe(1);
      for (const s of sessions) s.close();
    },
  );
});
