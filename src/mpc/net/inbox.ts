// The receiving half of a transport: buffers early messages, matches them with receives, times receives out,
// and forgets closed sessions. Shared by the in-memory transport and the gRPC peer transport, which both call
// `deliver` with the authenticated sender of each message.
import { NetError } from './errors.ts';
import { type SessionId, sessionIdHex } from './session-id.ts';
import { MISSING, type Received } from './transport.ts';

/** Bounds on what one party keeps for its peers. All are required: they are policy, set in the config. */
export interface InboxLimits {
  /** Unread messages kept per session; one more is dropped and reported (`BufferOverflow`). */
  readonly maxBufferedMessagesPerSession: number;
  /** Unread bytes kept per session; a message that would exceed it is dropped and reported. */
  readonly maxBufferedBytesPerSession: number;
  /** Sessions a single peer may open by sending first, before this party takes part in them. */
  readonly maxPendingSessionsPerSender: number;
  /** Closed session ids remembered, so that late messages for them are dropped instead of buffered. */
  readonly maxClosedSessionsRemembered: number;
  /**
   * Unread messages kept per sender within a session (default: maxBufferedMessagesPerSession), so that one
   * peer cannot fill the session's buffer and crowd out the others.
   */
  readonly maxBufferedMessagesPerSender?: number;
  /** Unread bytes kept per sender within a session (default: maxBufferedBytesPerSession). */
  readonly maxBufferedBytesPerSender?: number;
  /**
   * Messages for a round more than this many rounds behind the latest round this party received in the session
   * are late and dropped; receipts older than that are forgotten, which bounds the memory of long sessions
   * (default 1024; synchronous protocols are never that far behind).
   */
  readonly maxRoundLag?: number;
}

/** Limits suited to tests and benchmarks in one process. */
export const TEST_INBOX_LIMITS: InboxLimits = {
  maxBufferedMessagesPerSession: 100_000,
  maxBufferedBytesPerSession: 1 << 30,
  maxPendingSessionsPerSender: 1_000,
  maxClosedSessionsRemembered: 100_000,
  maxBufferedMessagesPerSender: 10_000,
  maxBufferedBytesPerSender: 1 << 28,
  maxRoundLag: 1024,
};

/** Counters for metrics. */
export interface InboxStats {
  delivered: number;
  dropped: number;
  timedOut: number;
}

interface Waiter {
  readonly resolve: (received: Received) => void;
  readonly deadline: number;
  readonly session: SessionState;
  readonly key: number;
  settled: boolean;
}

interface SessionState {
  readonly hex: string;
  readonly buffered: Map<number, Uint8Array>;
  readonly waiters: Map<number, Waiter>;
  /** Keys already received or timed out: later messages for them are duplicates or late, and dropped. */
  readonly done: Set<number>;
  bufferedBytes: number;
  /** Unread messages and bytes per sender (index = party). */
  readonly senderMessages: Uint32Array;
  readonly senderBytes: Float64Array;
  /** Highest round this party received (or timed out) in the session. */
  latestRound: number;
  /** The peer whose message created the session before this party used it; 0 once this party used it. */
  pendingOwner: number;
}

/**
 * Buffers and matches messages for one party. `onDrop` hears every dropped message, with the reason as a
 * NetError (kind `BufferOverflow`, `SessionClosed` or `InvalidMessage` for a duplicate).
 * @example const inbox = new Inbox(4, TEST_INBOX_LIMITS); inbox.deliver(sid, 1, 2, bytes); await inbox.receive(sid, 1, 2, 100)
 */
export class Inbox {
  readonly stats: InboxStats = { delivered: 0, dropped: 0, timedOut: 0 };
  private readonly sessions = new Map<string, SessionState>();
  private readonly closed = new Map<string, true>();
  private readonly pendingPerSender: number[];
  private readonly keyBase: number;
  // One timer for all waiting receives: armed for the earliest deadline, cleared when nothing waits.
  private readonly heap: Waiter[] = [];
  private liveWaiters = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDeadline = Number.POSITIVE_INFINITY;
  // Session ids are passed as the same object on every call of a session: hex them once.
  private readonly hexCache = new WeakMap<SessionId, string>();
  private readonly maxPerSenderMessages: number;
  private readonly maxPerSenderBytes: number;
  private readonly maxRoundLag: number;

