// Synchronous reliable broadcast, batched: any set of senders broadcast in the same rounds, and every round
// carries one message per peer for all instances.
//
//   round 1  send     each sender sends its value
//   round 2  echo     each party sends the hash of what it received; `perhaps` = a hash echoed ≥ n − t times
//   round 3  perhaps  each party sends its `perhaps`; `most` = a hash sent ≥ t + 1 times (unique: honest parties
//                     only send one hash); vote bit b = [most was sent ≥ n − t times]
//   then t + 1 phases of binary phase-king agreement on b (3 rounds each: vote, propose, king)
//
// This is the Turpin–Coan reduction of broadcast to binary agreement, with the reference KMS's structure (send,
// echo, hash votes). Why not the reference's t + 1 rounds of threshold votes (vote at round r if ≥ t + r votes,
// accept with ≥ n − t)? A corrupt party can show its votes to some honest parties only: with n = 4, a corrupt
// sender that gets one honest party to vote, then shows its own vote to a second, makes party A accept and party
// C reject. Agreement needs a real agreement protocol; phase king is the simplest deterministic one for t < n/3.
//
// Values are only sent in round 1; echoes and votes carry 32-byte hashes. A party that must output a value it did
// not receive (a corrupt sender skipped it) asks for it in phase 1 and gets it from the ≥ t + 1 honest holders.
// Parties that miss a round or send malformed bytes are not waited for again in this broadcast.
import {
  bitmapBytes,
  decodeBitmap,
  decodeBitmaps,
  decodeHashes,
  encodeBitmap,
  encodeBitmaps,
  encodeHashes,
  hashKey,
  hashValue,
} from './broadcast-codec.ts';
import { checkArgument, checkBytes, checkInteger, NetError } from './errors.ts';
import { decodeFrames, encodeFrames } from './framing.ts';
import type { RoundMessages, Session } from './session.ts';
import { MISSING } from './transport.ts';

/** The outcome of one broadcast, identical at every honest party. */
export interface BroadcastResult {
  /** values[j] = sender j's value (index 1..n); undefined for non-senders and failed senders. */
  readonly values: (Uint8Array | undefined)[];
  /** Senders whose instance produced no value (silent, equivocating); now marked corrupt in the session. */
  readonly failedSenders: readonly number[];
  /** Communication rounds used (= broadcastRoundCount(t, known corrupt), or 0 when no sender is left). */
  readonly rounds: number;
}

/**
 * Rounds one broadcast takes with threshold t when `knownCorrupt` parties are already marked corrupt.
 * @example broadcastRoundCount(1) // 9 for n = 4
 */
export function broadcastRoundCount(threshold: number, knownCorrupt = 0): number {
  return 3 + 3 * (threshold - knownCorrupt + 1);
}

/**
 * Every party broadcasts its own `value` (the common case: triple generation's d-shares).
 * @example const { values } = await broadcastFromAll(session, myShares) // values[j] from party j
 */
export function broadcastFromAll(session: Session, value: Uint8Array): Promise<BroadcastResult> {
  const everyone = Array.from({ length: session.numParties }, (_, i) => i + 1);
  return reliableBroadcast(session, everyone, value);
}

/**
 * Reliable broadcast from `senders` (sorted or not; the same list at every party). A sender passes its value,
 * other parties pass undefined. Senders already marked corrupt are skipped (their value is undefined).
 * Throws ProtocolAbort when more than t parties are marked corrupt, and needs n > 3t.
 * @example const { values } = await reliableBroadcast(session, [2], session.partyIndex === 2 ? crs : undefined)
 */
export async function reliableBroadcast(
  session: Session,
  senders: readonly number[],
  value: Uint8Array | undefined,
): Promise<BroadcastResult> {
  const n = session.numParties;
  const self = session.partyIndex;
  const t = session.threshold;
  checkArgument(n > 3 * t, `reliable broadcast needs n > 3t, got n = ${n}, t = ${t}`);
  checkArgument(senders.length > 0, 'senders: expected at least one sender');
  for (const s of senders) checkInteger('senders[]', s, 1, n);
  const senderSet = new Set(senders);
  checkArgument(senderSet.size === senders.length, 'senders: expected distinct parties');
  if (senderSet.has(self)) checkBytes('value', value);
  else checkArgument(value === undefined, `value: party ${self} is not a sender and must pass undefined`);

  const known = session.corrupt;
  if (known.size > t) {
    throw new NetError('ProtocolAbort', `${known.size} parties are corrupt, more than t = ${t}`, [...known]);
  }
  const values = new Array<Uint8Array | undefined>(n + 1).fill(undefined);
  const instances = [...senderSet].filter((s) => !known.has(s)).sort((a, b) => a - b);
  if (instances.length === 0) return { values, failedSenders: [], rounds: 0 };
  const run = new BroadcastRun(session, instances, value);
  const accepted = await run.execute();
  const failedSenders: number[] = [];
  instances.forEach((sender, i) => {
    const v = accepted[i];
    if (v !== undefined) values[sender] = v;
    else {
      failedSenders.push(sender);
      if (sender !== self) session.markCorrupt(sender);
    }
  });
  return { values, failedSenders, rounds: run.rounds };
}

