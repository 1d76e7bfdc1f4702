import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { NetError } from './errors.ts';
import { InMemoryNetwork } from './memory-transport.ts';
import { missingParties, requireAll, Session } from './session.ts';
import { childSessionId, deriveSessionId, sessionIdHex } from './session-id.ts';
import { MISSING } from './transport.ts';

const sid = deriveSessionId('request-1', 'session-test');

function sessions(net: InMemoryNetwork, timeoutMs = 1000, threshold = 1): Session[] {
  const out: Session[] = [];
  for (let p = 1; p <= net.numParties; p++)
    out.push(new Session(net.transport(p), sid, { threshold, timeoutMs }));
  return out;
}

describe('deriveSessionId', () => {
  it('is deterministic, 16 or 32 bytes, and separates requests and protocol tags', () => {
    const a = deriveSessionId('req', 'decrypt');
    expect(a.length).toBe(16);
    expect(sessionIdHex(a)).toBe(sessionIdHex(deriveSessionId(new TextEncoder().encode('req'), 'decrypt')));
    expect(sessionIdHex(a)).not.toBe(sessionIdHex(deriveSessionId('req', 'keygen')));
    expect(sessionIdHex(a)).not.toBe(sessionIdHex(deriveSessionId('req2', 'decrypt')));
    // length prefixes: ('ab','c') and ('a','bc') differ
    expect(sessionIdHex(deriveSessionId('ab', 'c'))).not.toBe(sessionIdHex(deriveSessionId('a', 'bc')));
    const long = deriveSessionId('req', 'decrypt', 32);
    expect(long.length).toBe(32);
    expect(sessionIdHex(long).startsWith(sessionIdHex(a))).toBe(true);
    expect(childSessionId(a, 'batch/1').length).toBe(16);
    expect(sessionIdHex(childSessionId(a, 'batch/1'))).not.toBe(sessionIdHex(childSessionId(a, 'batch/2')));
    expect(() => deriveSessionId('req', '')).toThrow(/protocolTag/);
  });

  it('is SHA-256(domain ‖ len ‖ requestId ‖ len ‖ tag) truncated', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    const le = (n: number) => Uint8Array.of(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);
    const requests: [string | Uint8Array, string][] = [
      ['0a'.repeat(32), 'noiseflood-mask'],
      ['r', 'public-decrypt'],
      ['é✓ request', 'tag/ü'],
      [Uint8Array.of(0, 255, 7), 'batch/3'],
    ];
    for (const [request, tag] of requests) {
      const requestBytes = typeof request === 'string' ? utf8(request) : request;
      const preimage = [
        utf8('tkms/mpc/session-id/v1'),
        le(requestBytes.length),
        requestBytes,
        le(utf8(tag).length),
        utf8(tag),
      ];
      const h = sha256.create();
      for (const part of preimage) h.update(part);
      const expected = h.digest();
      expect(sessionIdHex(deriveSessionId(request, tag))).toBe(sessionIdHex(expected.subarray(0, 16)));
      expect(sessionIdHex(deriveSessionId(request, tag, 32))).toBe(sessionIdHex(expected));
    }
  });
});

