import { beforeAll, describe, expect, it } from 'vitest';
import { decryptFheUint } from '../../../fhe/math/decrypt.ts';
import { encryptFheUint } from '../../../fhe/math/encrypt.ts';
import { writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS } from '../../../fhe/params/index.ts';
import { galoisRing } from '../../algebra/index.ts';
import { deriveSessionId, InMemoryNetwork, Session } from '../../net/index.ts';
import { generateBits } from '../../preprocessing/bits.ts';
import { preprocessingContext } from '../../preprocessing/context.ts';
import { sessionChannel } from '../../preprocessing/session-channel.ts';
import { generateTriples } from '../../preprocessing/triples.ts';
import { dealPrssSetups } from '../../prss/dealer.test-util.ts';
import { type PrssSetup, PrssState } from '../../prss/prss.ts';
import { bitDecCost, bitDecDecrypt } from './bit-dec.ts';
import { type DecryptionPlan, parseCiphertext, planDecryption } from './blocks.ts';
import { PreprocessingPool } from './pool.ts';
import {
  type AllocationOutcome,
  type AllocationProposal,
  agreeOnAllocation,
  allocationLeader,
  batchesFor,
  decideAllocation,
  decodeProposal,
  decodeVote,
  encodeProposal,
  encodeVote,
  laneOf,
  PoolAllocationError,
  poolBlockUnit,
} from './pool-allocation.ts';
import { PoolLedger } from './pool-allocation-ledger.ts';
import { dealtKeys, testSource } from './testing.test-util.ts';

const params = PARAMS_TEST_BK_SNS;
const n = 4;
const t = 1;
const R64 = galoisRing(64, 4);
/** One FheUint8 (4 radix blocks) fills one batch. */
const BLOCKS = 4;
/** The block unit of BitDec with its default options (exact carries): what these requests take per block. */
const UNIT = poolBlockUnit();

/** A request id whose allocation leader is `leader` (ids are hashed, so search a few). */
function requestLedBy(leader: number, tag: string): string {
  for (let i = 0; ; i++) {
    const id = `${tag}-${i}`;
    if (allocationLeader(id, n) === leader) return id;
  }
}

interface Cluster {
  network: InMemoryNetwork;
  setups: PrssSetup[];
  ledgers: PoolLedger[];
  nextBatch: number;
}

function cluster(): Cluster {
  return {
    network: new InMemoryNetwork(n),
    setups: dealPrssSetups(n, t),
    ledgers: Array.from({ length: n }, (_, i) => new PoolLedger(i + 1, n)),
    nextBatch: 0,
  };
}

/** Makes batches in lockstep at every party (each in its own session), as the background producer does. */
async function produce(c: Cluster, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const batch = c.nextBatch++;
    const sid = deriveSessionId(`key/${batch}`, 'bitdec-pool');
    await Promise.all(
      c.ledgers.map(async (ledger, p) => {
        const session = new Session(c.network.transport(p + 1), sid, { threshold: t, timeoutMs: 2_000 });
        const ctx = preprocessingContext(new PrssState(c.setups[p], R64, sid), sessionChannel(session));
        const triples = await generateTriples(ctx, BLOCKS * UNIT.triples);
        const bits = await generateBits(ctx, BLOCKS * UNIT.bits);
        session.close();
        ledger.add(batch, { triples, bits });
      }),
    );
  }
}

/** Material made inside the request, as the core does when the decision is inline. */
async function inlinePool(session: Session, setup: PrssSetup, requestId: string, plans: DecryptionPlan[]) {
  const ctx = preprocessingContext(
    new PrssState(setup, R64, deriveSessionId(requestId, 'inline')),
    sessionChannel(session),
  );
  const cost = bitDecCost(plans);
  const pool = new PreprocessingPool(R64);
  pool.addTriples(await generateTriples(ctx, cost.triples));
  pool.addBits(await generateBits(ctx, cost.bits));
  return pool;
}

interface Served {
  outcome?: AllocationOutcome;
  values?: bigint[];
  error?: Error;
}

