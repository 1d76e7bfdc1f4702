import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/galois-ring.ts';
import { broadcastRoundCount } from '../net/broadcast.ts';
import { InMemoryNetwork } from '../net/memory-transport.ts';
import { Session } from '../net/session.ts';
import { deriveSessionId } from '../net/session-id.ts';
import { openConsistent } from './dealer.test-util.ts';
import { PrssError } from './errors.ts';
import { PrssState } from './prss.ts';
import { runPrssSetup } from './setup.ts';

function sessions(n: number, t: number, timeoutMs = 2_000) {
  const network = new InMemoryNetwork(n);
  const sid = deriveSessionId(`setup-${n}-${Math.random()}`, 'prss-setup');
  const list = Array.from(
    { length: n },
    (_, i) => new Session(network.transport(i + 1), sid, { threshold: t, timeoutMs }),
  );
  return { network, sid, sessions: list };
}

describe('runPrssSetup (abort variant)', () => {
  it.each([
    [4, 1, 3],
    [7, 2, 3],
    [10, 3, 4],
  ] as const)(
    'n = %i, t = %i: members agree on each subset key; PRSS on top opens consistently',
    async (n, t, d) => {
      const { sid, sessions: list } = sessions(n, t);
      const setups = await Promise.all(list.map((s) => runPrssSetup(s)));
      for (const s of list) expect(s.round).toBe(broadcastRoundCount(t) + 1);
      const keyOf = new Map<number, string>();
      for (const setup of setups) {
        expect(setup.keys.size).toBe(setup.subsets.filter((s) => s.members.includes(setup.party)).length);
        for (const [index, key] of setup.keys) {
          const hex = Buffer.from(key).toString('hex');
          expect(keyOf.get(index) ?? hex).toBe(hex);
          keyOf.set(index, hex);
        }
      }
      // distinct subsets get distinct keys
      expect(new Set(keyOf.values()).size).toBe(keyOf.size);
      const ring = galoisRing(64, d);
      const shares = setups.map((setup) => new PrssState(setup, ring, sid).nextRandom(8));
      openConsistent(ring, shares, t);
    },
  );

  it('aborts naming a party that opens a wrong contribution to one member', async () => {
    const { network, sessions: list } = sessions(4, 1);
    // the exchange round comes right after the broadcast; party 3 flips a byte of what it sends to party 1
    network.addFault({ from: 3, to: 1, round: broadcastRoundCount(1) + 1, action: { kind: 'corrupt' } });
    const results = await Promise.allSettled(list.map((s) => runPrssSetup(s)));
    const failure = results[0];
    expect(failure.status).toBe('rejected');
    const error = (failure as PromiseRejectedResult).reason as PrssError;
    expect(error).toBeInstanceOf(PrssError);
    expect(error.kind).toBe('ProtocolAbort');
    expect(error.parties).toEqual([3]);
  });

  it('refuses C(n, t) > 2047 before sending anything', async () => {
    const { network, sessions: list } = sessions(22, 7);
    await expect(runPrssSetup(list[0])).rejects.toThrow(/C\(22, 7\) = 170544/);
    expect(network.messagesSent).toBe(0);
  });

  it('aborts naming a silent party', async () => {
    const { network, sessions: list } = sessions(4, 1, 100);
    network.silence(2);
    const results = await Promise.allSettled(list.filter((_, i) => i !== 1).map((s) => runPrssSetup(s)));
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(((r as PromiseRejectedResult).reason as PrssError).parties).toEqual([2]);
    }
  });
});
