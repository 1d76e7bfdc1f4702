import { describe, expect, it } from 'vitest';
import type { NetError } from './errors.ts';
import { Inbox, TEST_INBOX_LIMITS } from './inbox.ts';
import { InMemoryNetwork } from './memory-transport.ts';
import { deriveSessionId } from './session-id.ts';
import { MISSING } from './transport.ts';
import { describeTransportConformance } from './transport-conformance.test-util.ts';

const sid = deriveSessionId('request-1', 'test');
const other = deriveSessionId('request-2', 'test');
const bytes = (...values: number[]) => Uint8Array.from(values);

describe('InMemoryNetwork', () => {
  it('delivers a message sent before the receive (buffered) and after it (waiting)', async () => {
    const net = new InMemoryNetwork(3);
    net.transport(1).send(sid, 1, 2, bytes(7));
    expect(await net.transport(2).receive(sid, 1, 1, 1000)).toEqual(bytes(7));
    const pending = net.transport(3).receive(sid, 1, 2, 1000);
    net.transport(2).send(sid, 1, 3, bytes(8));
    expect(await pending).toEqual(bytes(8));
  });

  it('keeps sessions, rounds and senders apart', async () => {
    const net = new InMemoryNetwork(3);
    net.transport(1).send(sid, 1, 3, bytes(1));
    net.transport(2).send(sid, 1, 3, bytes(2));
    net.transport(1).send(sid, 2, 3, bytes(3));
    net.transport(1).send(other, 1, 3, bytes(4));
    const t3 = net.transport(3);
    expect(await t3.receive(other, 1, 1, 10)).toEqual(bytes(4));
    expect(await t3.receive(sid, 2, 1, 10)).toEqual(bytes(3));
    expect(await t3.receive(sid, 1, 2, 10)).toEqual(bytes(2));
    expect(await t3.receive(sid, 1, 1, 10)).toEqual(bytes(1));
  });

  it('resolves to MISSING after the timeout when the sender is silent, without blocking others', async () => {
    const net = new InMemoryNetwork(3);
    const started = performance.now();
    const silent = net.transport(1).receive(sid, 1, 2, 60);
    const fromThree = net.transport(1).receive(sid, 1, 3, 60);
    net.transport(3).send(sid, 1, 1, bytes(5));
    expect(await fromThree).toEqual(bytes(5));
    expect(await silent).toBe(MISSING);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(55);
    expect(elapsed).toBeLessThan(1000);
    expect(net.inbox(1).stats.timedOut).toBe(1);
  });

  it('drops a late message for a timed-out receive, and duplicates (first message wins)', async () => {
    const drops: NetError[] = [];
    const net = new InMemoryNetwork(2, { onDrop: (_, reason) => drops.push(reason) });
    expect(await net.transport(1).receive(sid, 1, 2, 0)).toBe(MISSING);
    net.transport(2).send(sid, 1, 1, bytes(1));
    net.transport(2).send(sid, 2, 1, bytes(2));
    net.transport(2).send(sid, 2, 1, bytes(3));
    expect(await net.transport(1).receive(sid, 2, 2, 10)).toEqual(bytes(2));
    expect(drops.map((d) => d.kind)).toEqual(['InvalidMessage', 'InvalidMessage']);
    expect(drops[0].parties).toEqual([2]);
  });

  it('drops messages for closed sessions and resolves pending receives to MISSING', async () => {
    const drops: NetError[] = [];
    const net = new InMemoryNetwork(2, { onDrop: (_, reason) => drops.push(reason) });
    const pending = net.transport(1).receive(sid, 1, 2, 10_000);
    net.transport(2).send(sid, 5, 1, bytes(9));
    net.transport(1).closeSession(sid);
    expect(await pending).toBe(MISSING);
    net.transport(2).send(sid, 6, 1, bytes(9));
    expect(drops.map((d) => d.kind)).toEqual(['SessionClosed']);
    expect(await net.transport(1).receive(sid, 5, 2, 10_000)).toBe(MISSING);
    expect(net.inbox(1).openSessions).toBe(0);
  });

  it('bounds the unread buffer per session and reports the overflow', async () => {
    const drops: NetError[] = [];
    const limits = {
      maxBufferedMessagesPerSession: 3,
      maxBufferedBytesPerSession: 10,
      maxPendingSessionsPerSender: 2,
      maxClosedSessionsRemembered: 10,
    };
    const net = new InMemoryNetwork(2, { limits, onDrop: (_, reason) => drops.push(reason) });
    const t2 = net.transport(2);
    for (let round = 1; round <= 4; round++) t2.send(sid, round, 1, bytes(round));
    expect(drops.map((d) => d.kind)).toEqual(['BufferOverflow']);
    t2.send(other, 1, 1, new Uint8Array(11));
    expect(drops.length).toBe(2);
    t2.send(deriveSessionId('request-3', 'test'), 1, 1, bytes(1));
    expect(drops.at(-1)?.message).toMatch(/too many sessions/);
    // reading frees room
    expect(await net.transport(1).receive(sid, 1, 2, 0)).toEqual(bytes(1));
    t2.send(sid, 5, 1, bytes(5));
    expect(await net.transport(1).receive(sid, 5, 2, 0)).toEqual(bytes(5));
    expect(await net.transport(1).receive(sid, 4, 2, 0)).toBe(MISSING);
  });

  it('keeps one sender from filling a session buffer that other senders need', async () => {
    const drops: NetError[] = [];
    const limits = {
      maxBufferedMessagesPerSession: 100,
      maxBufferedBytesPerSession: 1000,
      maxPendingSessionsPerSender: 2,
      maxClosedSessionsRemembered: 10,
      maxBufferedMessagesPerSender: 2,
      maxBufferedBytesPerSender: 100,
    };
    const net = new InMemoryNetwork(3, { limits, onDrop: (_, reason) => drops.push(reason) });
    for (let round = 1; round <= 5; round++) net.transport(2).send(sid, round, 1, bytes(round));
    net.transport(2).send(other, 1, 1, new Uint8Array(101));
    expect(drops.map((d) => d.parties[0])).toEqual([2, 2, 2, 2]);
    net.transport(3).send(sid, 1, 1, bytes(3));
    net.transport(3).send(sid, 2, 1, bytes(4));
    expect(drops).toHaveLength(4);
    expect(await net.transport(1).receive(sid, 2, 3, 0)).toEqual(bytes(4));
  });

  it('drops messages for rounds far behind the session, and forgets old receipts', async () => {
    const drops: NetError[] = [];
    const limits = { ...TEST_INBOX_LIMITS, maxRoundLag: 4 };
    const net = new InMemoryNetwork(2, { limits, onDrop: (_, reason) => drops.push(reason) });
    const [t1, t2] = [net.transport(1), net.transport(2)];
    for (let round = 1; round <= 100; round++) {
      t2.send(sid, round, 1, bytes(round));
      expect(await t1.receive(sid, round, 2, 0)).toEqual(bytes(round));
    }
    t2.send(sid, 95, 1, bytes(1)); // duplicate within the window
    t2.send(sid, 3, 1, bytes(1)); // far behind
    expect(drops.map((d) => d.message.includes('duplicate or late'))).toEqual([true, true]);
    expect(net.inbox(1).openSessions).toBe(1);
  });

  it('refuses deliveries from a party index outside 1..n (a network transport bug or a forged header)', () => {
    const drops: NetError[] = [];
    const inbox = new Inbox(3, TEST_INBOX_LIMITS, (reason) => drops.push(reason));
    expect(inbox.deliver(sid, 1, 4, bytes(1))).toBe(false);
    expect(inbox.deliver(sid, 1, 0, bytes(1))).toBe(false);
    expect(inbox.deliver(sid, -1, 2, bytes(1))).toBe(false);
    expect(inbox.deliver(sid, 1, 2, bytes(1))).toBe(true);
    expect(drops.map((d) => d.kind)).toEqual(['InvalidMessage', 'InvalidMessage', 'InvalidMessage']);
  });

  it('attributes a message only to the transport that sent it', async () => {
    const net = new InMemoryNetwork(3);
    net.transport(2).send(sid, 1, 1, bytes(2));
    expect(await net.transport(1).receive(sid, 1, 3, 0)).toBe(MISSING);
    expect(await net.transport(1).receive(sid, 1, 2, 0)).toEqual(bytes(2));
  });

  it('validates arguments', () => {
    const t1 = new InMemoryNetwork(3).transport(1);
    expect(() => t1.send(sid, 1, 1, bytes(1))).toThrow(/another party/);
    expect(() => t1.send(sid, 1, 4, bytes(1))).toThrow(/to: expected an integer in \[1, 3\]/);
    expect(() => t1.send(sid, -1, 2, bytes(1))).toThrow(/round/);
    expect(() => t1.send(new Uint8Array(5), 1, 2, bytes(1))).toThrow(/16 or 32 bytes/);
    expect(() => t1.send(sid, 1, 2, [1] as unknown as Uint8Array)).toThrow(/payload/);
    expect(() => t1.receive(sid, 1, 2, -5)).toThrow(/timeoutMs/);
  });

  describe('faults', () => {
    it('drops, corrupts, replaces and equivocates per sender, recipient and round', async () => {
      const net = new InMemoryNetwork(4);
      net.addFault({ from: 1, to: 2, round: 1, action: { kind: 'drop' } });
      net.addFault({ from: 1, to: 3, action: { kind: 'corrupt' } });
      net.addFault({ from: 1, to: 4, round: (r) => r >= 2, action: { kind: 'replace', payload: bytes(0) } });
      net.transport(1).sendToAll(sid, 1, bytes(1, 2));
      net.transport(1).sendToAll(sid, 2, bytes(3));
      expect(await net.transport(2).receive(sid, 1, 1, 0)).toBe(MISSING);
      expect(await net.transport(2).receive(sid, 2, 1, 0)).toEqual(bytes(3));
      expect(await net.transport(3).receive(sid, 1, 1, 0)).toEqual(bytes(0xfe, 2));
      expect(await net.transport(4).receive(sid, 1, 1, 0)).toEqual(bytes(1, 2));
      expect(await net.transport(4).receive(sid, 2, 1, 0)).toEqual(bytes(0));

      const eq = new InMemoryNetwork(4);
      eq.addFault({
        from: 2,
        action: { kind: 'equivocate', payloadFor: (to) => (to === 4 ? undefined : bytes(to)) },
      });
      eq.transport(2).sendToAll(sid, 1, bytes(42));
      expect(await eq.transport(1).receive(sid, 1, 2, 0)).toEqual(bytes(1));
      expect(await eq.transport(3).receive(sid, 1, 2, 0)).toEqual(bytes(3));
      expect(await eq.transport(4).receive(sid, 1, 2, 0)).toBe(MISSING);
    });

    it('delays a message; a delay beyond the timeout makes it missing', async () => {
      const net = new InMemoryNetwork(2);
      const remove = net.addFault({ from: 2, action: { kind: 'delay', ms: 30 } });
      net.transport(2).send(sid, 1, 1, bytes(1));
      expect(await net.transport(1).receive(sid, 1, 2, 0)).toBe(MISSING);
      net.transport(2).send(sid, 2, 1, bytes(2));
      expect(await net.transport(1).receive(sid, 2, 2, 500)).toEqual(bytes(2));
      remove();
      net.transport(2).send(sid, 3, 1, bytes(3));
      expect(await net.transport(1).receive(sid, 3, 2, 0)).toEqual(bytes(3));
    });

    it('silences a party and filters by session', async () => {
      const net = new InMemoryNetwork(3);
      net.addFault({ sessionId: other, action: { kind: 'drop' } });
      const unsilence = net.silence(2);
      net.transport(2).send(sid, 1, 1, bytes(1));
      net.transport(3).send(other, 1, 1, bytes(1));
      net.transport(3).send(sid, 1, 1, bytes(3));
      expect(await net.transport(1).receive(sid, 1, 2, 0)).toBe(MISSING);
      expect(await net.transport(1).receive(other, 1, 3, 0)).toBe(MISSING);
      expect(await net.transport(1).receive(sid, 1, 3, 0)).toEqual(bytes(3));
      unsilence();
      net.clearFaults();
      net.transport(2).send(sid, 2, 1, bytes(4));
      expect(await net.transport(1).receive(sid, 2, 2, 0)).toEqual(bytes(4));
    });
  });
});

describeTransportConformance('in-memory', async (n) => {
  const net = new InMemoryNetwork(n);
  return { transports: Array.from({ length: n }, (_, i) => net.transport(i + 1)), dispose: async () => {} };
});
