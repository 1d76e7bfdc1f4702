// openShares over the in-memory network: the round ends once the shares at hand fix the honest polynomial, so
// a silent party costs no timeout (the sessions wait 60 s for a peer), and a set holding a lie is not accepted.
import { describe, expect, it } from 'vitest';
import { shareSecrets } from '../sharing/shamir.ts';
import { lieAbout } from '../sharing/shares.malicious.ts';
import { bytesOf, wordsOf } from './channel.ts';
import { testParties } from './network.test-util.ts';
import { openShares } from './open.ts';

const LIMIT = { timeout: 20_000 };

describe('openShares', () => {
  it('n = 4, t = 1, one silent party: opens without waiting for it, in one round', LIMIT, async () => {
    const { ring, network, contexts, sessions } = testParties(64, 4, 1, 4, { timeoutMs: 60_000 });
    network.silence(3);
    const secrets = ring.randomVector(16);
    const shares = shareSecrets(ring, secrets, 1, 4);
    const opened = await Promise.all([1, 2, 4].map((p) => openShares(contexts[p - 1], shares[p - 1])));
    for (const values of opened) expect(values).toEqual(secrets);
    for (const p of [1, 2, 4]) {
      expect(contexts[p - 1].suspects.size).toBe(0);
      expect(sessions[p - 1].round).toBe(1);
    }
    for (const s of sessions) s.close();
  });

  it('n = 7, t = 2, two silent parties: opens without waiting', LIMIT, async () => {
    const { ring, network, contexts, sessions } = testParties(128, 7, 2, 4, { timeoutMs: 60_000 });
    network.silence(2);
    network.silence(5);
    const secrets = ring.randomVector(4);
    const shares = shareSecrets(ring, secrets, 2, 7);
    const opened = await Promise.all([1, 3, 4, 6, 7].map((p) => openShares(contexts[p - 1], shares[p - 1])));
    for (const values of opened) expect(values).toEqual(secrets);
    for (const s of sessions) s.close();
  });

  it(
    'a liar and a slow honest party (300 ms): waits for the slow one and corrects the lie',
    LIMIT,
    async () => {
      const { ring, network, contexts, sessions } = testParties(64, 4, 1, 4, { timeoutMs: 60_000 });
      network.addFault({
        from: 2,
        action: {
          kind: 'corrupt',
          mutate: (payload) =>
            bytesOf(lieAbout(ring, wordsOf(payload, payload.length / 8)!, 2, { kind: 'plane', plane: 50 })),
        },
      });
      network.addFault({ from: 4, action: { kind: 'delay', ms: 300 } });
      const secrets = ring.randomVector(16);
      const shares = shareSecrets(ring, secrets, 1, 4);
      const opened = await Promise.all([1, 2, 3, 4].map((p) => openShares(contexts[p - 1], shares[p - 1])));
      for (const p of [1, 3, 4]) {
        expect(opened[p - 1]).toEqual(secrets);
        expect([...contexts[p - 1].suspects]).toEqual([2]);
      }
      for (const s of sessions) s.close();
    },
  );
});
