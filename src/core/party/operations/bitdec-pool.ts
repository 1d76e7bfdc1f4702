// The BitDec preprocessing pool of one key at one party: a background producer that makes numbered batches of
// triples and bits in lockstep with the peers (batch k in its own session, lane (k mod n) + 1), and the per-request
// allocation that agrees with the peers on which batches a request uses (pool-allocation.ts) or makes the
// material inline when the leader's lane cannot cover it.

import { randomBytes } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { type GaloisRing, galoisRing } from '../../../mpc/algebra/index.ts';
import {
  broadcastFromAll,
  deriveSessionId,
  isMissing,
  Session,
  type Transport,
} from '../../../mpc/net/index.ts';
import { generateBits } from '../../../mpc/preprocessing/bits.ts';
import { preprocessingContext } from '../../../mpc/preprocessing/context.ts';
import { sessionChannel } from '../../../mpc/preprocessing/session-channel.ts';
import { generateTriples } from '../../../mpc/preprocessing/triples.ts';
import type { DecryptionPlan } from '../../../mpc/protocols/decryption/blocks.ts';
import type { PreprocessingPool } from '../../../mpc/protocols/decryption/pool.ts';
import { agreeOnAllocation, batchesFor } from '../../../mpc/protocols/decryption/pool-allocation.ts';
import {
  type BatchMaterial,
  type BatchStore,
  PoolLedger,
} from '../../../mpc/protocols/decryption/pool-allocation-ledger.ts';
import { type PrssSetup, PrssState } from '../../../mpc/prss/prss.ts';
import { KmsError } from '../../errors.ts';
import type { Logger } from '../../observability/logger.ts';
import { CORE_POOL_BLOCK_UNIT, coreBitDecCost } from './bitdec-options.ts';
import { bitDecPoolFor } from './bitdec-preprocessing.ts';

/** Pool settings (config `pool`). */
export interface BitDecPoolSettings {
  /** Produced-but-unallocated batches a party keeps per key, ⌈capacity / n⌉ in every lane (up to capacity + n
   * when lanes are uneven); 0 disables the pool. */
  readonly capacity: number;
  /** Block units per batch (one block unit = CORE_POOL_BLOCK_UNIT, 47 triples + 64 bits; 32 = one euint64). */
  readonly blocks: number;
  /** How long a batch's first round waits for lagging peers. */
  readonly readyTimeoutMs: number;
  /** How long a party waits for the leader's proposal. */
  readonly proposalTimeoutMs: number;
}

/** Where a pool reports (metrics). */
export interface BitDecPoolObserver {
  fill(keyId: string, unallocated: number): void;
  allocation(keyId: string, outcome: 'pool' | 'inline' | 'failed'): void;
}

export interface KeyBitDecPoolOptions {
  readonly keyId: string;
  readonly transport: Transport;
  readonly threshold: number;
  readonly peerTimeoutMs: number;
  readonly prss: PrssSetup;
  readonly degree: number;
  readonly settings: BitDecPoolSettings;
  readonly logger: Logger;
  readonly observer?: BitDecPoolObserver;
  /** Milliseconds since this party last served a request (0 while it serves one): production waits for a quiet
   * spell so that requests go first. */
  readonly quietFor?: () => number;
  readonly store?: BatchStore;
}

/** Block units per production round trip: small enough that one chunk's CPU burst does not stall a request. */
const CHUNK_BLOCKS = 8;
/** Longest production defers to requests before it takes a turn anyway (it must not starve). */
const MAX_YIELD_MS = 1_000;
/** Quiet spell before production work while the pool is at least half full: bursts of requests go first. */
const COMFORTABLE_QUIET_MS = 300;
/** Quiet spell before production work below half: refill promptly, between requests. */
const BUSY_QUIET_MS = 20;
/** Pause after a failed batch, so a persistent fault does not spin. */
const ERROR_BACKOFF_MS = 1_000;

