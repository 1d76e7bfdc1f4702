// Agreement on which pooled BitDec batches a request uses. Batches are numbered k = 0, 1, … at every party; batch
// k belongs to lane (k mod n) + 1 and only that lane's party (the leader of the requests hashed to it) may propose
// it. Two rounds inside the request's session: the leader proposes batches of its lane (or "inline"), every party
// votes and a party confirms a batch for at most one request, ever. A decision needs n − t identical confirms, so
// two requests can never both use one batch: their quorums share n − 2t ≥ t + 1 parties, one of them honest, and
// it confirmed the batch once. A corrupt leader can only make its requests fail or go inline.
import { sha256 } from '@noble/hashes/sha2.js';
import { MISSING, type Session } from '../../net/index.ts';
import { type BitDecOptions, bitDecBlockCost } from './bit-dec.ts';
import { ProtocolInputError } from './errors.ts';

/** log2 Δ of every 64-bit tfhe-rs parameter set (message 2, carry 2, padding 1): what a block unit is sized for. */
export const POOL_DELTA_LOG2 = 59;

/** What one block unit of a batch holds: the triples and shared bits BitDec takes per block. */
export interface PoolBlockUnit {
  readonly triples: number;
  readonly bits: number;
}

/**
 * The block unit of BitDec run with `options`, from its per-block cost at log2 Δ = `deltaLog2` (59 by default),
 * so that n block units cover exactly one request of n blocks.
 * @example poolBlockUnit({ ignoredLowBits: 32 }) // { triples: 47, bits: 64 }
 */
export function poolBlockUnit(options: BitDecOptions = {}, deltaLog2 = POOL_DELTA_LOG2): PoolBlockUnit {
  const { triplesPerBlock, bitsPerBlock } = bitDecBlockCost(deltaLog2, options);
  return Object.freeze({ triples: triplesPerBlock, bits: bitsPerBlock });
}
/** Largest number of batches a proposal may list (a request beyond this goes inline anyway). */
export const MAX_PROPOSED_BATCHES = 4096;

/** What the leader proposes: batches of its lane, or to make the material inside the request. */
export type AllocationProposal =
  | { readonly kind: 'batches'; readonly batches: readonly number[] }
  | { readonly kind: 'inline' };

/** A party's vote on the proposal it received. */
export type AllocationVote =
  | { readonly kind: 'confirm'; readonly proposal: AllocationProposal }
  | { readonly kind: 'reject' }
  | { readonly kind: 'noProposal' };

/** What every honest party does when the votes allow it (with an honest leader, all honest parties decide alike). */
export type AllocationDecision =
  | { readonly kind: 'batches'; readonly batches: readonly number[] }
  | { readonly kind: 'inline' };

/**
 * The votes allowed no decision (a corrupt or unreachable leader, or disagreeing voters), or agreed batches are
 * not usable here. Kind Unavailable (gRPC UNAVAILABLE): a retry with a new request id may succeed.
 */
export class PoolAllocationError extends Error {
  readonly kind = 'Unavailable' as const;
  readonly retryable = true;
  override readonly name = 'PoolAllocationError';
}

/**
 * A party's record of its batches and of the requests it confirmed them for. `proposeBatches` (leader) and
 * `confirmBatches` (voter) must reserve atomically and never release a reservation.
 */
export interface AllocationLedger {
  /** `count` unreserved batches of this party's lane that it holds, lowest first, now reserved for `requestId`;
   * undefined (nothing reserved) when it holds fewer. */
  proposeBatches(requestId: string, count: number): number[] | undefined;
  /** Reserves `batches` for `requestId` and returns true, unless one is reserved for another request (false,
   * nothing reserved). */
  confirmBatches(requestId: string, batches: readonly number[]): boolean;
}

/**
 * The leader of a request: SHA-256 of its id, first 4 bytes (big endian) mod n, + 1.
 * @example allocationLeader('00ab…', 4) // 1..4
 */
export function allocationLeader(requestId: string, numParties: number): number {
  if (typeof requestId !== 'string' || requestId.length === 0)
    throw new ProtocolInputError('requestId: expected a non-empty string');
  checkCount('numParties', numParties, 1, 1 << 16);
  const digest = sha256(new TextEncoder().encode(requestId));
  const first = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
  return (first % numParties) + 1;
}

/**
 * The lane (party) batch `batch` belongs to.
 * @example laneOf(5, 4) // 2
 */
export function laneOf(batch: number, numParties: number): number {
  checkCount('batch', batch, 0, Number.MAX_SAFE_INTEGER);
  return (batch % numParties) + 1;
}

/**
 * How many batches of `blocksPerBatch` block units of `unit` cover `cost` (BitDec's triples and bits).
 * @example batchesFor({ triples: 1504, bits: 2048 }, 32, { triples: 47, bits: 64 }) // 1
 */
