// Beaver triples in small (PRSS) sessions, after the reference KMS's small_execution/offline.rs:
//   x, y, v ← PRSS (degree t), z ← PRZS (degree 2t); every party broadcasts d_i = x_i·y_i + z_i + v_i, a share of
//   the degree-2t sharing of xy + v; everyone opens d (error detection, see consistency.ts) and sets c = d − v.
// Items whose d shares disagree are dropped and cheater identification runs on a few of them (check_d): every
// party broadcasts its raw PRF draws for those items, the value of each subset is fixed by majority among its
// members (n − t members, at most t corrupt), and each party's expected d share is recomputed and compared with
// what it broadcast. Liars are added to the corrupt set and their shares ignored from then on; the missing
// triples are made again. Every pass with cheating catches at least one new corrupt party, so at most t + 1
// passes run.
import type { GaloisRing } from '../algebra/galois-ring.ts';
import { PrssError } from '../prss/errors.ts';
import { bytesOf, wordsOf } from './channel.ts';
import { openWithDetection } from './consistency.ts';
import type { PreprocessingContext } from './context.ts';

/** How many dropped items a cheater check examines per pass (each is one PRF call per subset per draw). */
const CHECKED_ITEMS_PER_PASS = 8;

/** Shares of `count` triples: c = a·b; vectors in the algebra layout. */
export interface TripleShares {
  readonly a: BigUint64Array;
  readonly b: BigUint64Array;
  readonly c: BigUint64Array;
}

/**
 * Generates `count` triples (all of them, retrying without identified cheaters). Throws a ProtocolAbort
 * PrssError when more than t parties are corrupt or no progress is possible.
 * @example const { a, b, c } = await generateTriples(ctx, 10_000)
 */
export async function generateTriples(ctx: PreprocessingContext, count: number): Promise<TripleShares> {
  const ring = ctx.prss.ring;
  const out = { a: ring.alloc(count), b: ring.alloc(count), c: ring.alloc(count) };
  let done = 0;
  for (let pass = 0; done < count; pass++) {
    if (pass > ctx.prss.setup.t + 1)
      throw new PrssError('ProtocolAbort', 'triple generation made no progress');
    const batch = await tripleBatch(ctx, count - done);
    out.a.set(batch.a, done * ring.wordsPerElement);
    out.b.set(batch.b, done * ring.wordsPerElement);
    out.c.set(batch.c, done * ring.wordsPerElement);
    done += ring.count(batch.a);
  }
  return out;
}

/** One pass: up to `count` triples (fewer when some items were dropped because of cheating). */
async function tripleBatch(ctx: PreprocessingContext, count: number): Promise<TripleShares> {
  const { prss, channel, corrupt } = ctx;
  const ring = prss.ring;
  const { n, t } = prss.setup;
  const randomBase = prss.counters.random;
  const zeroBase = prss.counters.zero;
  const xyv = prss.nextRandom(3 * count);
  const x = ring.slice(xyv, 0, count);
  const y = ring.slice(xyv, count, 2 * count);
  const v = ring.slice(xyv, 2 * count, 3 * count);
  const d = prss.nextZero(count);
  ring.add(d, d, v);
  ring.mulAdd(d, x, y);

  const received = await channel.broadcastAll(bytesOf(d));
  const dShares = receivedShares(ring, received, count, corrupt, n);
  for (const p of corrupt) channel.markCorrupt(p);
  const opening = openWithDetection(ring, dShares, 2 * t);
  if (opening.badCount > 0) {
    const items: number[] = [];
    for (let i = 0; i < count && items.length < CHECKED_ITEMS_PER_PASS; i++)
      if (opening.bad[i]) items.push(i);
    const liars = await checkD(ctx, dShares, items, { randomBase, zeroBase, count });
    for (const p of liars) {
      corrupt.add(p);
      channel.markCorrupt(p);
    }
    if (liars.length === 0)
      throw new PrssError('ProtocolAbort', 'inconsistent d shares but no party was caught');
  }
  checkCorruptBound(corrupt, t);
  const kept = count - opening.badCount;
  const a = ring.alloc(kept);
  const b = ring.alloc(kept);
  const c = ring.alloc(kept);
  if (kept === count) {
    a.set(x);
    b.set(y);
    ring.sub(c, opening.values, v);
    return { a, b, c };
  }
  const w = ring.wordsPerElement;
  for (let i = 0, k = 0; i < count; i++) {
    if (opening.bad[i]) continue;
    a.set(x.subarray(i * w, (i + 1) * w), k * w);
    b.set(y.subarray(i * w, (i + 1) * w), k * w);
    ring.sub(ring.element(c, k), ring.element(opening.values, i), ring.element(v, i));
    k++;
  }
  return { a, b, c };
}

/**
 * Parses broadcast share vectors; a party that sent nothing or a malformed vector joins the corrupt set. Shares
 * of corrupt parties are returned as undefined.
 * @example const dShares = receivedShares(R, await channel.broadcastAll(bytesOf(d)), count, ctx.corrupt, n)
 */
