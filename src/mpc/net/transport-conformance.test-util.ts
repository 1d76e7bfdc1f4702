// The Transport contract as a reusable vitest suite: every implementation (in-memory, gRPC + mTLS) runs it.
// Timings are generous so that a real network on a loaded machine passes; nothing here relies on in-process
// delivery.
import { afterEach, describe, expect, it } from 'vitest';
import { broadcastFromAll } from './broadcast.ts';
import { Session } from './session.ts';
import { deriveSessionId } from './session-id.ts';
import { MISSING, type Transport } from './transport.ts';

/** n connected endpoints; `dispose` releases them (servers, sockets). */
export interface TransportCluster {
  readonly transports: readonly Transport[];
  dispose(): Promise<void>;
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers the conformance tests for a transport implementation.
 * @example describeTransportConformance('gRPC', async (n) => ({ transports: await startAll(n), dispose }))
 */
export function describeTransportConformance(
  name: string,
  makeCluster: (numParties: number) => Promise<TransportCluster>,
  options: { receiveTimeoutMs?: number } = {},
): void {
  const wait = options.receiveTimeoutMs ?? 3_000;
  describe(`Transport conformance: ${name}`, () => {
    const clusters: TransportCluster[] = [];
    afterEach(async () => {
      await Promise.all(clusters.splice(0).map((c) => c.dispose()));
    });
    const cluster = async (n: number): Promise<Transport[]> => {
      const c = await makeCluster(n);
      clusters.push(c);
      expect(c.transports.map((t) => [t.partyIndex, t.numParties])).toEqual(
        Array.from({ length: n }, (_, i) => [i + 1, n]),
      );
      return [...c.transports];
    };
    const sid = deriveSessionId('conformance', 'transport');
    const other = deriveSessionId('conformance', 'transport/other');

    it('delivers point-to-point and to all, attributed to the sender, whichever comes first', async () => {
      const [t1, t2, t3] = await cluster(3);
      const early = t2.receive(sid, 1, 1, wait);
      t1.send(sid, 1, 2, bytes(12));
      t3.sendToAll(sid, 1, bytes(3, 3));
      expect(await early).toEqual(bytes(12));
      await pause(20);
      expect(await t1.receive(sid, 1, 3, wait)).toEqual(bytes(3, 3));
      expect(await t2.receive(sid, 1, 3, wait)).toEqual(bytes(3, 3));
      expect(await t3.receive(sid, 1, 1, 50)).toBe(MISSING);
    });

    it('keeps sessions and rounds apart and carries empty and large payloads intact', async () => {
      const [t1, t2] = await cluster(2);
      const large = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) & 0xff);
      t1.send(sid, 2, 2, large);
      t1.send(sid, 1, 2, new Uint8Array(0));
      t1.send(other, 1, 2, bytes(9));
      expect(await t2.receive(other, 1, 1, wait)).toEqual(bytes(9));
      expect(await t2.receive(sid, 1, 1, wait)).toEqual(new Uint8Array(0));
      const received = await t2.receive(sid, 2, 1, wait);
      expect(received).not.toBe(MISSING);
      expect(Buffer.from(received as Uint8Array).equals(Buffer.from(large))).toBe(true);
    });

    it('keeps the first message of a (session, round, sender) and drops the rest', async () => {
      const [t1, t2] = await cluster(2);
      t1.send(sid, 1, 2, bytes(1));
      t1.send(sid, 1, 2, bytes(2));
      expect(await t2.receive(sid, 1, 1, wait)).toEqual(bytes(1));
      await pause(50);
      expect(await t2.receive(sid, 1, 1, 50)).toBe(MISSING);
    });

    it('resolves a receive from a silent party to MISSING after its timeout', async () => {
      const [t1] = await cluster(2);
      const started = performance.now();
      expect(await t1.receive(sid, 1, 2, 80)).toBe(MISSING);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(75);
      expect(elapsed).toBeLessThan(80 + 1_000);
    });

    it('drops messages of a closed session and releases its pending receives', async () => {
      const [t1, t2] = await cluster(2);
      const pending = t2.receive(sid, 1, 1, 60_000);
      t2.closeSession(sid);
      expect(await pending).toBe(MISSING);
      t1.send(sid, 2, 2, bytes(1));
      await pause(50);
      expect(await t2.receive(sid, 2, 1, 50)).toBe(MISSING);
    });

    it('runs sessions and a reliable broadcast from all parties', async () => {
      const transports = await cluster(4);
      const session = (t: Transport) => new Session(t, sid, { threshold: 1, timeoutMs: wait });
      const results = await Promise.all(
        transports.map((t) => broadcastFromAll(session(t), bytes(t.partyIndex))),
      );
      for (const result of results) {
        expect(result.values.slice(1)).toEqual([bytes(1), bytes(2), bytes(3), bytes(4)]);
        expect(result.failedSenders).toEqual([]);
      }
    });
  });
}