/**
 * The session on which producers tell a peer that missed one of their batches where they are. A party reads it
 * once per start (round 1 from each peer; the first message per peer wins), so a party restarted alone learns
 * the batch numbering of the running ones.
 */
export function poolRejoinSessionId(keyId: string) {
  return deriveSessionId(keyId, 'bitdec-pool-rejoin');
}

/** A batch number on the wire: u64 little endian. */
export function encodeBatchNumber(batch: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(batch), true);
  return bytes;
}

/** A batch number from the wire; undefined unless exactly 8 bytes holding a safe integer. */
export function decodeBatchNumber(bytes: Uint8Array): number | undefined {
  if (bytes.length !== 8) return undefined;
  const value = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(value);
}

/**
 * Where a party (re)starting production joins, from its peers' announced next batch numbers (undefined: not
 * enough announcements yet). Needs 2t + 1 of them (all n − 1 peers when fewer): then at most t are corrupt, so
 * the (t + 1)-th highest lies between two honest announcements — a corrupt party can neither drag the joining
 * party far ahead nor hold it below the honest producers. The join point adds n: before a restart this party
 * confirmed batches up to n beyond the highest it held (PoolLedger.confirmBatches), and that batch was made with
 * peers that have since moved past it (the honest producers keep one numbering: each batch waits for n − t), so
 * it never holds — and never confirms — a number it may have confirmed before. The honest producers reach the join point on their own: skipped numbers cost nothing, since each
 * batch's PRSS id hashes fresh broadcast nonces.
 * @example joinPoint([10, 10, 2 ** 40], 4, 1) // 14
 */
export function joinPoint(announced: readonly number[], n: number, t: number): number | undefined {
  if (announced.length < Math.min(n - 1, 2 * t + 1)) return undefined;
  const sorted = [...announced].sort((x, y) => y - x);
  return sorted[Math.min(t, sorted.length - 1)] + n;
}

/** The pool of one key: start() once, materialFor() per request, stop() on shutdown. */
export class KeyBitDecPool {
  readonly ledger: PoolLedger;
  readonly ring: GaloisRing;
  #nextBatch = 0;
  #running = false;
  #stopped = false;
  #loop: Promise<void> | undefined;
  readonly #open = new Set<Session>();
  /** Peers that did not turn up for the previous batch: not waited for beyond the peer timeout. */
  #absent = new Set<number>();
  #wake: (() => void) | undefined;
  #unsubscribe: (() => void) | undefined;
  /** The ready round in progress, closed to abandon its batch when this party joins its peers further on. */
  #ready: Session | undefined;
  /** Where the peers' announcements say to continue (0: nothing learnt). */
  #joinAt = 0;

  constructor(readonly options: KeyBitDecPoolOptions) {
    const { transport, settings } = options;
    this.ring = galoisRing(64, options.degree);
    this.ledger = new PoolLedger(transport.partyIndex, transport.numParties, options.store);
    if (!Number.isInteger(settings.capacity) || settings.capacity < 0)
      throw new KmsError(
        'InvalidArgument',
        `pool.capacity: expected an integer ≥ 0, got ${settings.capacity}`,
      );
    if (!Number.isInteger(settings.blocks) || settings.blocks < 1)
      throw new KmsError('InvalidArgument', `pool.blocks: expected an integer ≥ 1, got ${settings.blocks}`);
  }

  get enabled(): boolean {
    return this.options.settings.capacity > 0;
  }

  /** Most batches one request may take: what one lane holds when the pool is full. */
  get laneCapacity(): number {
    return Math.ceil(this.options.settings.capacity / this.options.transport.numParties);
  }

  /**
   * Whether production may rest: every lane holds `laneCapacity` unallocated batches (a batch some party missed
   * leaves its lane short, and only that lane's leader can propose it), or the party holds capacity + n batches,
   * which bounds memory when some lane keeps failing.
   */
  get full(): boolean {
    const { capacity } = this.options.settings;
    const n = this.options.transport.numParties;
    if (this.ledger.unallocated >= capacity + n) return true;
    if (this.ledger.unallocated < capacity) return false;
    for (let lane = 1; lane <= n; lane++)
      if (this.ledger.unallocatedInLane(lane) < this.laneCapacity) return false;
    return true;
  }

