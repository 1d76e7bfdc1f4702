// One ceremony turn: the contributor's update of the CRS (powers of α → powers of α·τ, through worker threads) with
// its proof of knowledge of τ, the message that carries both, and the receivers' verification. Verification runs
// the cheap checks first (framing, turn, decoding with the curve equation, parameters, structure, proof,
// non-degeneracy) and the expensive ones last (every point in its subgroup, the batched pairing check).
import { bls446 } from '../../../fhe/bls446/index.ts';
import {
  type CompactPkeCrs,
  CrsError,
  type CrsScalarParams,
  checkCrsParamsAndStructure,
  checkPowersOfTauAsync,
  contributeCrsAsync,
  DOMAIN_SEPARATOR_NAMES,
  type DomainSeparators,
  decodeCrs,
  encodeCrs,
  generateCrsShape,
  randomScalar,
  validateCrsAsync,
} from '../../../fhe/crs/index.ts';
import { decodeFrames, encodeFrames, NetError } from '../../net/index.ts';
import { ProtocolInputError } from '../errors.ts';
import {
  crsChainDigest,
  decodeTauProof,
  encodeTauProof,
  type ProofContext,
  proveTau,
  type TauProof,
  verifyTauProof,
} from './proof.ts';

/** The fixed hash domain separators of ceremony CRSs (the reference KMS's `zk/constants.rs`). */
export const CEREMONY_DOMAIN_SEPARATORS: Readonly<Record<(typeof DOMAIN_SEPARATOR_NAMES)[number], string>> =
  Object.freeze({
    hash: 'ZKHASH__',
    hash_R: 'ZKHASH_R',
    hash_t: 'ZKHASH_T',
    hash_w: 'ZKHASH_W',
    hash_agg: 'ZK_AGGRE',
    hash_lmap: 'ZKLINMAP',
    hash_phi: 'ZKHA_PHI',
    hash_xi: 'ZKHAS_XI',
    hash_z: 'ZKHASH_Z',
    hash_chi: 'ZKHA_CHI',
    hash_gamma: 'VCProve2',
  });

/** A CRS together with its serialization and chain digest (what the next turn's proof is bound to). */
export interface CeremonyState {
  crs: CompactPkeCrs;
  bytes: Uint8Array;
  digest: Uint8Array;
}

/** Where a turn happens: the ceremony's session id, the turn number and its contributor. */
export interface TurnContext {
  sessionId: Uint8Array;
  turn: number;
  contributor: number;
}

/** Options of the point work. */
export interface TurnWorkOptions {
  /** worker threads for multiplications and checks (default: src/fhe/crs's choice) */
  workers?: number;
  /** largest accepted serialized CRS (default 2^28) */
  sizeLimit?: number;
}

/** A CRS sid (u128) from a session id: its first 16 bytes, little-endian. */
export function crsSidOf(sessionId: Uint8Array): bigint {
  let v = 0n;
  for (let i = Math.min(16, sessionId.length) - 1; i >= 0; i--) v = (v << 8n) | BigInt(sessionId[i]);
  return v;
}

/** The ceremony's starting point pp_0: every g_i = G1, every ĝ_j = G2 (α = 1), g_{n+1} = ∞, with the session's sid
 * and the fixed domain separators. Deterministic, so every party starts from the same bytes.
 * @example const start = initialCeremonyState(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), sessionId)
 */
export function initialCeremonyState(params: CrsScalarParams, sessionId: Uint8Array): CeremonyState {
  const domainSeparators = {} as DomainSeparators;
  for (const name of DOMAIN_SEPARATOR_NAMES)
    domainSeparators[name] = new TextEncoder().encode(CEREMONY_DOMAIN_SEPARATORS[name]);
  const shape = generateCrsShape(params, { sid: crsSidOf(sessionId), domainSeparators });
  const { n } = shape;
  const crs: CompactPkeCrs = {
    ...shape,
    gList: Array.from({ length: 2 * n }, (_, i) => (i === n ? bls446.G1.ZERO : bls446.G1.BASE)),
    gHatList: Array.from({ length: n }, () => bls446.G2.BASE),
  };
  return stateOf(crs);
}