/** One honest party's request: allocation, then BitDec over the agreed material. */
async function serve(c: Cluster, party: number, requestId: string, plans: DecryptionPlan[], keys: Keys) {
  const served: Served = {};
  const session = new Session(c.network.transport(party), deriveSessionId(requestId, 'decrypt'), {
    threshold: t,
    timeoutMs: 1_500,
  });
  try {
    served.outcome = await agreeOnAllocation(session.child('pool-allocation'), {
      requestId,
      needed: batchesFor(bitDecCost(plans), BLOCKS, UNIT),
      maxBatches: 8,
      ledger: c.ledgers[party - 1],
      proposalTimeoutMs: 300,
    });
    const { decision } = served.outcome;
    const bitdec = session.child('bitdec');
    const pool =
      decision.kind === 'batches'
        ? await c.ledgers[party - 1].claim(R64, requestId, decision.batches, 500)
        : await inlinePool(bitdec, c.setups[party - 1], requestId, plans);
    const { plaintexts } = await bitDecDecrypt(bitdec, pool, keys.shares[party - 1], plans);
    served.values = plaintexts.map((p) => p[0].value);
  } catch (error) {
    served.error = error as Error;
  } finally {
    c.ledgers[party - 1].releaseRequest(requestId);
    session.close();
  }
  return served;
}

type Keys = ReturnType<typeof dealtKeys>;

/** A corrupt leader: sends `proposalFor(to)` in round A and `voteFor(to)` in round B, then stays silent. */
async function corruptLeader(
  c: Cluster,
  leader: number,
  requestId: string,
  proposalFor: (to: number) => AllocationProposal,
  voteFor: (to: number) => AllocationProposal,
) {
  const session = new Session(c.network.transport(leader), deriveSessionId(requestId, 'decrypt'), {
    threshold: t,
    timeoutMs: 1_500,
  });
  const allocation = session.child('pool-allocation');
  await allocation.exchange((to) => encodeProposal(proposalFor(to)), { from: [] });
  await allocation.exchange((to) => encodeVote({ kind: 'confirm', proposal: voteFor(to) }), { from: [] });
}

const honest = (leader: number) => [1, 2, 3, 4].filter((p) => p !== leader);