  constructor(
    readonly numParties: number,
    readonly limits: InboxLimits,
    private readonly onDrop: (reason: NetError) => void = () => {},
  ) {
    this.pendingPerSender = new Array<number>(numParties + 1).fill(0);
    this.keyBase = numParties + 1;
    this.maxPerSenderMessages = limits.maxBufferedMessagesPerSender ?? limits.maxBufferedMessagesPerSession;
    this.maxPerSenderBytes = limits.maxBufferedBytesPerSender ?? limits.maxBufferedBytesPerSession;
    this.maxRoundLag = limits.maxRoundLag ?? 1024;
  }

  /** Hands over a message whose sender the transport has authenticated. Returns false if it was dropped. */
  deliver(sessionId: SessionId, round: number, from: number, payload: Uint8Array): boolean {
    if (
      !Number.isInteger(from) ||
      from < 1 ||
      from > this.numParties ||
      !Number.isInteger(round) ||
      round < 0
    ) {
      return this.drop('InvalidMessage', `bad sender ${from} or round ${round}`, from);
    }
    // Look up only: network transports parse a fresh id per message, caching those would only churn.
    const hex = this.hexCache.get(sessionId) ?? sessionIdHex(sessionId);
    if (this.closed.has(hex)) return this.drop('SessionClosed', `session ${hex} is closed`, from);
    let session = this.sessions.get(hex);
    if (session === undefined) {
      if (this.pendingPerSender[from] >= this.limits.maxPendingSessionsPerSender) {
        return this.drop(
          'BufferOverflow',
          `party ${from} opened too many sessions this party has not joined`,
          from,
        );
      }
      session = this.newSession(hex, from);
    }
    const key = round * this.keyBase + from;
    const waiter = session.waiters.get(key);
    if (waiter !== undefined) {
      session.waiters.delete(key);
      this.markDone(session, key);
      this.settle(waiter, payload);
      this.stats.delivered++;
      return true;
    }
    if (
      session.done.has(key) ||
      session.buffered.has(key) ||
      round + this.maxRoundLag < session.latestRound
    ) {
      return this.drop(
        'InvalidMessage',
        `duplicate or late message for round ${round} in session ${hex}`,
        from,
      );
    }
    if (
      session.buffered.size >= this.limits.maxBufferedMessagesPerSession ||
      session.bufferedBytes + payload.length > this.limits.maxBufferedBytesPerSession
    ) {
      return this.drop('BufferOverflow', `session ${hex}: unread-message buffer full (round ${round})`, from);
    }
    if (
      session.senderMessages[from] >= this.maxPerSenderMessages ||
      session.senderBytes[from] + payload.length > this.maxPerSenderBytes
    ) {
      return this.drop('BufferOverflow', `session ${hex}: party ${from} has too many unread messages`, from);
    }
    session.buffered.set(key, payload);
    session.bufferedBytes += payload.length;
    session.senderMessages[from]++;
    session.senderBytes[from] += payload.length;
    this.stats.delivered++;
    return true;
  }

  /** The message of (session, round, from), or MISSING after `timeoutMs`. One receive per key at a time. */
  receive(sessionId: SessionId, round: number, from: number, timeoutMs: number): Promise<Received> {
    const hex = this.hexOf(sessionId);
    if (this.closed.has(hex)) return Promise.resolve(MISSING);
    let session = this.sessions.get(hex);
    if (session === undefined) session = this.newSession(hex, 0);
    else if (session.pendingOwner !== 0) {
      this.pendingPerSender[session.pendingOwner]--;
      session.pendingOwner = 0;
    }
    const key = round * this.keyBase + from;
    const payload = session.buffered.get(key);
    if (payload !== undefined) {
      session.buffered.delete(key);
      session.bufferedBytes -= payload.length;
      session.senderMessages[from]--;
      session.senderBytes[from] -= payload.length;
      this.markDone(session, key);
      return Promise.resolve(payload);
    }
    if (session.waiters.has(key)) {
      throw new NetError(
        'InvalidArgument',
        `a receive for round ${round} from party ${from} is already pending`,
      );
    }
    if (session.done.has(key) || timeoutMs <= 0) {
      this.markDone(session, key);
      return Promise.resolve(MISSING);
    }
    return new Promise<Received>((resolve) => {
      const waiter: Waiter = {
        resolve,
        deadline: performance.now() + timeoutMs,
        session,
        key,
        settled: false,
      };
      session.waiters.set(key, waiter);
      this.liveWaiters++;
      this.heapPush(waiter);
      if (waiter.deadline < this.timerDeadline) this.arm(waiter.deadline);
    });
  }