/** State of one broadcast at one party. */
class BroadcastRun {
  private readonly self: number;
  private readonly active: number[];
  private readonly quorum: number;
  private readonly support: number;
  private readonly phases: number;
  private readonly m: number;
  /** Parties that missed a round or sent garbage: not waited for again in this broadcast. */
  private readonly ignored = new Set<number>();
  rounds = 0;

  constructor(
    private readonly session: Session,
    private readonly instances: readonly number[],
    private readonly value: Uint8Array | undefined,
  ) {
    this.self = session.partyIndex;
    this.active = session.honestParties();
    const tActive = session.threshold - (session.numParties - this.active.length);
    this.quorum = this.active.length - tActive;
    this.support = tActive + 1;
    this.phases = tActive + 1;
    this.m = instances.length;
  }

  async execute(): Promise<(Uint8Array | undefined)[]> {
    const m = this.m;
    // Round 1: send.
    const isSender = this.instances.includes(this.self);
    const sent = await this.exchange(isSender ? this.value : undefined, this.instances);
    const held = this.instances.map((s) => {
      const received = s === this.self ? this.value : sent[s];
      return received instanceof Uint8Array ? received : undefined;
    });
    const ownHash = held.map((v) => (v === undefined ? undefined : hashValue(v)));

    // Round 2: echo hashes; perhaps = a hash echoed by ≥ n − t parties.
    const echoes = await this.exchange(encodeHashes(ownHash));
    const echoCounts = this.countHashes(echoes, ownHash);
    const perhaps = echoCounts.map((counts) => pick(counts, this.quorum)?.hash);

    // Round 3: perhaps; most = a hash sent by ≥ t + 1 parties, b = it was sent by ≥ n − t.
    const perhapsMessages = await this.exchange(encodeHashes(perhaps));
    const perhapsCounts = this.countHashes(perhapsMessages, perhaps);
    const most = perhapsCounts.map((counts) => pick(counts, this.support));
    const vote = most.map((entry) => entry !== undefined && entry.count >= this.quorum);
    const valueOfMost = most.map((entry, i) =>
      entry !== undefined && ownHash[i] !== undefined && hashKey(ownHash[i]) === entry.key
        ? held[i]
        : undefined,
    );
    const need = most.map((entry, i) => entry !== undefined && valueOfMost[i] === undefined);

    // Phase king on the bits.
    const strong = new Array<boolean>(m).fill(false);
    for (let phase = 0; phase < this.phases; phase++) {
      // Vote: x = the bit that ≥ n − t parties hold (phase 1 also tells who needs which value).
      const first = phase === 0;
      const votes = await this.exchange(first ? encodeBitmaps(m, vote, need) : encodeBitmaps(m, vote));
      const requests = new Array<boolean[] | undefined>(this.session.numParties + 1);
      const ones = vote.map((b) => (b ? 1 : 0));
      const zeros = vote.map((b) => (b ? 0 : 1));
      this.forEachMessage(votes, (party, bytes) => {
        const [bits, needs] = decodeBitmaps(bytes, m, first ? 2 : 1);
        if (first) requests[party] = needs;
        for (let i = 0; i < m; i++) bits[i] ? ones[i]++ : zeros[i]++;
      });
      const proposal = vote.map((_, i) => (ones[i] >= this.quorum ? 1 : zeros[i] >= this.quorum ? 0 : -1));

      // Propose: adopt a bit proposed by ≥ t + 1; it is strong (kept against the king) if proposed by ≥ n − t.
      const proposalBytes = encodeBitmaps(
        m,
        proposal.map((p) => p >= 0),
        proposal.map((p) => p === 1),
      );
      const proposals = await this.exchange(
        first ? (to) => this.serveValues(to, proposalBytes, requests[to], valueOfMost) : proposalBytes,
      );
      const proposedOne = proposal.map((p) => (p === 1 ? 1 : 0));
      const proposedZero = proposal.map((p) => (p === 0 ? 1 : 0));
      this.forEachMessage(proposals, (_, bytes) => {
        let bitmaps = bytes;
        if (first) {
          const parts = decodeFrames(bytes, { maxParts: 2 + m });
          checkFrame(parts.length >= 2, 'proposal frame without bitmaps');
          bitmaps = parts[0];
          const served = decodeBitmap(parts[1], m);
          checkFrame(parts[1].length === bitmapBytes(m), 'served bitmap length');
          let next = 2;
          for (let i = 0; i < m; i++) {
            if (!served[i]) continue;
            checkFrame(next < parts.length, 'fewer served values than announced');
            const candidate = parts[next++];
            const entry = most[i];
            if (need[i] && entry !== undefined && valueOfMost[i] === undefined) {
              if (hashKey(hashValue(candidate)) === entry.key) valueOfMost[i] = candidate;
            }
          }
          checkFrame(next === parts.length, 'more served values than announced');
        }
        const [has, bits] = decodeBitmaps(bitmaps, m, 2);
        for (let i = 0; i < m; i++) if (has[i]) bits[i] ? proposedOne[i]++ : proposedZero[i]++;
      });
      for (let i = 0; i < m; i++) {
        if (proposedOne[i] >= this.support) {
          vote[i] = true;
          strong[i] = proposedOne[i] >= this.quorum;
        } else if (proposedZero[i] >= this.support) {
          vote[i] = false;
          strong[i] = proposedZero[i] >= this.quorum;
        } else strong[i] = false;
      }

      // King: parties without a strong bit take the king's.
      const king = this.active[phase];
      if (king === this.self) {
        await this.exchange(encodeBitmap(vote), []);
      } else {
        const kingMessage = await this.exchange(undefined, [king]);
        this.forEachMessage(kingMessage, (_, bytes) => {
          const [bits] = decodeBitmaps(bytes, m, 1);
          for (let i = 0; i < m; i++) if (!strong[i]) vote[i] = bits[i];
        });
      }
    }
    return vote.map((accepted, i) => (accepted ? valueOfMost[i] : undefined));
  }