  /** Starts the background producer (no-op when disabled or started). */
  start(): void {
    if (!this.enabled || this.#running || this.#stopped) return;
    this.#running = true;
    this.#unsubscribe = this.ledger.onChange(() => {
      this.options.observer?.fill(this.options.keyId, this.ledger.unallocated);
      this.#wake?.();
    });
    this.options.observer?.fill(this.options.keyId, 0);
    this.#listenForPeers();
    this.#loop = this.#produce();
  }

  /** The first batch number this party produced after learning its peers' numbering (0: none learnt). */
  get joinedAt(): number {
    return this.#joinAt;
  }

  /**
   * Hears each peer's announcement on the rejoin session (sent when this party missed one of its batches) and,
   * once joinPoint allows, moves production there: the batch waiting in its ready round is abandoned.
   */
  #listenForPeers(): void {
    const { transport, threshold } = this.options;
    const n = transport.numParties;
    const sessionId = poolRejoinSessionId(this.options.keyId);
    const announced: number[] = [];
    for (let peer = 1; peer <= n; peer++) {
      if (peer === transport.partyIndex) continue;
      void transport.receive(sessionId, 1, peer, 2 ** 31 - 1).then((message) => {
        const batch = isMissing(message) ? undefined : decodeBatchNumber(message);
        if (batch === undefined || this.#stopped || this.#joinAt > 0) return;
        announced.push(batch);
        const join = joinPoint(announced, n, threshold);
        if (join === undefined || join <= this.#nextBatch) return;
        this.#joinAt = join;
        this.options.logger.info({ keyId: this.options.keyId, batch: join }, 'BitDec pool joins its peers');
        this.#ready?.close();
      });
    }
  }

  /** Stops production: the batch in progress is abandoned (its sessions closed). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    this.options.transport.closeSession(poolRejoinSessionId(this.options.keyId));
    for (const session of this.#open) session.close();
    this.#unsubscribe?.();
    await this.#loop;
  }

  /**
   * The BitDec material for one request: agreed pooled batches, or made inline in `session` (the request's
   * BitDec session) when the agreement says so. Throws PoolAllocationError (retryable) when the peers'
   * votes allow no decision.
   */
  async materialFor(
    session: Session,
    prss: PrssSetup,
    requestId: string,
    tag: string,
    plans: readonly DecryptionPlan[],
  ): Promise<PreprocessingPool> {
    const { keyId, observer, settings } = this.options;
    if (!this.enabled) {
      observer?.allocation(keyId, 'inline');
      return bitDecPoolFor(session, prss, this.ring.degree, requestId, tag, plans);
    }
    const allocation = session.child('pool-allocation');
    try {
      const { decision } = await agreeOnAllocation(allocation, {
        requestId,
        needed: batchesFor(coreBitDecCost(plans), settings.blocks, CORE_POOL_BLOCK_UNIT),
        maxBatches: this.laneCapacity,
        ledger: this.ledger,
        proposalTimeoutMs: settings.proposalTimeoutMs,
      });
      if (decision.kind === 'batches') {
        const pool = await this.ledger.claim(
          this.ring,
          requestId,
          decision.batches,
          this.options.peerTimeoutMs,
        );
        observer?.allocation(keyId, 'pool');
        return pool;
      }
    } catch (error) {
      observer?.allocation(keyId, 'failed');
      throw error;
    } finally {
      allocation.close();
      // Batches this party proposed or confirmed but will not use: free their memory, keep the reservation.
      this.ledger.releaseRequest(requestId);
    }
    observer?.allocation(keyId, 'inline');
    return bitDecPoolFor(session, prss, this.ring.degree, requestId, tag, plans);
  }

  async #produce(): Promise<void> {
    const { logger, keyId } = this.options;
    while (!this.#stopped) {
      if (this.full) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
        continue;
      }
      if (this.#joinAt > this.#nextBatch) this.#nextBatch = this.#joinAt;
      const batch = this.#nextBatch++;
      try {
        const material = await this.#produceBatch(batch);
        if (material && !this.#stopped) this.ledger.add(batch, material);
      } catch (error) {
        if (this.#stopped) break;
        // Peers that lacked this batch skip it too; the ones holding it can still serve requests without us.
        logger.warn({ keyId, batch, err: (error as Error).message }, 'BitDec pool batch not produced');
        await new Promise((resolve) => setTimeout(resolve, ERROR_BACKOFF_MS));
      }
      this.ledger.compact(this.#nextBatch);
    }
    this.#running = false;
  }

  /** Registers a session for stop() to close; one opened after stop() is closed at once (its receives miss). */
  #track(session: Session): Session {
    this.#open.add(session);
    if (this.#stopped) session.close();
    return session;
  }

  /** One batch in its own session; undefined when fewer than n − t peers turned up for it. */
  async #produceBatch(batch: number): Promise<BatchMaterial | undefined> {
    const { transport, threshold, peerTimeoutMs, keyId, settings, prss: setup } = this.options;
    const sessionId = deriveSessionId(`${keyId}/${batch}`, 'bitdec-pool');
    const session = this.#track(new Session(transport, sessionId, { threshold, timeoutMs: peerTimeoutMs }));
    try {
      // Before a batch, while the pool is at least half full, requests may keep it waiting longer (peers wait
      // in the ready round meanwhile, at least the peer timeout); below half, a busy party refills promptly.
      const briefly = Math.min(MAX_YIELD_MS, peerTimeoutMs / 4);
      const comfortable = this.ledger.unallocated * 2 >= settings.capacity;
      await this.#yieldToRequests(
        comfortable ? Math.min(settings.readyTimeoutMs, peerTimeoutMs) / 2 : briefly,
        comfortable ? COMFORTABLE_QUIET_MS : BUSY_QUIET_MS,
      );
      if (!(await this.#gatherPeers(session, batch)) || this.#stopped) return undefined;
      const prss = new PrssState(setup, this.ring, await this.#freshPrssId(session, batch));
      const triples = { a: this.ring.alloc(0), b: this.ring.alloc(0), c: this.ring.alloc(0) };
      const tripleParts: BatchMaterial['triples'][] = [];
      const bitParts: BigUint64Array[] = [];
      for (let done = 0, chunk = 0; done < settings.blocks; done += CHUNK_BLOCKS, chunk++) {
        await this.#yieldToRequests(
          briefly,
          this.ledger.unallocated * 2 >= settings.capacity ? COMFORTABLE_QUIET_MS : BUSY_QUIET_MS,
        );
        if (this.#stopped) return undefined;
        const blocks = Math.min(CHUNK_BLOCKS, settings.blocks - done);
        const child = this.#track(session.child(`chunk-${chunk}`));
        try {
          const ctx = preprocessingContext(prss, sessionChannel(child));
          tripleParts.push(await generateTriples(ctx, blocks * CORE_POOL_BLOCK_UNIT.triples));
          bitParts.push(await generateBits(ctx, blocks * CORE_POOL_BLOCK_UNIT.bits));
        } finally {
          child.close();
          this.#open.delete(child);
        }
      }
      triples.a = this.#concat(tripleParts.map((p) => p.a));
      triples.b = this.#concat(tripleParts.map((p) => p.b));
      triples.c = this.#concat(tripleParts.map((p) => p.c));
      return { triples, bits: this.#concat(bitParts) };
    } finally {
      session.close();
      this.#open.delete(session);
    }
  }

  /**
   * Waits, without a time limit, until n − t parties are ready for the batch, then up to `readyTimeoutMs` for
   * the others (the peer timeout for peers absent last time, so a down peer costs little). Never giving up on
   * the quorum keeps batch numbers in lockstep: a party at capacity simply joins later. Peers missing once the
   * quorum is there or `readyTimeoutMs` passed hear this party's next batch number on the rejoin session (a
   * restarted peer learns the numbering from it). False once stopped or when this party joins its peers further on.
   */
  async #gatherPeers(session: Session, batch: number): Promise<boolean> {
    const { transport, threshold, settings, peerTimeoutMs } = this.options;
    const n = transport.numParties;
    const ready = this.#track(session.child('ready'));
    this.#ready = ready;
    let announcer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (this.#stopped || this.#joinAt >= this.#nextBatch) return false;
      transport.sendToAll(ready.sessionId, 1, Uint8Array.of(1));
      const peers = Array.from({ length: n }, (_, i) => i + 1).filter((p) => p !== transport.partyIndex);
      const present = new Set<number>([transport.partyIndex]);
      const rejoin = poolRejoinSessionId(this.options.keyId);
      // The next batch this party starts: this one while it still waits for a quorum, else the one after.
      const announce = (next: number) => {
        for (const peer of peers)
          if (!present.has(peer)) transport.send(rejoin, 1, peer, encodeBatchNumber(next));
      };
      announcer = setTimeout(() => {
        if (present.size < n - threshold) announce(batch);
      }, settings.readyTimeoutMs);
      return await new Promise<boolean>((resolve) => {
        let settled = 0;
        let laggards: ReturnType<typeof setTimeout> | undefined;
        const finish = (ok: boolean) => {
          clearTimeout(laggards);
          this.#absent = new Set(peers.filter((p) => !present.has(p)));
          if (ok) announce(batch + 1);
          resolve(ok);
        };
        for (const peer of peers) {
          void transport.receive(ready.sessionId, 1, peer, 2 ** 31 - 1).then((message) => {
            settled++;
            if (!isMissing(message)) present.add(peer);
            if (present.size === n) finish(true);
            else if (present.size >= n - threshold && laggards === undefined) {
              const missing = peers.filter((p) => !present.has(p));
              const waitMs = missing.every((p) => this.#absent.has(p))
                ? peerTimeoutMs
                : settings.readyTimeoutMs;
              laggards = setTimeout(() => finish(true), waitMs);
            } else if (settled === peers.length && present.size < n - threshold) finish(false);
          });
        }
      });
    } finally {
      clearTimeout(announcer);
      this.#ready = undefined;
      ready.close();
      this.#open.delete(ready);
    }
  }

  /**
   * A PRSS session id no earlier batch used: batch numbers restart at 0 when the cluster restarts (memory store),
   * and PRSS draws are a function of the session id, so the id also hashes a random nonce from every party,
   * agreed by reliable broadcast (parties whose broadcast fails are marked corrupt and not waited for again).
   */
  async #freshPrssId(session: Session, batch: number) {
    const { values } = await broadcastFromAll(session, new Uint8Array(randomBytes(32)));
    const hash = sha256.create().update(new TextEncoder().encode(`${this.options.keyId}/${batch}`));
    for (let party = 1; party < values.length; party++) {
      const nonce = values[party];
      hash.update(Uint8Array.of(nonce ? 1 : 0));
      if (nonce) hash.update(nonce);
    }
    return deriveSessionId(Buffer.from(hash.digest()).toString('hex'), 'bitdec-pool-prss');
  }

  #concat(parts: BigUint64Array[]): BigUint64Array {
    if (parts.length === 1) return parts[0];
    const out = new BigUint64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /**
   * Lets requests go first: waits until this party has served no request for `quietMs`, up to `limitMs`. Peers
   * wait for this party meanwhile, so the limit stays below what they wait before going on without it.
   */
  async #yieldToRequests(limitMs: number, quietMs: number): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const quietFor = this.options.quietFor;
    const start = performance.now();
    while (quietFor && !this.#stopped && performance.now() - start < limitMs) {
      const quiet = quietFor();
      if (quiet >= quietMs) return;
      await new Promise<void>((resolve) => setTimeout(resolve, Math.max(5, Math.min(50, quietMs - quiet))));
    }
  }
}
