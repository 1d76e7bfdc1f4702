// A protocol's view of one session: rounds are numbered for it, messages are exchanged with every peer per
// round, and parties found corrupt ("bots") are no longer waited for.
import { checkArgument, checkBytes, checkInteger, NetError } from './errors.ts';
import { checkSessionId, childSessionId, type SessionId } from './session-id.ts';
import { MISSING, type Received, type Transport } from './transport.ts';

/** Per-recipient payload: `undefined` sends nothing to that party. Called for this party too (its own entry). */
export type PayloadFor = (to: number) => Uint8Array | undefined;

/** The messages of one round, indexed by party (1..n); index 0 is unused (MISSING). */
export type RoundMessages = Received[];

/** Options of a session. No defaults: the timeout is policy (config), the threshold is the deployment's. */
export interface SessionOptions {
  /** Largest number of corrupt parties tolerated (t). */
  readonly threshold: number;
  /** How long a round waits for each peer before counting it as missing. */
  readonly timeoutMs: number;
  /** Parties already known to be corrupt (must be the same set at every honest party). */
  readonly corrupt?: Iterable<number>;
  /**
   * The parties taking part (this one included; default: all). The others are neither sent to nor awaited: their
   * entries read as MISSING, as for a silent party.
   */
  readonly participants?: readonly number[];
}

/** Options of one exchange. */
export interface ExchangeOptions {
  /** Parties to receive from (default: every other party not marked corrupt). Others read as MISSING. */
  readonly from?: readonly number[];
  /** Overrides the session timeout for this round. */
  readonly timeoutMs?: number;
  /**
   * Ends the round before every awaited party answered: called with the messages so far (own entry included,
   * not-yet-received parties MISSING) once before waiting and after each burst of arrivals; the round ends as
   * soon as it returns true. Parties not heard from by then read as MISSING (they were not necessarily
   * silent). Their later messages for the round go to receives nobody reads any more, or are dropped by the
   * inbox as late once those receives time out or the session closes. A throw rejects the exchange.
   */
  readonly enough?: (received: RoundMessages) => boolean;
}

/**
 * One party's side of a session. Every `exchange` is one communication round.
 * @example
 * const session = new Session(transport, deriveSessionId(requestId, 'decrypt'), { threshold: 1, timeoutMs: 20_000 });
 * const shares = await session.exchange(myShare);          // same payload to all
 * const opened = await session.exchange((to) => shareFor(to)); // one payload per party
 * session.close();
 */
export class Session {
  readonly sessionId: SessionId;
  readonly partyIndex: number;
  readonly numParties: number;
  readonly threshold: number;
  readonly timeoutMs: number;
  private readonly corruptParties = new Set<number>();
  /** undefined: every party takes part. */
  private readonly participantSet: ReadonlySet<number> | undefined;
  private roundCounter = 0;
  private closed = false;
  /** Messages and bytes this party sent in the session. */
  messagesSent = 0;
  bytesSent = 0;

  constructor(
    readonly transport: Transport,
    sessionId: SessionId,
    options: SessionOptions,
  ) {
    checkSessionId(sessionId);
    this.sessionId = sessionId;
    this.partyIndex = transport.partyIndex;
    this.numParties = transport.numParties;
    checkInteger('threshold', options.threshold, 0, Math.max(0, Math.floor((this.numParties - 1) / 2)));
    checkInteger('timeoutMs', options.timeoutMs, 0, 2 ** 31 - 1);
    this.threshold = options.threshold;
    this.timeoutMs = options.timeoutMs;
    for (const party of options.corrupt ?? []) this.markCorrupt(party);
    if (options.participants !== undefined) {
      for (const party of options.participants) checkInteger('participants[]', party, 1, this.numParties);
      checkArgument(
        options.participants.includes(this.partyIndex),
        `participants: this party (${this.partyIndex}) must take part`,
      );
      this.participantSet = new Set(options.participants);
    }
  }

  /** Whether `party` takes part in the session (see SessionOptions.participants). */
  isParticipant(party: number): boolean {
    return this.participantSet === undefined || this.participantSet.has(party);
  }

  /** The parties taking part, ascending. */
  get participants(): number[] {
    const parties: number[] = [];
    for (let p = 1; p <= this.numParties; p++) if (this.isParticipant(p)) parties.push(p);
    return parties;
  }

  /** Number of communication rounds run so far (the wire round number of the last exchange). */
  get round(): number {
    return this.roundCounter;
  }

  /** Parties marked corrupt; later rounds do not wait for them. */
  get corrupt(): ReadonlySet<number> {
    return this.corruptParties;
  }

  isCorrupt(party: number): boolean {
    return this.corruptParties.has(party);
  }

  /** Marks `party` corrupt (idempotent). Marking this party itself is refused. */
  markCorrupt(party: number): void {
    checkInteger('party', party, 1, this.numParties);
    checkArgument(party !== this.partyIndex, `party: a party cannot mark itself (${party}) corrupt`);
    this.corruptParties.add(party);
  }

  /** The participants not marked corrupt, this one included, in increasing order. */
  honestParties(): number[] {
    const parties: number[] = [];
    for (let p = 1; p <= this.numParties; p++)
      if (!this.corruptParties.has(p) && this.isParticipant(p)) parties.push(p);
    return parties;
  }