describe('pooled BitDec batch allocation (4 parties, t = 1)', () => {
  let keys: Keys;
  let plans: DecryptionPlan[];
  const values = [173n, 42n];

  beforeAll(() => {
    keys = dealtKeys(params, n, t);
    const source = testSource(41);
    plans = values.map((value) => {
      const ct = encryptFheUint(value, 8, keys.secret.glweKey.data, params.compute, source);
      expect(decryptFheUint(ct, keys.secret.glweKey.data)).toBe(value);
      return planDecryption(parseCiphertext(writeObject('FheUint', ct)), params);
    });
  });

  it('encodes proposals and votes canonically and refuses anything else', () => {
    const proposal: AllocationProposal = { kind: 'batches', batches: [3, 7, 2 ** 40] };
    expect(decodeProposal(encodeProposal(proposal))).toEqual(proposal);
    expect(decodeProposal(encodeProposal({ kind: 'inline' }))).toEqual({ kind: 'inline' });
    expect(decodeVote(encodeVote({ kind: 'confirm', proposal }))).toEqual({ kind: 'confirm', proposal });
    expect(decodeVote(encodeVote({ kind: 'noProposal' }))).toEqual({ kind: 'noProposal' });
    const unsorted = encodeProposal({ kind: 'batches', batches: [3, 7] });
    unsorted[5] = 9; // first batch 9 > second 7
    expect(decodeProposal(unsorted)).toBeUndefined();
    expect(decodeProposal(encodeProposal(proposal).subarray(0, 12))).toBeUndefined();
    expect(decodeVote(Uint8Array.of(9))).toBeUndefined();
    expect(() => encodeProposal({ kind: 'batches', batches: [] })).toThrow(/batches/);
    expect(laneOf(5, 4)).toBe(2);
    expect(batchesFor({ triples: 3520, bits: 2048 }, 32, UNIT)).toBe(1);
    expect(batchesFor({ triples: 3521, bits: 2048 }, 32, UNIT)).toBe(2);
    expect(batchesFor({ triples: 3520, bits: 2049 }, 32, UNIT)).toBe(2);
    expect(() => batchesFor({ triples: 1, bits: 1 }, 32, { triples: 0, bits: 64 })).toThrow(/unit.triples/);
  });

  it('sizes a block unit from BitDec’s per-block cost, so whole units cover a request exactly', () => {
    // The default (exact carries) and the variant ignoring the carries below bit 32, at log2 Δ = 59.
    expect(UNIT).toEqual({ triples: 110, bits: 64 });
    const q32 = poolBlockUnit({ ignoredLowBits: 32 });
    expect(q32).toEqual({ triples: 47, bits: 64 });
    // Independent count: a carry tree over L leaves multiplies 2·pairs − 1 per level until one node is left.
    const treeTriples = (leaves: number) => {
      let total = 0;
      for (let nodes = leaves; nodes > 1; nodes = Math.ceil(nodes / 2))
        total += 2 * Math.floor(nodes / 2) - 1;
      return total;
    };
    expect(UNIT.triples).toBe(treeTriples(59));
    expect(q32.triples).toBe(treeTriples(59 - 32));
    for (const options of [{}, { ignoredLowBits: 32 }]) {
      const cost = bitDecCost(plans, options);
      const unit = poolBlockUnit(options);
      const blocks = plans.reduce((n, plan) => n + plan.count, 0);
      expect(cost).toMatchObject({ triples: blocks * unit.triples, bits: blocks * unit.bits });
      // A request of `blocks` blocks takes exactly one batch of that many units; one block more takes two.
      expect(batchesFor(cost, blocks, unit)).toBe(1);
      expect(batchesFor(cost, blocks - 1, unit)).toBe(2);
    }
    expect(() => poolBlockUnit({ ignoredLowBits: 58 })).toThrow(/ignoredLowBits/);
  });

  it('decides only on n − t identical votes', () => {
    const a: AllocationProposal = { kind: 'batches', batches: [1] };
    const b: AllocationProposal = { kind: 'batches', batches: [5] };
    const confirm = (proposal: AllocationProposal) => ({ kind: 'confirm', proposal }) as const;
    expect(decideAllocation([undefined, confirm(a), confirm(a), confirm(a), undefined], 4, 1)).toEqual(a);
    expect(
      decideAllocation([undefined, confirm(a), confirm(a), confirm(b), confirm(b)], 4, 1),
    ).toBeUndefined();
    expect(
      decideAllocation([undefined, confirm(a), confirm(a), { kind: 'reject' }, undefined], 4, 1),
    ).toBeUndefined();
    const inline = { kind: 'inline' } as const;
    const none = { kind: 'noProposal' } as const;
    expect(decideAllocation([undefined, none, none, none, confirm(a)], 4, 1)).toEqual(inline);
    expect(decideAllocation([undefined, confirm(inline), none, none, undefined], 4, 1)).toEqual(inline);
  });

  it('compaction forgets old reservations but keeps refusing those batches', async () => {
    const c = cluster();
    await produce(c, 4);
    const ledger = c.ledgers[0];
    expect(ledger.proposeBatches('r1', 1)).toEqual([0]);
    await ledger.claim(R64, 'r1', [0], 100);
    expect(ledger.confirmBatches('r2', [4])).toBe(true); // not produced yet here
    ledger.compact(4); // lowest held batch is 1
    expect(ledger.reservations).toBe(1); // batch 4's reservation stays; batch 0's is forgotten
    expect(ledger.confirmBatches('r3', [0])).toBe(false);
    expect(ledger.confirmBatches('r3', [4])).toBe(false);
    await expect(ledger.claim(R64, 'r3', [0], 10)).rejects.toBeInstanceOf(PoolAllocationError);
    expect(ledger.confirmBatches('r3', [5])).toBe(true);
    // Far ahead of its own production, or before it (a restart lost those reservations): refused.
    expect(ledger.confirmBatches('r4', [3 + 4 + 1])).toBe(false);
    expect(new PoolLedger(1, 4).confirmBatches('r5', [0])).toBe(false);
  });

  it('honest leader: every party uses the same batches of its lane, in 2 rounds, and BitDec decrypts', async () => {
    const c = cluster();
    await produce(c, 8); // two batches per lane
    const requestId = requestLedBy(3, 'honest');
    const served = await Promise.all([1, 2, 3, 4].map((p) => serve(c, p, requestId, plans, keys)));
    for (const s of served) {
      expect(s.error).toBeUndefined();
      expect(s.outcome!.leader).toBe(3);
      expect(s.outcome!.rounds).toBe(2);
      expect(s.outcome!.decision).toEqual({ kind: 'batches', batches: [2, 6] });
      expect(s.values).toEqual(values);
    }
    for (const ledger of c.ledgers) {
      expect(ledger.reservedFor(2)).toBe(requestId);
      expect(ledger.reservedFor(6)).toBe(requestId);
      expect(ledger.store.has(2)).toBe(false); // consumed
      expect(ledger.unallocated).toBe(6);
    }
  });

  it('concurrent requests with different leaders, in different orders per party, never share a batch', async () => {
    const c = cluster();
    await produce(c, 16); // four batches per lane: two requests per lane
    const ids = [1, 2, 3, 4].flatMap((leader) => [
      requestLedBy(leader, 'concurrent-a'),
      requestLedBy(leader, 'concurrent-b'),
    ]);
    const served = await Promise.all(
      [1, 2, 3, 4].map(async (p) => {
        // Each party starts the requests in its own order.
        const order = ids.map((_, i) => ids[(i + 3 * p) % ids.length]);
        const results = await Promise.all(
          order.map(async (id, i) => {
            await new Promise((r) => setTimeout(r, i * p));
            return [id, await serve(c, p, id, plans, keys)] as const;
          }),
        );
        return new Map(results);
      }),
    );
    const owner = new Map<number, string>();
    for (const id of ids) {
      const decisions = served.map((byId) => byId.get(id)!);
      for (const s of decisions) {
        expect(s.error).toBeUndefined();
        expect(s.values).toEqual(values);
        expect(s.outcome!.decision).toEqual(decisions[0].outcome!.decision);
      }
      const decision = decisions[0].outcome!.decision;
      expect(decision.kind).toBe('batches');
      if (decision.kind !== 'batches') continue;
      for (const batch of decision.batches) {
        expect(laneOf(batch, n)).toBe(allocationLeader(id, n));
        expect(owner.get(batch)).toBeUndefined();
        owner.set(batch, id);
      }
    }
    expect(owner.size).toBe(16);
  });

  it('a corrupt leader proposing one batch to two requests gets it used by at most one', async () => {
    const c = cluster();
    await produce(c, 8);
    const [first, second] = [requestLedBy(4, 'double-a'), requestLedBy(4, 'double-b')];
    const reused: AllocationProposal = { kind: 'batches', batches: [3, 7] }; // lane 4
    // The honest parties see the two requests in different orders.
    const runs = honest(4).map(async (p) => {
      const order = p === 2 ? [second, first] : [first, second];
      const out = new Map<string, Served>();
      for (const id of order) out.set(id, await serve(c, p, id, plans, keys));
      return out;
    });
    await Promise.all([
      corruptLeader(
        c,
        4,
        first,
        () => reused,
        () => reused,
      ),
      corruptLeader(
        c,
        4,
        second,
        () => reused,
        () => reused,
      ),
    ]);
    const served = await Promise.all(runs);
    // The requests any honest party decided to serve from batch 3: at most one.
    const users = [first, second].filter((id) =>
      served.some((byId) => {
        const decision = byId.get(id)!.outcome?.decision;
        return decision?.kind === 'batches' && decision.batches.includes(3);
      }),
    );
    expect(users.length).toBeLessThanOrEqual(1);
    for (const id of [first, second]) {
      const outcomes = served.map((byId) => byId.get(id)!);
      // Either no honest party got a decision (all failed alike) or they agree on it.
      const decided = outcomes.filter((s) => s.outcome !== undefined);
      for (const s of decided) expect(s.outcome!.decision).toEqual(decided[0].outcome!.decision);
      if (decided.length === 0) for (const s of outcomes) expect(s.error).toBeInstanceOf(PoolAllocationError);
    }
    // Every honest ledger reserved batch 3 for exactly one request.
    const owners = new Set(c.ledgers.slice(0, 3).map((l) => l.reservedFor(3)));
    for (const o of owners) expect([first, second]).toContain(o);
  });

  it('an equivocating leader: no honest party uses a batch without an honest quorum', async () => {
    const c = cluster();
    await produce(c, 12);
    const requestId = requestLedBy(4, 'equivocate');
    const byParty: Record<number, AllocationProposal> = {
      1: { kind: 'batches', batches: [3, 7] },
      2: { kind: 'batches', batches: [7, 11] },
      3: { kind: 'batches', batches: [3, 11] },
    };
    const runs = honest(4).map((p) => serve(c, p, requestId, plans, keys));
    await corruptLeader(
      c,
      4,
      requestId,
      (to) => byParty[to] ?? { kind: 'inline' },
      (to) => byParty[to] ?? { kind: 'inline' },
    );
    const served = await Promise.all(runs);
    for (const s of served) {
      expect(s.outcome).toBeUndefined();
      expect(s.error).toBeInstanceOf(PoolAllocationError);
      expect(s.error!.message).toMatch(/retry/);
    }
    // The batches stay reserved (never handed to another request) even though this one failed; their
    // material is freed.
    expect(c.ledgers[0].reservedFor(3)).toBe(requestId);
    expect(c.ledgers[0].confirmBatches('other', [3])).toBe(false);
    expect(c.ledgers[0].store.has(3)).toBe(false);
    expect(c.ledgers[0].store.has(11)).toBe(true); // party 1 never confirmed batch 11
  });

  it('an equivocating leader with a quorum on one list: honest parties all use that list', async () => {
    const c = cluster();
    await produce(c, 12);
    const requestId = requestLedBy(4, 'equivocate-quorum');
    const majority: AllocationProposal = { kind: 'batches', batches: [3, 7] };
    const minority: AllocationProposal = { kind: 'batches', batches: [7, 11] };
    const runs = honest(4).map((p) => serve(c, p, requestId, plans, keys));
    await corruptLeader(
      c,
      4,
      requestId,
      (to) => (to === 3 ? minority : majority),
      () => majority,
    );
    const served = await Promise.all(runs);
    for (const s of served) expect(s.outcome!.decision).toEqual(majority);
    // The two honest parties that confirmed are the quorum's honest core; party 3 reserved both lists.
    for (const p of [1, 2]) expect(c.ledgers[p - 1].reservedFor(3)).toBe(requestId);
    expect(c.ledgers[2].reservedFor(11)).toBe(requestId);
    expect(c.ledgers[2].store.has(11)).toBe(false); // confirmed, lost, released
  });

  it('a silent leader: every honest party goes inline and decrypts', async () => {
    const c = cluster();
    await produce(c, 4);
    const requestId = requestLedBy(2, 'silent');
    c.network.silence(2);
    const served = await Promise.all(honest(2).map((p) => serve(c, p, requestId, plans, keys)));
    for (const s of served) {
      expect(s.error).toBeUndefined();
      expect(s.outcome!.decision).toEqual({ kind: 'inline' });
      expect(s.outcome!.votes.filter((v) => v?.kind === 'noProposal')).toHaveLength(3);
      expect(s.values).toEqual(values);
    }
    for (const p of honest(2)) expect(c.ledgers[p - 1].unallocated).toBe(4);
  });

  it('an empty pool or a request larger than a lane: inline at every party, decrypts', async () => {
    const c = cluster();
    const requestId = requestLedBy(1, 'empty');
    let served = await Promise.all([1, 2, 3, 4].map((p) => serve(c, p, requestId, plans, keys)));
    for (const s of served) {
      expect(s.outcome!.decision).toEqual({ kind: 'inline' });
      expect(s.values).toEqual(values);
    }
    await produce(c, 4); // one batch per lane, the request needs two
    served = await Promise.all([1, 2, 3, 4].map((p) => serve(c, p, `${requestId}-again`, plans, keys)));
    for (const s of served) {
      expect(s.outcome!.decision).toEqual({ kind: 'inline' });
      expect(s.values).toEqual(values);
    }
    for (const ledger of c.ledgers) expect(ledger.unallocated).toBe(4);
  });
});
