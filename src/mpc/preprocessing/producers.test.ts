import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/galois-ring.ts';
import { InMemoryNetwork } from '../net/memory-transport.ts';
import { Session } from '../net/session.ts';
import { deriveSessionId } from '../net/session-id.ts';
import { bigElement, bigMul, openConsistent, signed } from '../prss/dealer.test-util.ts';
import { PrssState } from '../prss/prss.ts';
import { runPrssSetup } from '../prss/setup.ts';
import { decodeBatch, encodeBatch, type PreprocessingBatch } from './batch.ts';
import { generateBits } from './bits.ts';
import { preprocessingContext } from './context.ts';
import { testParties } from './network.test-util.ts';
import { produceBits, produceNoise, produceRandoms, produceTriples } from './producers.ts';
import { sessionChannel } from './session-channel.ts';
import { generateTriples } from './triples.ts';

async function collect(it: AsyncGenerator<PreprocessingBatch>): Promise<PreprocessingBatch[]> {
  const out: PreprocessingBatch[] = [];
  for await (const b of it) out.push(decodeBatch(encodeBatch(b)));
  return out;
}

describe('producers (n = 4, t = 1, all parties in one process)', () => {
  it('yield binary triple, random and bit batches with headers; contents open correctly', async () => {
    const { ring, contexts } = testParties(128, 4, 1, 3);
    const triples = await Promise.all(
      contexts.map((ctx) => collect(produceTriples(ctx, { total: 25, batchSize: 10 }))),
    );
    expect(triples[0].map((b) => b.count)).toEqual([10, 10, 5]);
    const last = triples.map((batches) => batches[2]);
    expect(last.map((b) => b.party)).toEqual([1, 2, 3, 4]);
    expect(last[0]).toMatchObject({ kind: 'triples', bits: 128, degree: 3, noiseBound: 0 });
    const part = (k: number) =>
      openConsistent(
        ring,
        last.map((b) => ring.slice(b.words, 5 * k, 5 * (k + 1))),
        1,
      );
    const [a, b, c] = [part(0), part(1), part(2)];
    for (let i = 0; i < 5; i++) {
      expect(bigElement(128, 3, c, i)).toEqual(
        bigMul(128, 3, bigElement(128, 3, a, i), bigElement(128, 3, b, i)),
      );
    }
    const randoms = await Promise.all(contexts.map((ctx) => collect(produceRandoms(ctx, { total: 7 }))));
    openConsistent(
      ring,
      randoms.map((r) => r[0].words),
      1,
    );
    const bits = await Promise.all(contexts.map((ctx) => collect(produceBits(ctx, { total: 12 }))));
    const opened = openConsistent(
      ring,
      bits.map((r) => r[0].words),
      1,
    );
    for (let i = 0; i < 12; i++) expect(bigElement(128, 3, opened, i)[0] <= 1n).toBe(true);
  });

  it('TUniform noise from MPC bits lies in [−2^b, 2^b] and passes a chi-square test', async () => {
    const { ring, contexts } = testParties(64, 4, 1, 3);
    const bound = 2;
    const total = 3000;
    const batches = await Promise.all(contexts.map((ctx) => collect(produceNoise(ctx, bound, { total }))));
    expect(batches[0][0]).toMatchObject({ kind: 'noise', noiseBound: bound, count: total });
    const opened = openConsistent(
      ring,
      batches.map((b) => b[0].words),
      1,
    );
    const histogram = new Array(9).fill(0);
    for (let i = 0; i < total; i++) {
      const [c0, c1, c2] = bigElement(64, 3, opened, i);
      expect([c1, c2]).toEqual([0n, 0n]);
      const e = Number(signed(64, c0));
      expect(Math.abs(e)).toBeLessThanOrEqual(4);
      histogram[e + 4]++;
    }
    let chi2 = 0;
    for (let e = -4; e <= 4; e++) {
      const expected = (Math.abs(e) === 4 ? 1 / 16 : 1 / 8) * total;
      chi2 += (histogram[e + 4] - expected) ** 2 / expected;
    }
    expect(chi2).toBeLessThan(31.8); // 8 degrees of freedom, p = 10^-4
  });

  it('checks its options', async () => {
    const { contexts } = testParties(64, 4, 1, 3);
    await expect(collect(produceRandoms(contexts[0], { total: -1 }))).rejects.toThrow(/total/);
    await expect(collect(produceRandoms(contexts[0], { total: 5, batchSize: 0 }))).rejects.toThrow(
      /batchSize/,
    );
  });
});

describe('end to end over one network', () => {
  it('PRSS setup protocol, then triples and bits from the agreed keys (n = 7, t = 2, GR(2^128, 3))', async () => {
    const n = 7;
    const t = 2;
    const network = new InMemoryNetwork(n);
    const setupSid = deriveSessionId('epoch-1', 'prss-setup');
    const setups = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        runPrssSetup(new Session(network.transport(i + 1), setupSid, { threshold: t, timeoutMs: 5_000 })),
      ),
    );
    const ring = galoisRing(128, 3);
    const sid = deriveSessionId('request-1', 'preprocessing');
    const ctxs = setups.map((setup, i) =>
      preprocessingContext(
        new PrssState(setup, ring, sid),
        sessionChannel(new Session(network.transport(i + 1), sid, { threshold: t, timeoutMs: 5_000 })),
      ),
    );
    const triples = await Promise.all(ctxs.map((ctx) => generateTriples(ctx, 16)));
    const [a, b, c] = (['a', 'b', 'c'] as const).map((k) =>
      openConsistent(
        ring,
        triples.map((x) => x[k]),
        t,
      ),
    );
    for (let i = 0; i < 16; i++) {
      expect(bigElement(128, 3, c, i)).toEqual(
        bigMul(128, 3, bigElement(128, 3, a, i), bigElement(128, 3, b, i)),
      );
    }
    const bits = openConsistent(ring, await Promise.all(ctxs.map((ctx) => generateBits(ctx, 16))), t);
    for (let i = 0; i < 16; i++) expect(bigElement(128, 3, bits, i)[0] <= 1n).toBe(true);
  });
});