  /** Drops the session's buffered messages and all later ones; pending receives resolve to MISSING. */
  close(sessionId: SessionId): void {
    const hex = this.hexOf(sessionId);
    const session = this.sessions.get(hex);
    if (session !== undefined) {
      this.sessions.delete(hex);
      if (session.pendingOwner !== 0) this.pendingPerSender[session.pendingOwner]--;
      for (const waiter of session.waiters.values()) this.settle(waiter, MISSING);
      session.waiters.clear();
      session.buffered.clear();
    }
    if (!this.closed.has(hex)) {
      this.closed.set(hex, true);
      if (this.closed.size > this.limits.maxClosedSessionsRemembered) {
        this.closed.delete(this.closed.keys().next().value as string);
      }
    }
  }

  /** Number of sessions with state (buffered messages or pending receives). */
  get openSessions(): number {
    return this.sessions.size;
  }

  private newSession(hex: string, pendingOwner: number): SessionState {
    const session: SessionState = {
      hex,
      buffered: new Map(),
      waiters: new Map(),
      done: new Set(),
      bufferedBytes: 0,
      senderMessages: new Uint32Array(this.keyBase),
      senderBytes: new Float64Array(this.keyBase),
      latestRound: 0,
      pendingOwner,
    };
    if (pendingOwner !== 0) this.pendingPerSender[pendingOwner]++;
    this.sessions.set(hex, session);
    return session;
  }

  private hexOf(sessionId: SessionId): string {
    let hex = this.hexCache.get(sessionId);
    if (hex === undefined) {
      hex = sessionIdHex(sessionId);
      this.hexCache.set(sessionId, hex);
    }
    return hex;
  }

  /** Remembers a received or timed-out key; forgets keys more than maxRoundLag rounds old. */
  private markDone(session: SessionState, key: number): void {
    session.done.add(key);
    const round = Math.floor(key / this.keyBase);
    if (round > session.latestRound) session.latestRound = round;
    if (session.done.size > 2 * (this.maxRoundLag + 1) * this.keyBase) {
      const oldest = (session.latestRound - this.maxRoundLag) * this.keyBase;
      for (const k of session.done) if (k < oldest) session.done.delete(k);
    }
  }

  private drop(
    kind: 'SessionClosed' | 'BufferOverflow' | 'InvalidMessage',
    message: string,
    from: number,
  ): false {
    this.stats.dropped++;
    this.onDrop(new NetError(kind, `dropped a message from party ${from}: ${message}`, [from]));
    return false;
  }

  private settle(waiter: Waiter, received: Received): void {
    if (waiter.settled) return;
    waiter.settled = true;
    this.liveWaiters--;
    if (this.liveWaiters === 0) {
      // Nothing waits: forget the deadlines, so the happy path leaves no timer behind.
      this.heap.length = 0;
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDeadline = Number.POSITIVE_INFINITY;
    }
    waiter.resolve(received);
  }

  private arm(deadline: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerDeadline = deadline;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(deadline - performance.now())));
  }

  private expire(): void {
    this.timer = undefined;
    this.timerDeadline = Number.POSITIVE_INFINITY;
    const now = performance.now();
    while (this.heap.length > 0 && (this.heap[0].settled || this.heap[0].deadline <= now)) {
      const waiter = this.heapPop();
      if (waiter.settled) continue;
      waiter.session.waiters.delete(waiter.key);
      this.markDone(waiter.session, waiter.key);
      this.stats.timedOut++;
      this.settle(waiter, MISSING);
    }
    if (this.heap.length > 0) this.arm(this.heap[0].deadline);
  }

  private heapPush(waiter: Waiter): void {
    const heap = this.heap;
    let i = heap.push(waiter) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].deadline <= waiter.deadline) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = waiter;
  }

  private heapPop(): Waiter {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as Waiter;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && heap[right].deadline < heap[left].deadline ? right : left;
        if (heap[child].deadline >= last.deadline) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
