// The distributed CRS ceremony (sequential powers of τ, as the reference KMS's zk/ceremony.rs): parties contribute
// in increasing index order, each turn is one reliable broadcast from the contributor, and every party verifies
// every contribution it did not make. An invalid contribution is skipped (the CRS stays as it was) and its sender
// is marked corrupt — verdicts depend only on the broadcast bytes, so honest parties agree on them. The ceremony
// fails rather than output a CRS no valid contribution went into, since pp_0's secret (α = 1) is known.
import type { CompactPkeCrs, CrsScalarParams } from '../../../fhe/crs/index.ts';
import { reliableBroadcast, type Session } from '../../net/index.ts';
import { ProtocolAbortError } from '../errors.ts';
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
 * wait for the next contributor); communication is n reliable broadcasts. Throws ProtocolAbortError when no
 * contribution was valid.
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
  const work: TurnWorkOptions = { workers: options.workers, sizeLimit: options.sizeLimit };
  const progress = options.onProgress ?? (() => {});
  let state = initialCeremonyState(options.params, session.sessionId);
  const contributors: number[] = [];
  const skipped: { party: number; reason: string }[] = [];
  for (let turn = 1; turn <= n; turn++) {
    if (options.signal?.aborted) throw new ProtocolAbortError('CRS ceremony aborted');
    const party = turn; // contribution order: party index order
    const ctx: TurnContext = { sessionId: session.sessionId, turn, contributor: party };
    const report = (phase: CeremonyProgress['phase'], reason?: string) =>
      progress({ turn, turns: n, contributor: party, phase, reason });
    if (session.isCorrupt(party)) {
      skipped.push({ party, reason: 'marked corrupt earlier' });
      report('skipped', 'marked corrupt earlier');
      continue;
    }
    let own: Contribution | undefined;
    if (party === self) {
      report('contributing');
      own = await contributor(state, ctx, work);
    }
    report('broadcasting');
    const { values } = await reliableBroadcast(session, [party], own?.message);
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
    const verdict = await verifyContribution(state, received, ctx, work);
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
