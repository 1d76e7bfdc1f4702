import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/index.ts';
import { deriveSessionId, InMemoryNetwork, Session } from '../net/index.ts';
import { openRobust } from '../sharing/index.ts';
import { dealInsecureKeySet, receiveInsecureKeySet } from './insecure-keygen.ts';
import { dealKeyShares, decodeKeyShares, encodeKeyShares, type SecretKeyBits } from './key-shares.ts';

function randomBits(length: number): BigUint64Array {
  const out = new BigUint64Array(length);
  for (let i = 0; i < length; i++) out[i] = BigInt(Math.random() < 0.5 ? 1 : 0);
  return out;
}

const limits = { chunkBytes: 4096, maxTotalBytes: 1 << 24 };

async function run(n: number, t: number, secret: SecretKeyBits, publicObjects: Uint8Array[]) {
  const network = new InMemoryNetwork(n);
  const sid = deriveSessionId('cd'.repeat(32), 'insecure-keygen');
  const sessions = Array.from(
    { length: n },
    (_, i) => new Session(network.transport(i + 1), sid, { threshold: t, timeoutMs: 2_000 }),
  );
  const shares = dealKeyShares(secret, n, t, 4);
  const results = await Promise.allSettled(
    sessions.map((s, i) =>
      i === 0
        ? dealInsecureKeySet(s, { publicObjects, shares }, limits)
        : receiveInsecureKeySet(s, 1, limits),
    ),
  );
  return { results, sessions };
}

describe('insecure dealer key generation', () => {
  for (const [n, t] of [
    [4, 1],
    [7, 2],
  ]) {
    it(`gives each of ${n} parties a share that robustly opens to the dealer's key bits and the same public objects`, async () => {
      const secret: SecretKeyBits = { lweKey: randomBits(37), glweKey: randomBits(5000), compactKey: null };
      const publicObjects = [new Uint8Array(10_000).map((_, i) => i * 7), Uint8Array.of(1, 2, 3)];
      const { results, sessions } = await run(n, t, secret, publicObjects);
      const received = results.map((r) => {
        if (r.status !== 'fulfilled') throw r.reason;
        return r.value;
      });
      for (const r of received) expect(r.publicObjects).toEqual(publicObjects);
      // Every party ran the same number of rounds: header + ceil(bytes / chunk).
      expect(new Set(sessions.map((s) => s.round)).size).toBe(1);
      const R = galoisRing(128, 4);
      for (const name of ['lweKey', 'glweKey'] as const) {
        const shares = received.map((r) => decodeKeyShares(encodeKeyShares(r.share)).components[name]);
        // Lie in t shares: robust opening must still give back the key bits and name the liars.
        for (let p = 0; p < t; p++) shares[n - 1 - p]![3] ^= 1n;
        const { values, corruptParties } = openRobust(R, t, shares);
        const opened = R.constantCoefficients(values);
        const bits = secret[name]!;
        for (let i = 0; i < bits.length; i++) {
          expect(opened[2 * i]).toBe(bits[i]);
          expect(opened[2 * i + 1]).toBe(0n);
        }
        expect([...corruptParties].sort()).toEqual(Array.from({ length: t }, (_, p) => n - p).sort());
      }
      expect(received[2].share.components.compactKey).toBeUndefined();
    });
  }

  it('aborts naming the dealer when it goes silent', async () => {
    const network = new InMemoryNetwork(4);
    const sid = deriveSessionId('ef'.repeat(32), 'insecure-keygen');
    const session = new Session(network.transport(2), sid, { threshold: 1, timeoutMs: 100 });
    await expect(receiveInsecureKeySet(session, 1, limits)).rejects.toMatchObject({
      kind: 'ProtocolAbort',
      parties: [1],
    });
  });

  it('rejects a key share with a foreign party index or a malformed encoding', () => {
    const [share] = dealKeyShares({ lweKey: randomBits(8) }, 4, 1, 4);
    const bytes = encodeKeyShares(share);
    expect(() => decodeKeyShares(bytes.subarray(0, bytes.length - 1))).toThrow(/exceeds the input/);
    const extended = new Uint8Array(bytes.length + 1);
    extended.set(bytes);
    expect(() => decodeKeyShares(extended)).toThrow(/trailing/);
    expect(() => dealKeyShares({ lweKey: BigUint64Array.of(2n) }, 4, 1, 4)).toThrow(/key bit/);
  });
});
