// n parties in one process: each party's Transport delivers straight into the recipients' inboxes (no copies,
// no timers unless a fault delays a message). Fault rules let tests drop, delay, corrupt, replace or
// equivocate messages per sender / recipient / round, or silence a party entirely.
import { checkInteger, type NetError } from './errors.ts';
import { Inbox, type InboxLimits, TEST_INBOX_LIMITS } from './inbox.ts';
import type { SessionId } from './session-id.ts';
import { checkReceiveArguments, checkSendArguments, type Received, type Transport } from './transport.ts';

/** Where a message goes: passed to fault selectors and payload functions. */
export interface MessageContext {
  readonly sessionId: SessionId;
  readonly round: number;
  readonly from: number;
  readonly to: number;
}

/** What a fault does to a matching message. */
export type FaultAction =
  | { readonly kind: 'drop' }
  | { readonly kind: 'delay'; readonly ms: number }
  /** Default `mutate`: a copy with every bit of the first byte flipped (an empty payload becomes one byte). */
  | {
      readonly kind: 'corrupt';
      readonly mutate?: (payload: Uint8Array, context: MessageContext) => Uint8Array;
    }
  | { readonly kind: 'replace'; readonly payload: Uint8Array }
  /** A different payload per recipient (`undefined` = send nothing to that one). */
  | {
      readonly kind: 'equivocate';
      readonly payloadFor: (
        to: number,
        original: Uint8Array,
        context: MessageContext,
      ) => Uint8Array | undefined;
    };

/** A party or round selector: one value, a list, or a predicate. Omitted = any. */
export type Selector = number | readonly number[] | ((value: number) => boolean);

/** Applies `action` to every message matching all given selectors. */
export interface FaultRule {
  readonly from?: Selector;
  readonly to?: Selector;
  readonly round?: Selector;
  /** Only messages of the given session (compared by content). */
  readonly sessionId?: SessionId;
  readonly action: FaultAction;
}

/** Options of an in-memory network. */
export interface InMemoryNetworkOptions {
  /** Inbox bounds for every party (default: TEST_INBOX_LIMITS). */
  readonly limits?: InboxLimits;
  /** Hears every message an inbox dropped, with the recipient's index. */
  readonly onDrop?: (recipient: number, reason: NetError) => void;
}

function matches(selector: Selector | undefined, value: number): boolean {
  if (selector === undefined) return true;
  if (typeof selector === 'number') return selector === value;
  if (typeof selector === 'function') return selector(value);
  return selector.includes(value);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function flipFirstByte(payload: Uint8Array): Uint8Array {
  if (payload.length === 0) return Uint8Array.of(0xff);
  const out = payload.slice();
  out[0] ^= 0xff;
  return out;
}

/**
 * A network of `numParties` parties in one process.
 * @example
 * const net = new InMemoryNetwork(4);
 * net.addFault({ from: 3, round: 1, action: { kind: 'drop' } });
 * const t1 = net.transport(1);
 */
export class InMemoryNetwork {
  readonly numParties: number;
  private readonly inboxes: Inbox[] = [];
  private readonly transports: InMemoryTransport[] = [];
  private faults: FaultRule[] = [];
  /** Messages handed to an inbox (after faults), for tests and benchmarks. */
  messagesSent = 0;
  bytesSent = 0;

  constructor(numParties: number, options: InMemoryNetworkOptions = {}) {
    checkInteger('numParties', numParties, 1, 65_535);
    this.numParties = numParties;
    const limits = options.limits ?? TEST_INBOX_LIMITS;
    for (let party = 1; party <= numParties; party++) {
      const onDrop = options.onDrop;
      this.inboxes[party] = new Inbox(
        numParties,
        limits,
        onDrop ? (reason) => onDrop(party, reason) : undefined,
      );
      this.transports[party] = new InMemoryTransport(this, party);
    }
  }

  /** The endpoint of party `partyIndex` (1-based). */
  transport(partyIndex: number): Transport {
    checkInteger('partyIndex', partyIndex, 1, this.numParties);
    return this.transports[partyIndex];
  }

  /** The inbox of party `partyIndex`, for its counters. */
  inbox(partyIndex: number): Inbox {
    checkInteger('partyIndex', partyIndex, 1, this.numParties);
    return this.inboxes[partyIndex];
  }

  /** Adds a fault rule; returns a function that removes it. Rules apply in the order they were added. */
  addFault(rule: FaultRule): () => void {
    this.faults = [...this.faults, rule];
    return () => {
      this.faults = this.faults.filter((r) => r !== rule);
    };
  }

  /** Drops everything `partyIndex` sends, from now on (a crashed or fully silent party). */
  silence(partyIndex: number): () => void {
    checkInteger('partyIndex', partyIndex, 1, this.numParties);
    return this.addFault({ from: partyIndex, action: { kind: 'drop' } });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** @internal Routes one message, applying the fault rules. */
  route(sessionId: SessionId, round: number, from: number, to: number, payload: Uint8Array): void {
    if (this.faults.length === 0) {
      this.deliver(sessionId, round, from, to, payload);
      return;
    }
    const context: MessageContext = { sessionId, round, from, to };
    let delayMs = 0;
    let current: Uint8Array | undefined = payload;
    for (const rule of this.faults) {
      if (!matches(rule.from, from) || !matches(rule.to, to) || !matches(rule.round, round)) continue;
      if (rule.sessionId !== undefined && !sameBytes(rule.sessionId, sessionId)) continue;
      const action = rule.action;
      if (action.kind === 'drop') return;
      if (action.kind === 'delay') delayMs += action.ms;
      else if (action.kind === 'corrupt') current = (action.mutate ?? flipFirstByte)(current, context);
      else if (action.kind === 'replace') current = action.payload;
      else current = action.payloadFor(to, current, context);
      if (current === undefined) return;
    }
    const delivered = current;
    if (delayMs > 0) setTimeout(() => this.deliver(sessionId, round, from, to, delivered), delayMs);
    else this.deliver(sessionId, round, from, to, delivered);
  }

  private deliver(sessionId: SessionId, round: number, from: number, to: number, payload: Uint8Array): void {
    this.messagesSent++;
    this.bytesSent += payload.length;
    this.inboxes[to].deliver(sessionId, round, from, payload);
  }
}

/** One party's endpoint on an InMemoryNetwork. The sender index is fixed: a party cannot speak for another. */
class InMemoryTransport implements Transport {
  readonly numParties: number;

  constructor(
    private readonly network: InMemoryNetwork,
    readonly partyIndex: number,
  ) {
    this.numParties = network.numParties;
  }

  send(sessionId: SessionId, round: number, to: number, payload: Uint8Array): void {
    checkSendArguments(this, sessionId, round, to, payload);
    this.network.route(sessionId, round, this.partyIndex, to, payload);
  }

  sendToAll(sessionId: SessionId, round: number, payload: Uint8Array): void {
    for (let to = 1; to <= this.numParties; to++) {
      if (to !== this.partyIndex) this.send(sessionId, round, to, payload);
    }
  }

  receive(sessionId: SessionId, round: number, from: number, timeoutMs: number): Promise<Received> {
    checkReceiveArguments(this, sessionId, round, from, timeoutMs);
    return this.network.inbox(this.partyIndex).receive(sessionId, round, from, timeoutMs);
  }

  closeSession(sessionId: SessionId): void {
    this.network.inbox(this.partyIndex).close(sessionId);
  }
}