/** The state of a CRS (serializes it and digests the bytes). */
export function stateOf(crs: CompactPkeCrs, bytes: Uint8Array = encodeCrs(crs)): CeremonyState {
  return { crs, bytes, digest: crsChainDigest(bytes) };
}

/** What a contributor broadcasts: u32 turn, the new CRS (tfhe-rs serialization, uncompressed points), the proof. */
export interface ContributionMessage {
  turn: number;
  crsBytes: Uint8Array;
  proof: Uint8Array;
}

export function encodeContribution(message: ContributionMessage): Uint8Array {
  const turn = new Uint8Array(4);
  new DataView(turn.buffer).setUint32(0, message.turn, true);
  return encodeFrames([turn, message.crsBytes, message.proof]);
}

export function decodeContribution(bytes: Uint8Array, sizeLimit: number): ContributionMessage {
  const [turn, crsBytes, proof] = decodeFrames(bytes, {
    count: 3,
    maxTotalBytes: sizeLimit + 4096,
    maxPartBytes: sizeLimit,
  });
  if (turn.length !== 4) throw new ProtocolInputError('contribution: turn must be 4 bytes');
  const view = new DataView(turn.buffer, turn.byteOffset, 4);
  return { turn: view.getUint32(0, true), crsBytes, proof };
}

function proofContext(ctx: TurnContext, previous: CeremonyState): ProofContext {
  return {
    sessionId: ctx.sessionId,
    turn: ctx.turn,
    contributor: ctx.contributor,
    previousDigest: previous.digest,
  };
}

/** The result of an honest turn: the new state and the message to broadcast. */
export interface Contribution {
  state: CeremonyState;
  message: Uint8Array;
}

/** Builds this party's contribution on `previous` with a fresh secret τ (dropped when this returns).
 * @example const { message, state } = await contribute(previous, { sessionId, turn: 2, contributor: 2 })
 */
export async function contribute(
  previous: CeremonyState,
  ctx: TurnContext,
  options: TurnWorkOptions = {},
): Promise<Contribution> {
  const { crs, proof } = await updateCrs(previous, ctx, options);
  return assembleContribution(ctx, crs, proof);
}

/** The new CRS (secret α·τ for a fresh τ) and the proof of knowledge of τ, before serialization.
 * @example const { crs, proof } = await updateCrs(previous, ctx)
 */
export async function updateCrs(
  previous: CeremonyState,
  ctx: TurnContext,
  options: TurnWorkOptions = {},
): Promise<{ crs: CompactPkeCrs; proof: TauProof }> {
  const tau = randomScalar();
  const crs = await contributeCrsAsync(previous.crs, tau, { workers: options.workers });
  return { crs, proof: proveTau(proofContext(ctx, previous), tau, previous.crs.gList[0], crs.gList[0]) };
}

/** The message and state of a contribution from its CRS and proof (adversarial tests build bad ones with it). */
export function assembleContribution(ctx: TurnContext, crs: CompactPkeCrs, proof: TauProof): Contribution {
  const crsBytes = encodeCrs(crs);
  return {
    state: stateOf(crs, crsBytes),
    message: encodeContribution({ turn: ctx.turn, crsBytes, proof: encodeTauProof(proof) }),
  };
}

/** A verification verdict: the accepted state, or why the contribution is skipped. */
export type Verdict = { valid: true; state: CeremonyState } | { valid: false; reason: string };

const SAME_FIELDS = [
  'd',
  'k',
  'bInf',
  'q',
  't',
  'msbsZeroPaddingBitCount',
  'boundType',
  'D',
  'n',
  'bBoundSquared',
  'sid',
] as const;

function sameMetadata(a: CompactPkeCrs, b: CompactPkeCrs): string | undefined {
  for (const f of SAME_FIELDS) if (a[f] !== b[f]) return `${f} differs from the previous CRS`;
  for (const name of DOMAIN_SEPARATOR_NAMES) {
    if (!Buffer.from(a.domainSeparators[name]).equals(Buffer.from(b.domainSeparators[name])))
      return `domain separator ${name} differs from the previous CRS`;
  }
  return undefined;
}

function reasonOf(e: unknown): string {
  if (e instanceof CrsError || e instanceof ProtocolInputError) return e.message;
  throw e;
}

