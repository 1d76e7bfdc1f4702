// The distributed CRS ceremony (sequential powers of τ, as the reference KMS's zk/ceremony.rs): parties contribute
// in increasing index order, each turn is one reliable broadcast from the contributor, and every party verifies
// every contribution it did not make. An invalid contribution is skipped (the CRS stays as it was) and its sender
// is marked corrupt — verdicts depend only on the broadcast bytes, so honest parties agree on them. The ceremony
// fails rather than output a CRS no valid contribution went into, since pp_0's secret (α = 1) is known.
import { availableParallelism } from 'node:os';
import type { CompactPkeCrs, CrsScalarParams } from '../../../fhe/crs/index.ts';
import { reliableBroadcast, type Session } from '../../net/index.ts';
import { ProtocolAbortError } from '../errors.ts';
import { type AheadContribution, contributeAhead } from './ahead.ts';
import {
  type CeremonyState,
  type Contribution,
  contribute,
  initialCeremonyState,
  type TurnContext,
  type TurnWorkOptions,
  verifyContribution,
} from './contribution.ts';

/** A step of the ceremony as seen by one party (for logs and progress bars). */
export interface CeremonyProgress {
  turn: number;
  turns: number;
  contributor: number;
  phase: 'contributing' | 'broadcasting' | 'verifying' | 'accepted' | 'skipped';
  reason?: string;
}

/** Options of runCrsCeremony. */
export interface CrsCeremonyOptions extends TurnWorkOptions {
  /** CRS parameters (crsParamsForPke(pke, maxNumBits)) */
  params: CrsScalarParams;
  onProgress?: (progress: CeremonyProgress) => void;
  /** stops the ceremony at the next turn (ProtocolAbortError) */
  signal?: AbortSignal;
}

/** The outcome, identical at every honest party. */
export interface CrsCeremonyResult {
  crs: CompactPkeCrs;
  /** tfhe-rs 1.7 serialization of `crs` (uncompressed points), what goes to the public vault */
  crsBytes: Uint8Array;
  /** parties whose contribution went into the CRS, in order */
  contributors: number[];
  /** parties whose contribution was skipped, and why */
  skipped: { party: number; reason: string }[];
}

/** How a party produces its turn's contribution (honest: `contribute`; tests substitute adversaries). */
export type Contributor = (
  previous: CeremonyState,
  ctx: TurnContext,
  options: TurnWorkOptions,
) => Promise<Contribution>;

/**
 * Runs the ceremony at this party. The session's timeout must cover one contribution plus one verification (the
 * wait for the next contributor); communication is n reliable broadcasts, in which every party still in the
 * ceremony sends, so a party that is down costs one timeout in all. `workers` defaults to every available CPU.
 * Throws ProtocolAbortError when no contribution was valid, and at once when `signal` fires.
 * @example const { crsBytes } = await runCrsCeremony(session, { params: crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048) })
 */
export function runCrsCeremony(session: Session, options: CrsCeremonyOptions): Promise<CrsCeremonyResult> {
  return runCeremonyWith(session, options, contribute);
}

/** runCrsCeremony with this party's contributions made by `contributor`. */
export async function runCeremonyWith(
  session: Session,
  options: CrsCeremonyOptions,
  contributor: Contributor,
): Promise<CrsCeremonyResult> {
  const n = session.numParties;
  const self = session.partyIndex;
  const { signal } = options;
  // the point work is the whole cost of a turn: by default it takes every CPU
  const work: TurnWorkOptions = {
    workers: options.workers ?? availableParallelism(),
    sizeLimit: options.sizeLimit,
  };
  const progress = options.onProgress ?? (() => {});
  let state = initialCeremonyState(options.params, session.sessionId);
  const contributors: number[] = [];
  const skipped: { party: number; reason: string }[] = [];
  const silentSince = new Map<number, number>();
  let ahead: AheadContribution | undefined;
  for (let turn = 1; turn <= n; turn++) {
    throwIfAborted(signal);
    const party = turn; // contribution order: party index order
    const ctx: TurnContext = { sessionId: session.sessionId, turn, contributor: party };
    const report = (phase: CeremonyProgress['phase'], reason?: string) =>
      progress({ turn, turns: n, contributor: party, phase, reason });
    if (session.isCorrupt(party) || silentSince.has(party)) {
      const since = silentSince.get(party);
      const reason = since === undefined ? 'marked corrupt earlier' : `silent since turn ${since}`;
      skipped.push({ party, reason });
      report('skipped', reason);
      continue;
    }
    let own: Contribution | undefined;
    if (party === self) {
      report('contributing');
      const early = ahead;
      ahead = undefined;
      own = await abortable(
        (async () => (await early?.basedOn(state)) ?? contributor(state, ctx, work))(),
        signal,
      );
    }
    report('broadcasting');
    // Every party still in the ceremony sends in each turn's broadcast (the contributor its contribution, the
    // others an empty presence value): a party that is down fails its own instance in the first turn it misses,
    // all honest parties agree on that and no round waits for it again. Were the contributor the only sender, a
    // party that is down would cost every turn one session timeout (its missing echo).
    const { values, failedSenders } = await abortable(
      reliableBroadcast(session, session.honestParties(), own?.message ?? PRESENCE),
      signal,
    );
    // the honest parties agree on failed instances: when this party's own failed, they go on without it
    if (failedSenders.includes(self))
      throw new ProtocolAbortError(
        `CRS ceremony: this party missed turn ${turn}, the others go on without it`,
      );
    for (const failed of failedSenders) if (failed !== party) silentSince.set(failed, turn);
    const received = values[party];
    if (received === undefined) {
      skipped.push({ party, reason: 'broadcast failed' });
      report('skipped', 'broadcast failed');
      continue;
    }
    if (own !== undefined) {
      state = own.state;
      contributors.push(party);
      report('accepted');
      continue;
    }
    report('verifying');
    const next: TurnContext = { sessionId: session.sessionId, turn: turn + 1, contributor: turn + 1 };
    if (next.contributor === self) ahead = contributeAhead(received, next, contributor, work);
    const verdict = await abortable(verifyContribution(state, received, ctx, work), signal);
    if (verdict.valid) {
      state = verdict.state;
      contributors.push(party);
      report('accepted');
    } else {
      session.markCorrupt(party);
      skipped.push({ party, reason: verdict.reason });
      report('skipped', verdict.reason);
    }
  }
  if (contributors.length === 0)
    throw new ProtocolAbortError(
      'CRS ceremony: no valid contribution',
      skipped.map((s) => s.party),
    );
  return { crs: state.crs, crsBytes: state.bytes, contributors, skipped };
}

/** What non-contributors send in a turn's broadcast. */
const PRESENCE = new Uint8Array(0);

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProtocolAbortError('CRS ceremony aborted');
}

/** `work`, or ProtocolAbortError as soon as `signal` fires (the work itself then finishes unobserved). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ProtocolAbortError('CRS ceremony aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