  /**
   * One round: sends `payload` (the same bytes to every other participant, or `payload(to)` per participant, or
   * nothing) and waits for the round's message of every participant in `options.from`. Returns an array indexed
   * by party: the bytes, or MISSING for silent, timed-out, corrupt, not-awaited or non-participating parties; the
   * own entry is what this party sent itself. With `options.enough`, the round may end before all awaited parties answered.
   */
  async exchange(
    payload: Uint8Array | PayloadFor | undefined,
    options: ExchangeOptions = {},
  ): Promise<RoundMessages> {
    if (this.closed) throw new NetError('SessionClosed', 'exchange on a closed session');
    const round = ++this.roundCounter;
    const n = this.numParties;
    const self = this.partyIndex;
    const messages: RoundMessages = new Array<Received>(n + 1).fill(MISSING);
    if (payload instanceof Uint8Array && this.participantSet === undefined) {
      this.transport.sendToAll(this.sessionId, round, payload);
      this.messagesSent += n - 1;
      this.bytesSent += payload.length * (n - 1);
      messages[self] = payload;
    } else if (payload instanceof Uint8Array || typeof payload === 'function') {
      for (let to = 1; to <= n; to++) {
        if (!this.isParticipant(to)) continue;
        const bytes = payload instanceof Uint8Array ? payload : payload(to);
        if (bytes === undefined) continue;
        checkBytes(`payload(${to})`, bytes);
        if (to === self) {
          messages[self] = bytes;
          continue;
        }
        this.transport.send(this.sessionId, round, to, bytes);
        this.messagesSent++;
        this.bytesSent += bytes.length;
      }
    } else {
      checkArgument(payload === undefined, 'payload: expected bytes, a function or undefined');
    }
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const senders: number[] = [];
    const pending: Promise<Received>[] = [];
    const from = options.from;
    for (let party = 1; party <= n; party++) {
      if (party === self || this.corruptParties.has(party) || !this.isParticipant(party)) continue;
      if (from !== undefined && !from.includes(party)) continue;
      senders.push(party);
      pending.push(this.transport.receive(this.sessionId, round, party, timeoutMs));
    }
    const enough = options.enough;
    if (enough === undefined) {
      const received = await Promise.all(pending);
      for (let i = 0; i < senders.length; i++) messages[senders[i]] = received[i];
      return messages;
    }
    return collectUntil(messages, senders, pending, enough);
  }

  /**
   * A session for a sub-protocol, with an id derived from this one and `tag`, the same options and a copy of
   * the corrupt set (marks made in the child do not flow back: merge them if the protocol agrees on them).
   * Children with distinct tags can run in parallel over the same transport.
   * @example const batch = session.child(`triples/${k}`)
   */
  child(tag: string, options: Partial<Pick<SessionOptions, 'timeoutMs'>> = {}): Session {
    return new Session(this.transport, childSessionId(this.sessionId, tag), {
      threshold: this.threshold,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      corrupt: this.corruptParties,
      participants: this.participantSet && [...this.participantSet],
    });
  }

  /** Closes the session on the transport: buffered and later messages are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.closeSession(this.sessionId);
  }
}

/**
 * Fills `messages` as the receives of `senders` resolve, and resolves with a snapshot as soon as `enough` holds
 * or every receive resolved (then without asking `enough`). `enough` runs once per burst of arrivals (on the
 * next macrotask), so messages already there are all looked at (a liar among them is caught, not skipped) and
 * n − 1 messages arriving together cost one check, not n − 1. Receives still pending at the end are left to the
 * inbox (delivery, timeout or close).
 */
function collectUntil(
  messages: RoundMessages,
  senders: readonly number[],
  pending: readonly Promise<Received>[],
  enough: (received: RoundMessages) => boolean,
): Promise<RoundMessages> {
  return new Promise<RoundMessages>((resolve, reject) => {
    let outstanding = pending.length;
    let finished = false;
    let checkScheduled = false;
    const finish = () => {
      finished = true;
      resolve(messages.slice());
    };
    const check = () => {
      checkScheduled = false;
      if (finished) return;
      try {
        // Once everyone answered or timed out, the round is over whatever `enough` says.
        if (outstanding === 0 || enough(messages)) finish();
      } catch (error) {
        finished = true;
        reject(error);
      }
    };
    for (let i = 0; i < senders.length; i++) {
      pending[i].then((received) => {
        if (finished) return;
        messages[senders[i]] = received;
        outstanding--;
        if (checkScheduled) return;
        if (received === MISSING && outstanding > 0) return;
        checkScheduled = true;
        setImmediate(check);
      }, reject);
    }
    check();
  });
}

/** The parties among `parties` whose entry in `messages` is MISSING.
 * @example missingParties(messages, [2, 3, 4]) // [3] if party 3 was silent
 */
export function missingParties(messages: RoundMessages, parties: Iterable<number>): number[] {
  const missing: number[] = [];
  for (const party of parties) if (messages[party] === MISSING) missing.push(party);
  return missing;
}

/** Throws a `Timeout` NetError naming the parties among `parties` whose message is MISSING.
 * @example requireAll(messages, session.honestParties())
 */
export function requireAll(messages: RoundMessages, parties: Iterable<number>, what = 'round'): Uint8Array[] {
  const missing = missingParties(messages, parties);
  if (missing.length > 0) {
    throw new NetError('Timeout', `${what}: no message from parties ${missing.join(', ')}`, missing);
  }
  return messages as Uint8Array[];
}
