import { describe, expect, it } from 'vitest';
import type { NetError } from './errors.ts';
import { InMemoryNetwork } from './memory-transport.ts';
import { type RoundMessages, Session } from './session.ts';
import { deriveSessionId } from './session-id.ts';
import { MISSING } from './transport.ts';

const sid = deriveSessionId('request-early', 'session-test');

function sessions(net: InMemoryNetwork, timeoutMs: number, threshold = 1): Session[] {
  const out: Session[] = [];
  for (let p = 1; p <= net.numParties; p++)
    out.push(new Session(net.transport(p), sid, { threshold, timeoutMs }));
  return out;
}

function heard(messages: RoundMessages): number {
  let count = 0;
  for (let p = 1; p < messages.length; p++) if (messages[p] !== MISSING) count++;
  return count;
}

describe('Session.exchange with `enough`', () => {
  it('ends the round as soon as enough holds, without waiting for a silent party', async () => {
    const net = new InMemoryNetwork(4);
    net.silence(2);
    const all = sessions(net, 60_000);
    const seen: number[] = [];
    const started = performance.now();
    const results = await Promise.all(
      [1, 3, 4].map((p) =>
        all[p - 1].exchange(Uint8Array.of(p), {
          enough: (messages) => {
            if (p === 1) seen.push(heard(messages));
            return heard(messages) >= 3;
          },
        }),
      ),
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    for (const messages of results) {
      expect(messages[2]).toBe(MISSING);
      expect(heard(messages)).toBe(3);
    }
    expect(results[0][3]).toEqual(Uint8Array.of(3));
    // Called once before waiting (own entry only) and once for the burst of arrivals, not once per message.
    expect(seen).toEqual([1, 3]);
    expect(all[0].round).toBe(1);
  });

  it('without enough holding, waits for everyone (or the timeout) like a plain exchange', async () => {
    const net = new InMemoryNetwork(4);
    net.silence(4);
    const all = sessions(net, 100);
    const calls = [0, 0, 0];
    const started = performance.now();
    const results = await Promise.all(
      [1, 2, 3].map((p) =>
        all[p - 1].exchange(Uint8Array.of(p), {
          enough: () => {
            calls[p - 1]++;
            return false;
          },
        }),
      ),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    for (const messages of results) {
      expect(messages[4]).toBe(MISSING);
      expect(heard(messages)).toBe(3);
    }
    expect(Math.min(...calls)).toBeGreaterThanOrEqual(1);
  });

  it('drops late messages of a finished round: the next rounds are unaffected', async () => {
    const dropped: NetError[] = [];
    const net = new InMemoryNetwork(3, { onDrop: (_to, reason) => dropped.push(reason) });
    net.addFault({ from: 3, round: 1, action: { kind: 'delay', ms: 150 } });
    const all = sessions(net, 60_000);
    const round1 = await Promise.all(
      all.map((s) => s.exchange(Uint8Array.of(10 + s.partyIndex), { enough: (m) => heard(m) >= 2 })),
    );
    // Party 3's round-1 message is delayed: parties 1 and 2 finish on each other's.
    expect(round1[0][3]).toBe(MISSING);
    expect(round1[0][2]).toEqual(Uint8Array.of(12));
    // Round 2 runs while the delayed round-1 messages are still on the way, and again once they landed.
    const round2 = await Promise.all(all.map((s) => s.exchange(Uint8Array.of(20 + s.partyIndex))));
    for (const messages of round2)
      expect([1, 2, 3].map((p) => (messages[p] as Uint8Array)[0])).toEqual([21, 22, 23]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const round3 = await Promise.all(all.map((s) => s.exchange(Uint8Array.of(30 + s.partyIndex))));
    for (const messages of round3)
      expect([1, 2, 3].map((p) => (messages[p] as Uint8Array)[0])).toEqual([31, 32, 33]);
    expect(all.map((s) => s.round)).toEqual([3, 3, 3]);
    // The late messages went to the receives left open for round 1: delivered to nobody who reads them.
    expect(net.inbox(1).stats.delivered).toBe(6);
    expect(dropped).toEqual([]);
    // After close, a late message for the session is dropped by the inbox.
    all[0].close();
    net.transport(2).send(sid, 1, 1, Uint8Array.of(99));
    expect(dropped.map((e) => e.kind)).toEqual(['SessionClosed']);
    for (const s of all) s.close();
  });

  it('a late message after the abandoned receive timed out is dropped as late', async () => {
    const dropped: NetError[] = [];
    const net = new InMemoryNetwork(3, { onDrop: (_to, reason) => dropped.push(reason) });
    net.addFault({ from: 3, round: 1, action: { kind: 'delay', ms: 200 } });
    const all = sessions(net, 50);
    await Promise.all(
      all.map((s) => s.exchange(Uint8Array.of(s.partyIndex), { enough: (m) => heard(m) >= 2 })),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dropped.length).toBe(2); // party 3's round-1 message at parties 1 and 2
    expect(dropped.every((e) => e.kind === 'InvalidMessage' && e.parties?.[0] === 3)).toBe(true);
    const round2 = await Promise.all(all.map((s) => s.exchange(Uint8Array.of(40 + s.partyIndex))));
    expect((round2[0][3] as Uint8Array)[0]).toBe(43);
    for (const s of all) s.close();
  });

  it('rejects when enough throws, and the session goes on', async () => {
    const net = new InMemoryNetwork(3);
    net.addFault({ from: 3, round: 1, action: { kind: 'drop' } });
    const all = sessions(net, 60_000, 0);
    const failing = all[0].exchange(Uint8Array.of(1), {
      enough: (m) => {
        if (m[2] !== MISSING) throw new RangeError('bad share');
        return false;
      },
    });
    const others = all.slice(1).map((s) => s.exchange(Uint8Array.of(s.partyIndex), { from: [1] }));
    await expect(failing).rejects.toThrow(RangeError);
    await Promise.all(others);
    const next = await Promise.all(all.map((s) => s.exchange(Uint8Array.of(s.partyIndex))));
    expect(next[0][2]).toEqual(Uint8Array.of(2));
    expect(next[0][3]).toEqual(Uint8Array.of(3));
    expect(all[0].round).toBe(2);
  });
});