export function batchesFor(
  cost: { triples: number; bits: number },
  blocksPerBatch: number,
  unit: PoolBlockUnit,
): number {
  checkCount('blocksPerBatch', blocksPerBatch, 1, 1 << 20);
  checkCount('cost.triples', cost.triples, 0, Number.MAX_SAFE_INTEGER);
  checkCount('cost.bits', cost.bits, 0, Number.MAX_SAFE_INTEGER);
  checkCount('unit.triples', unit.triples, 1, 1 << 16);
  checkCount('unit.bits', unit.bits, 1, 1 << 16);
  return Math.max(
    Math.ceil(cost.triples / (blocksPerBatch * unit.triples)),
    Math.ceil(cost.bits / (blocksPerBatch * unit.bits)),
  );
}

const PROPOSAL_BATCHES = 1;
const PROPOSAL_INLINE = 2;
const VOTE_CONFIRM = 1;
const VOTE_REJECT = 2;
const VOTE_NO_PROPOSAL = 3;

/** Canonical bytes: tag 1, u32 count, u64 LE batch numbers (strictly increasing); or tag 2 for inline. */
export function encodeProposal(proposal: AllocationProposal): Uint8Array {
  if (proposal.kind === 'inline') return Uint8Array.of(PROPOSAL_INLINE);
  const { batches } = proposal;
  checkBatchList(batches);
  const bytes = new Uint8Array(5 + 8 * batches.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = PROPOSAL_BATCHES;
  view.setUint32(1, batches.length, true);
  for (let i = 0; i < batches.length; i++) view.setBigUint64(5 + 8 * i, BigInt(batches[i]), true);
  return bytes;
}

/** Parses a proposal; undefined for bytes that are not exactly a canonical encoding. */
export function decodeProposal(bytes: Uint8Array): AllocationProposal | undefined {
  if (bytes.length === 1 && bytes[0] === PROPOSAL_INLINE) return { kind: 'inline' };
  if (bytes.length < 5 || bytes[0] !== PROPOSAL_BATCHES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(1, true);
  if (count === 0 || count > MAX_PROPOSED_BATCHES || bytes.length !== 5 + 8 * count) return undefined;
  const batches: number[] = [];
  for (let i = 0; i < count; i++) {
    const batch = view.getBigUint64(5 + 8 * i, true);
    if (batch > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    const value = Number(batch);
    if (i > 0 && value <= batches[i - 1]) return undefined;
    batches.push(value);
  }
  return { kind: 'batches', batches };
}

/** Tag 1 + the proposal's encoding, tag 2 (reject) or tag 3 (no proposal). */
export function encodeVote(vote: AllocationVote): Uint8Array {
  if (vote.kind === 'reject') return Uint8Array.of(VOTE_REJECT);
  if (vote.kind === 'noProposal') return Uint8Array.of(VOTE_NO_PROPOSAL);
  const proposal = encodeProposal(vote.proposal);
  const bytes = new Uint8Array(1 + proposal.length);
  bytes[0] = VOTE_CONFIRM;
  bytes.set(proposal, 1);
  return bytes;
}

/** Parses a vote; undefined for malformed bytes (counted like a missing vote). */
export function decodeVote(bytes: Uint8Array): AllocationVote | undefined {
  if (bytes.length === 1 && bytes[0] === VOTE_REJECT) return { kind: 'reject' };
  if (bytes.length === 1 && bytes[0] === VOTE_NO_PROPOSAL) return { kind: 'noProposal' };
  if (bytes.length < 2 || bytes[0] !== VOTE_CONFIRM) return undefined;
  const proposal = decodeProposal(bytes.subarray(1));
  return proposal && { kind: 'confirm', proposal };
}

/**
 * This party's vote on `proposal` from `leader`: confirm when it is well formed (exactly `needed` batches, all of
 * the leader's lane, or inline) and the ledger reserves its batches for `requestId`; else reject.
 */
export function voteOn(
  proposal: AllocationProposal | undefined,
  context: {
    requestId: string;
    leader: number;
    numParties: number;
    needed: number;
    ledger: AllocationLedger;
  },
): AllocationVote {
  if (proposal === undefined) return { kind: 'noProposal' };
  if (proposal.kind === 'inline') return { kind: 'confirm', proposal };
  const { batches } = proposal;
  if (batches.length !== context.needed) return { kind: 'reject' };
  if (batches.some((batch) => laneOf(batch, context.numParties) !== context.leader))
    return { kind: 'reject' };
  return context.ledger.confirmBatches(context.requestId, batches)
    ? { kind: 'confirm', proposal }
    : { kind: 'reject' };
}

/**
 * The decision from the votes of one round (index = party, undefined for missing or malformed): n − t identical
 * confirms of a proposal → that proposal; n − t votes that are "confirm inline" or "no proposal" → inline
 * (either way no batch is used; see README for why the two may be pooled); otherwise undefined (fail).
 * @example decideAllocation([undefined, confirm, confirm, confirm, undefined], 4, 1) // the confirmed proposal
 */
export function decideAllocation(
  votes: readonly (AllocationVote | undefined)[],
  numParties: number,
  threshold: number,
): AllocationDecision | undefined {
  const quorum = numParties - threshold;
  const confirms = new Map<string, { proposal: AllocationProposal; count: number }>();
  let inlineVotes = 0;
  for (let party = 1; party <= numParties; party++) {
    const vote = votes[party];
    if (vote === undefined || vote.kind === 'reject') continue;
    if (vote.kind === 'noProposal' || vote.proposal.kind === 'inline') {
      inlineVotes++;
      continue;
    }
    const key = Buffer.from(encodeProposal(vote.proposal)).toString('hex');
    const entry = confirms.get(key) ?? { proposal: vote.proposal, count: 0 };
    entry.count++;
    confirms.set(key, entry);
  }
  for (const { proposal, count } of confirms.values()) if (count >= quorum) return proposal;
  if (inlineVotes >= quorum) return { kind: 'inline' };
  return undefined;
}

/** Inputs of one allocation at one party. */
export interface AllocationRequest {
  readonly requestId: string;
  /** Batches the request's BitDec needs (batchesFor); 0 or more than `maxBatches` → the leader proposes inline. */
  readonly needed: number;
  /** Most batches one request may take from a lane (what a lane can hold). */
  readonly maxBatches: number;
  readonly ledger: AllocationLedger;
  /** How long a party waits for the leader's proposal before voting noProposal. */
  readonly proposalTimeoutMs: number;
}

/** The outcome at this party, with the votes it counted (for tests and logs). */
export interface AllocationOutcome {
  readonly decision: AllocationDecision;
  readonly leader: number;
  readonly votes: readonly (AllocationVote | undefined)[];
  readonly rounds: number;
}

/**
 * Two rounds over `session` (A: the leader's proposal, B: everyone's vote); returns the decision or throws
 * PoolAllocationError (retryable) when the votes allow none.
 * @example const { decision } = await agreeOnAllocation(session.child('pool-allocation'), { requestId, needed: 1, maxBatches: 16, ledger, proposalTimeoutMs: 2_000 })
 */
export async function agreeOnAllocation(
  session: Session,
  request: AllocationRequest,
): Promise<AllocationOutcome> {
  const { requestId, needed, maxBatches, ledger } = request;
  checkCount('needed', needed, 0, Number.MAX_SAFE_INTEGER);
  checkCount('maxBatches', maxBatches, 0, Number.MAX_SAFE_INTEGER);
  checkCount('proposalTimeoutMs', request.proposalTimeoutMs, 0, 2 ** 31 - 1);
  const n = session.numParties;
  const self = session.partyIndex;
  const firstRound = session.round;
  const leader = allocationLeader(requestId, n);

  let proposal: AllocationProposal | undefined;
  let malformed = false;
  if (self === leader) {
    const fits = needed > 0 && needed <= Math.min(maxBatches, MAX_PROPOSED_BATCHES);
    const batches = fits ? ledger.proposeBatches(requestId, needed) : undefined;
    proposal = batches ? { kind: 'batches', batches } : { kind: 'inline' };
    await session.exchange(encodeProposal(proposal), { from: [] });
  } else {
    const received = await session.exchange(undefined, {
      from: [leader],
      timeoutMs: request.proposalTimeoutMs,
    });
    const bytes = received[leader];
    proposal = bytes === MISSING ? undefined : decodeProposal(bytes);
    malformed = bytes !== MISSING && proposal === undefined;
  }
  // The leader reserved its proposal when it made it.
  const own: AllocationVote =
    self === leader
      ? { kind: 'confirm', proposal: proposal! }
      : malformed
        ? { kind: 'reject' }
        : voteOn(proposal, { requestId, leader, numParties: n, needed, ledger });
  const messages = await session.exchange(encodeVote(own));
  const votes: (AllocationVote | undefined)[] = [undefined];
  for (let party = 1; party <= n; party++) {
    const bytes = messages[party];
    votes.push(party === self ? own : bytes === MISSING ? undefined : decodeVote(bytes));
  }
  const decision = decideAllocation(votes, n, session.threshold);
  if (decision === undefined) {
    throw new PoolAllocationError(
      `request ${requestId}: no quorum of ${n - session.threshold} agreeing votes on the preprocessing to use (leader ${leader}); retry the request`,
    );
  }
  return { decision, leader, votes, rounds: session.round - firstRound };
}

function checkBatchList(batches: readonly number[]): void {
  if (!Array.isArray(batches) || batches.length === 0 || batches.length > MAX_PROPOSED_BATCHES)
    throw new ProtocolInputError(`batches: expected 1..${MAX_PROPOSED_BATCHES} batch numbers`);
  batches.forEach((batch, i) => {
    checkCount(`batches[${i}]`, batch, 0, Number.MAX_SAFE_INTEGER);
    if (i > 0 && batch <= batches[i - 1])
      throw new ProtocolInputError('batches: expected strictly increasing batch numbers');
  });
}

function checkCount(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ProtocolInputError(`${name}: expected an integer in [${min}, ${max}], got ${value}`);
}
