// Insecure trusted setup (the reference's InsecureCrsGen, for tests): one dealer draws τ, generates the CRS with
// fixed-base multiplications and broadcasts it; the others check it (structure, points, powers of one secret) but
// must trust the dealer to forget τ. Same sid and domain separators as a ceremony CRS.
import {
  type CompactPkeCrs,
  type CrsScalarParams,
  encodeCrs,
  generateCrsAsync,
  randomScalar,
} from '../../../fhe/crs/index.ts';
import { reliableBroadcast, type Session } from '../../net/index.ts';
import { ProtocolAbortError } from '../errors.ts';
import { initialCeremonyState, type TurnWorkOptions, verifyDealtCrs } from './contribution.ts';

/** Options of runTrustedSetup. */
export interface TrustedSetupOptions extends TurnWorkOptions {
  params: CrsScalarParams;
  /** the party that generates the CRS */
  dealer: number;
}

/**
 * Runs the insecure trusted setup at this party: one reliable broadcast. Throws ProtocolAbortError when the dealer's
 * broadcast fails or its CRS does not verify.
 * @example const { crsBytes } = await runTrustedSetup(session, { params, dealer: 1 })
 */
export async function runTrustedSetup(
  session: Session,
  options: TrustedSetupOptions,
): Promise<{ crs: CompactPkeCrs; crsBytes: Uint8Array }> {
  const start = initialCeremonyState(options.params, session.sessionId);
  let own: Uint8Array | undefined;
  let ownCrs: CompactPkeCrs | undefined;
  if (session.partyIndex === options.dealer) {
    ownCrs = await generateCrsAsync(options.params, randomScalar(), {
      sid: start.crs.sid,
      domainSeparators: start.crs.domainSeparators,
      workers: options.workers,
    });
    own = encodeCrs(ownCrs);
  }
  const { values } = await reliableBroadcast(session, [options.dealer], own);
  const received = values[options.dealer];
  if (received === undefined)
    throw new ProtocolAbortError('trusted setup: the dealer did not broadcast a CRS', [options.dealer]);
  if (ownCrs !== undefined) return { crs: ownCrs, crsBytes: received };
  const verdict = await verifyDealtCrs(start, received, options);
  if (!verdict.valid)
    throw new ProtocolAbortError(`trusted setup: invalid CRS from the dealer: ${verdict.reason}`, [
      options.dealer,
    ]);
  return { crs: verdict.state.crs, crsBytes: received };
}