/** Verifies a contribution to `previous` received at turn ctx.turn from ctx.contributor. Never throws on bad
 * input: a contribution that fails any check gets { valid: false, reason }.
 * @example const verdict = await verifyContribution(previous, bytes, { sessionId, turn: 2, contributor: 2 })
 */
export async function verifyContribution(
  previous: CeremonyState,
  bytes: Uint8Array,
  ctx: TurnContext,
  options: TurnWorkOptions = {},
): Promise<Verdict> {
  const sizeLimit = options.sizeLimit ?? DEFAULT_SIZE_LIMIT;
  let message: ContributionMessage;
  let crs: CompactPkeCrs;
  let proof: TauProof;
  try {
    message = decodeContribution(bytes, sizeLimit);
    if (message.turn !== ctx.turn)
      return { valid: false, reason: `turn ${message.turn}, expected ${ctx.turn}` };
    crs = decodeCrs(message.crsBytes, { sizeLimit });
    proof = decodeTauProof(message.proof);
  } catch (e) {
    return { valid: false, reason: asMalformed(e) };
  }
  const cheap = checkAgainstPrevious(previous, crs);
  if (cheap !== undefined) return { valid: false, reason: cheap };
  try {
    if (!verifyTauProof(proofContext(ctx, previous), proof, previous.crs.gList[0], crs.gList[0]))
      return { valid: false, reason: 'proof of knowledge of τ does not verify' };
  } catch (e) {
    // g_1 outside the subgroup cannot be encoded for the challenge
    return { valid: false, reason: `proof of knowledge of τ: ${(e as Error).message}` };
  }
  return verifyPoints(crs, message.crsBytes, options);
}

/** Verifies a CRS dealt by a trusted-setup dealer on top of pp_0 `start` (same checks as a contribution, without
 * the proof of knowledge).
 * @example const verdict = await verifyDealtCrs(initialCeremonyState(params, sid), bytes)
 */
export async function verifyDealtCrs(
  start: CeremonyState,
  crsBytes: Uint8Array,
  options: TurnWorkOptions = {},
): Promise<Verdict> {
  let crs: CompactPkeCrs;
  try {
    crs = decodeCrs(crsBytes, { sizeLimit: options.sizeLimit ?? DEFAULT_SIZE_LIMIT });
  } catch (e) {
    return { valid: false, reason: asMalformed(e) };
  }
  const cheap = checkAgainstPrevious(start, crs);
  if (cheap !== undefined) return { valid: false, reason: cheap };
  return verifyPoints(crs, crsBytes, options);
}

export const DEFAULT_SIZE_LIMIT = 1 << 28;

// metadata, structure and non-degeneracy: everything before the point work
function checkAgainstPrevious(previous: CeremonyState, crs: CompactPkeCrs): string | undefined {
  const differs = sameMetadata(crs, previous.crs);
  if (differs !== undefined) return differs;
  try {
    checkCrsParamsAndStructure(crs);
  } catch (e) {
    return reasonOf(e);
  }
  // τ = 1 would keep the previous secret (in the first turn, the known α = 1)
  if (crs.gList[0].equals(previous.crs.gList[0])) return 'g_1 unchanged (degenerate τ)';
  return undefined;
}

// every point on its curve and in its subgroup, then the batched pairing check
async function verifyPoints(
  crs: CompactPkeCrs,
  crsBytes: Uint8Array,
  options: TurnWorkOptions,
): Promise<Verdict> {
  try {
    await validateCrsAsync(crs, { workers: options.workers });
  } catch (e) {
    return { valid: false, reason: reasonOf(e) };
  }
  const powers = await checkPowersOfTauAsync(crs.gList, crs.gHatList, {
    pointsValidated: true,
    workers: options.workers,
  });
  if (!powers) return { valid: false, reason: 'the points are not consecutive powers of one secret' };
  return { valid: true, state: stateOf(crs, crsBytes) };
}

function asMalformed(e: unknown): string {
  if (e instanceof CrsError || e instanceof ProtocolInputError) return e.message;
  if (e instanceof NetError) return `malformed message: ${e.message}`;
  throw e;
}