export function receivedShares(
  ring: GaloisRing,
  received: readonly (Uint8Array | undefined)[],
  count: number,
  corrupt: Set<number>,
  n: number,
): (BigUint64Array | undefined)[] {
  const shares: (BigUint64Array | undefined)[] = [];
  for (let p = 1; p <= n; p++) {
    const words = corrupt.has(p) ? undefined : wordsOf(received[p - 1], count * ring.wordsPerElement);
    if (!words) corrupt.add(p);
    shares.push(words);
  }
  return shares;
}

/** Throws when more than t parties have been caught (the honest-majority assumptions no longer hold). @example checkCorruptBound(ctx.corrupt, t) */
export function checkCorruptBound(corrupt: ReadonlySet<number>, t: number): void {
  if (corrupt.size > t) {
    throw new PrssError('ProtocolAbort', `${corrupt.size} parties caught cheating, more than t = ${t}`, [
      ...corrupt,
    ]);
  }
}

/**
 * check_d: reveal the PRF draws behind `items`, agree on each subset's draws by majority, recompute every
 * party's d share and return the parties whose broadcast share differs (or who lied in the reveal).
 */
async function checkD(
  ctx: PreprocessingContext,
  dShares: readonly (BigUint64Array | undefined)[],
  items: readonly number[],
  { randomBase, zeroBase, count }: { randomBase: number; zeroBase: number; count: number },
): Promise<number[]> {
  const { prss, channel, corrupt } = ctx;
  const ring = prss.ring;
  const { n, t, subsets, party } = prss.setup;
  const w = ring.wordsPerElement;
  const K = items.length;
  // Per subset: x, y, v draws (K elements each), then the t zero lanes (K elements each).
  const perSubset = (3 + t) * K;
  const at = (base: number) => items.map((i) => base + i);
  const randomDraws = prss.subsetDraws('random', [
    ...at(randomBase),
    ...at(randomBase + count),
    ...at(randomBase + 2 * count),
  ]);
  const zeroDraws = prss.subsetDraws('zero', at(zeroBase));
  const mine = ring.alloc(randomDraws.length * perSubset);
  for (let s = 0; s < randomDraws.length; s++) {
    mine.set(randomDraws[s].values, s * perSubset * w);
    mine.set(zeroDraws[s].values, (s * perSubset + 3 * K) * w);
  }
  const received = await channel.broadcastAll(bytesOf(mine));

  // Each party's reveal, split per subset it belongs to (subsets in the shared order).
  const liars = new Set<number>();
  const revealOf = new Map<number, Map<number, BigUint64Array>>();
  for (let p = 1; p <= n; p++) {
    const theirs = subsets.filter((s) => s.members.includes(p));
    const words = wordsOf(received[p - 1], theirs.length * perSubset * w);
    if (!words) {
      if (p !== party) liars.add(p);
      continue;
    }
    const bySubset = new Map<number, BigUint64Array>();
    theirs.forEach((s, k) => {
      bySubset.set(s.index, words.subarray(k * perSubset * w, (k + 1) * perSubset * w));
    });
    revealOf.set(p, bySubset);
  }
  // Majority per subset over its members (n − t members, at most t corrupt: the honest value wins).
  const agreed = new Map<number, BigUint64Array>();
  for (const subset of subsets) {
    const votes: { value: Buffer; voters: number[] }[] = [];
    for (const p of subset.members) {
      const value = revealOf.get(p)?.get(subset.index);
      if (!value) continue;
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      const entry = votes.find((v) => v.value.equals(bytes));
      if (entry) entry.voters.push(p);
      else votes.push({ value: bytes, voters: [p] });
    }
    let winner: { value: Buffer; voters: number[] } | undefined;
    for (const entry of votes) if (!winner || entry.voters.length > winner.voters.length) winner = entry;
    if (!winner || winner.voters.length < subset.members.length - t) {
      throw new PrssError('ProtocolAbort', `no honest majority on the draws of subset ${subset.index}`);
    }
    for (const entry of votes) if (entry !== winner) for (const p of entry.voters) liars.add(p);
    agreed.set(subset.index, wordsOf(winner.value, perSubset * w)!);
  }
  // Recompute each remaining party's d shares of the checked items: x·y + v + z.
  const slot = (first: number, lanes: number) => {
    const m = new Map<number, BigUint64Array>();
    for (const [index, value] of agreed) m.set(index, value.subarray(first * K * w, (first + lanes) * K * w));
    return m;
  };
  const [xDraws, yDraws, vDraws, zDraws] = [slot(0, 1), slot(1, 1), slot(2, 1), slot(3, t)];
  const expected = prss.sharesFromDraws('zero', zDraws, K);
  ring.add(expected, expected, prss.sharesFromDraws('random', vDraws, K));
  ring.mulAdd(expected, prss.sharesFromDraws('random', xDraws, K), prss.sharesFromDraws('random', yDraws, K));
  const actual = ring.alloc(K);
  for (let p = 1; p <= n; p++) {
    const share = dShares[p - 1];
    if (!share || liars.has(p)) continue;
    items.forEach((i, k) => {
      actual.set(ring.element(share, i), k * w);
    });
    if (!ring.equals(ring.slice(expected, (p - 1) * K, p * K), actual)) liars.add(p);
  }
  for (const p of corrupt) liars.delete(p);
  return [...liars].sort((a, b) => a - b);
}