describe('Session.exchange', () => {
  it('exchanges the same payload and per-party payloads, counting rounds', async () => {
    const net = new InMemoryNetwork(4);
    const all = sessions(net);
    const round1 = await Promise.all(all.map((s) => s.exchange(Uint8Array.of(s.partyIndex))));
    for (const messages of round1) {
      expect(messages[0]).toBe(MISSING);
      expect(messages.slice(1).map((m) => (m as Uint8Array)[0])).toEqual([1, 2, 3, 4]);
    }
    const round2 = await Promise.all(
      all.map((s) => s.exchange((to) => Uint8Array.of(s.partyIndex * 10 + to))),
    );
    round2.forEach((messages, i) => {
      const me = i + 1;
      for (let from = 1; from <= 4; from++) expect((messages[from] as Uint8Array)[0]).toBe(from * 10 + me);
    });
    expect(all.map((s) => s.round)).toEqual([2, 2, 2, 2]);
    expect(all[0].messagesSent).toBe(6);
    expect(net.messagesSent).toBe(24);
  });

  it('does not wait for corrupt parties and reports silent ones as missing after the timeout', async () => {
    const net = new InMemoryNetwork(4);
    net.silence(4);
    const all = sessions(net, 50);
    all[0].markCorrupt(3);
    const started = performance.now();
    const results = await Promise.all(all.slice(0, 3).map((s) => s.exchange(Uint8Array.of(s.partyIndex))));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results[0][3]).toBe(MISSING); // corrupt: ignored even though it sent
    expect(results[1][3]).toEqual(Uint8Array.of(3));
    expect(missingParties(results[1], [1, 2, 3, 4])).toEqual([4]);
    expect(() => requireAll(results[1], [1, 2, 3, 4])).toThrow(NetError);
    try {
      requireAll(results[1], [1, 2, 3, 4]);
    } catch (error) {
      expect((error as NetError).kind).toBe('Timeout');
      expect((error as NetError).parties).toEqual([4]);
    }
  });

  it('receives only from the parties asked for, and sends nothing when the payload is undefined', async () => {
    const net = new InMemoryNetwork(4);
    const all = sessions(net);
    const results = await Promise.all(
      all.map((s) => s.exchange(s.partyIndex === 2 ? Uint8Array.of(2) : undefined, { from: [2] })),
    );
    expect(results[0][2]).toEqual(Uint8Array.of(2));
    expect(results[0][3]).toBe(MISSING);
    expect(results[1][1]).toBe(MISSING);
    expect(net.messagesSent).toBe(3);
  });

  it('with participants: sends only to them, awaits only them (no timeout for the others), children inherit them', async () => {
    const net = new InMemoryNetwork(4);
    const participants = [1, 2, 4];
    const all = participants.map(
      (p) => new Session(net.transport(p), sid, { threshold: 1, timeoutMs: 60_000, participants }),
    );
    expect(all[0].participants).toEqual([1, 2, 4]);
    expect(all[0].isParticipant(3)).toBe(false);
    expect(all[0].honestParties()).toEqual([1, 2, 4]);
    const start = performance.now();
    const results = await Promise.all(all.map((s) => s.exchange(Uint8Array.of(s.partyIndex))));
    expect(performance.now() - start).toBeLessThan(5_000);
    for (const [i, s] of all.entries()) {
      for (const p of participants) expect(results[i][p]).toEqual(Uint8Array.of(p));
      expect(results[i][3]).toBe(MISSING);
      expect(s.messagesSent).toBe(2);
    }
    expect(net.messagesSent).toBe(6);
    // Per-party payloads are not even asked for a non-participant.
    const asked: number[] = [];
    const children = all.map((s) => s.child('c'));
    await Promise.all(
      children.map((c) =>
        c.exchange((to) => {
          if (c.partyIndex === 1) asked.push(to);
          return Uint8Array.of(to);
        }),
      ),
    );
    expect(asked).toEqual([1, 2, 4]);
    expect(children[0].participants).toEqual([1, 2, 4]);
    expect(net.messagesSent).toBe(12);
    expect(() => new Session(net.transport(3), sid, { threshold: 1, timeoutMs: 10, participants })).toThrow(
      /must take part/,
    );
    expect(
      () => new Session(net.transport(1), sid, { threshold: 1, timeoutMs: 10, participants: [1, 5] }),
    ).toThrow(/participants/);
  });

  it('runs child sessions in parallel, each with its own rounds and a copy of the corrupt set', async () => {
    const net = new InMemoryNetwork(4);
    const all = sessions(net);
    for (const s of all.slice(0, 3)) s.markCorrupt(4);
    all[3].markCorrupt(1);
    const run = (s: Session, tag: string, rounds: number) => async () => {
      const child = s.child(tag);
      let last: unknown[] = [];
      for (let r = 0; r < rounds; r++) last = await child.exchange(new TextEncoder().encode(`${tag}${r}`));
      child.close();
      return { round: child.round, corrupt: [...child.corrupt], last };
    };
    const results = await Promise.all(all.slice(0, 3).flatMap((s) => [run(s, 'a', 2)(), run(s, 'b', 3)()]));
    for (let i = 0; i < results.length; i += 2) {
      expect(results[i].round).toBe(2);
      expect(results[i + 1].round).toBe(3);
      expect(results[i].corrupt).toEqual([4]);
      const other = ((i / 2 + 1) % 3) + 1;
      expect(new TextDecoder().decode(results[i].last[other] as Uint8Array)).toBe('a1');
      expect(new TextDecoder().decode(results[i + 1].last[other] as Uint8Array)).toBe('b2');
    }
    expect(all[0].round).toBe(0);
  });

  it('refuses bad options and use after close', async () => {
    const net = new InMemoryNetwork(4);
    expect(() => new Session(net.transport(1), sid, { threshold: 2, timeoutMs: 10 })).toThrow(/threshold/);
    const s = new Session(net.transport(1), sid, { threshold: 1, timeoutMs: 10, corrupt: [2] });
    expect(s.isCorrupt(2)).toBe(true);
    expect(s.honestParties()).toEqual([1, 3, 4]);
    expect(() => s.markCorrupt(1)).toThrow(/cannot mark itself/);
    s.close();
    await expect(s.exchange(Uint8Array.of(1))).rejects.toMatchObject({ kind: 'SessionClosed' });
  });
});