  /** One round, receiving from `from` (default: every active party) minus the ignored ones. */
  private async exchange(
    payload: Uint8Array | ((to: number) => Uint8Array | undefined) | undefined,
    from: readonly number[] = this.active,
  ): Promise<RoundMessages> {
    const expected = from.filter((p) => p !== this.self && !this.ignored.has(p));
    const messages = await this.session.exchange(payload, { from: expected });
    this.rounds++;
    for (const p of expected) if (messages[p] === MISSING) this.ignored.add(p);
    return messages;
  }

  /** Calls `handle` for every received message of another party; a malformed one gets its sender ignored. */
  private forEachMessage(messages: RoundMessages, handle: (party: number, bytes: Uint8Array) => void): void {
    for (let party = 1; party < messages.length; party++) {
      const bytes = messages[party];
      if (party === this.self || bytes === MISSING || this.ignored.has(party)) continue;
      try {
        handle(party, bytes);
      } catch (error) {
        if (!(error instanceof NetError) || error.kind !== 'InvalidMessage') throw error;
        this.ignored.add(party);
      }
    }
  }

  /** Counts, per instance, the parties that sent each hash (own entry included). */
  private countHashes(messages: RoundMessages, own: readonly (Uint8Array | undefined)[]): HashCounts[] {
    const counts = own.map((h) => {
      const map: HashCounts = new Map();
      if (h !== undefined) map.set(hashKey(h), { key: hashKey(h), hash: h, count: 1 });
      return map;
    });
    this.forEachMessage(messages, (_, bytes) => {
      decodeHashes(bytes, this.m).forEach((h, i) => {
        if (h === undefined) return;
        const key = hashKey(h);
        const entry = counts[i].get(key);
        if (entry) entry.count++;
        else counts[i].set(key, { key, hash: h, count: 1 });
      });
    });
    return counts;
  }

  /** Phase-1 proposal to `to`, with the values it asked for that this party holds (hash = most). */
  private serveValues(
    to: number,
    proposalBytes: Uint8Array,
    requested: readonly boolean[] | undefined,
    valueOfMost: readonly (Uint8Array | undefined)[],
  ): Uint8Array {
    const served = valueOfMost.map((v, i) => v !== undefined && requested?.[i] === true && to !== this.self);
    const values = valueOfMost.filter((_, i) => served[i]) as Uint8Array[];
    return encodeFrames([proposalBytes, encodeBitmap(served), ...values]);
  }
}

interface HashCount {
  readonly key: string;
  readonly hash: Uint8Array;
  count: number;
}
type HashCounts = Map<string, HashCount>;

/** The most frequent hash if it reaches `threshold` (at most one can, for the thresholds used here). */
function pick(counts: HashCounts, threshold: number): HashCount | undefined {
  let best: HashCount | undefined;
  for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
  return best !== undefined && best.count >= threshold ? best : undefined;
}

function checkFrame(condition: boolean, message: string): void {
  if (!condition) throw new NetError('InvalidMessage', `broadcast proposal: ${message}`);
}
