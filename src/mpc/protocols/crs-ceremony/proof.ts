// Proof of knowledge of a contribution's secret τ: a Schnorr proof in G1 that the new first power g'_1 is τ times the
// previous one g_1. The Fiat–Shamir challenge binds the session, the turn and the digest of the CRS the contribution
// builds on, so a proof cannot be replayed in another ceremony, at another turn or on top of another CRS (what keeps
// a corrupt contributor from copying an honest party's update without knowing its τ).
import { createHash } from 'node:crypto';
import { decodeG1, encodeG1, type G1Point, mulG1, R } from '../../../fhe/bls446/index.ts';
import { randomScalar } from '../../../fhe/crs/index.ts';
import { ProtocolInputError } from '../errors.ts';

/** Domain separator of the challenge (the reference KMS's `CRS_UPDA`). */
export const CRS_UPDATE_DSEP = new TextEncoder().encode('CRS_UPDA');
/** Domain separator of the digest of a serialized CRS a contribution builds on. */
export const CRS_CHAIN_DSEP = new TextEncoder().encode('CRS_CHAN');

const SCALAR_BYTES = 38; // r has 299 bits
const R_POINT_BYTES = 144; // uncompressed G1
/** Bytes of an encoded proof: the commitment (uncompressed G1) then the response s (big-endian). */
export const TAU_PROOF_BYTES = R_POINT_BYTES + SCALAR_BYTES;

/** What a proof is bound to. */
export interface ProofContext {
  /** the ceremony's session id */
  sessionId: Uint8Array;
  /** the turn (1-based position in the contribution order) */
  turn: number;
  /** the contributing party */
  contributor: number;
  /** crsChainDigest of the serialized CRS the contribution starts from */
  previousDigest: Uint8Array;
}

/** A Schnorr proof: commitment Rc = r·g_1 and response s = h·τ + r mod r. */
export interface TauProof {
  commitment: G1Point;
  response: bigint;
}

/** SHAKE-256 (32 bytes) of a serialized CRS, under CRS_CHAIN_DSEP.
 * @example const d = crsChainDigest(encodeCrs(crs))
 */
export function crsChainDigest(crsBytes: Uint8Array): Uint8Array {
  if (!(crsBytes instanceof Uint8Array)) throw new ProtocolInputError('crsBytes: expected a Uint8Array');
  return new Uint8Array(
    createHash('shake256', { outputLength: 32 }).update(CRS_CHAIN_DSEP).update(crsBytes).digest(),
  );
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}

function lengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Uint8Array): void {
  hash.update(u32(bytes.length)).update(bytes);
}

function challenge(ctx: ProofContext, previous: G1Point, next: G1Point, commitment: G1Point): bigint {
  const hash = createHash('shake256', { outputLength: 64 });
  hash.update(CRS_UPDATE_DSEP);
  lengthPrefixed(hash, ctx.sessionId);
  hash.update(u32(ctx.turn)).update(u32(ctx.contributor));
  lengthPrefixed(hash, ctx.previousDigest);
  for (const p of [next, previous, commitment]) lengthPrefixed(hash, encodeG1(p));
  let v = 0n;
  for (const b of hash.digest()) v = (v << 8n) | BigInt(b);
  return v % R; // 512 bits reduced mod a 299-bit prime: bias ≈ 2^-213
}

function checkContext(ctx: ProofContext): void {
  if (!(ctx.sessionId instanceof Uint8Array) || !(ctx.previousDigest instanceof Uint8Array))
    throw new ProtocolInputError('proof context: expected sessionId and previousDigest bytes');
  for (const f of ['turn', 'contributor'] as const)
    if (!Number.isSafeInteger(ctx[f]) || ctx[f] < 1 || ctx[f] > 0xffff_ffff)
      throw new ProtocolInputError(`proof context: ${f} must be a positive u32`);
}

/** Proves knowledge of τ with next = τ·previous (previous = the old g_1, next = the new g_1).
 * @example const proof = proveTau(ctx, tau, old.gList[0], next.gList[0])
 */
export function proveTau(ctx: ProofContext, tau: bigint, previous: G1Point, next: G1Point): TauProof {
  checkContext(ctx);
  const r = randomScalar();
  const commitment = mulG1(previous, r, 'previous');
  const h = challenge(ctx, previous, next, commitment);
  return { commitment, response: (h * tau + r) % R };
}

/** True iff `proof` shows knowledge of τ with next = τ·previous, bound to ctx. All points must be valid G1 points.
 * @example verifyTauProof(ctx, proof, old.gList[0], next.gList[0]) // true for an honest contribution
 */
export function verifyTauProof(
  ctx: ProofContext,
  proof: TauProof,
  previous: G1Point,
  next: G1Point,
): boolean {
  checkContext(ctx);
  if (proof.response < 0n || proof.response >= R) return false;
  const h = challenge(ctx, previous, next, proof.commitment);
  const left = mulG1(previous, proof.response, 'previous');
  const right = mulG1(next, h, 'next').add(proof.commitment);
  return left.equals(right);
}

/** Serializes a proof (TAU_PROOF_BYTES).
 * @example encodeTauProof(proof).length // 182
 */
export function encodeTauProof(proof: TauProof): Uint8Array {
  const out = new Uint8Array(TAU_PROOF_BYTES);
  out.set(encodeG1(proof.commitment), 0);
  let s = proof.response;
  for (let i = TAU_PROOF_BYTES - 1; i >= R_POINT_BYTES; i--) {
    out[i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return out;
}

/** Parses a proof; throws ProtocolInputError on a bad length, an invalid commitment point or a response ≥ r.
 * @example decodeTauProof(encodeTauProof(proof))
 */
export function decodeTauProof(bytes: Uint8Array): TauProof {
  if (!(bytes instanceof Uint8Array) || bytes.length !== TAU_PROOF_BYTES)
    throw new ProtocolInputError(`proof: expected ${TAU_PROOF_BYTES} bytes`);
  let commitment: G1Point;
  try {
    commitment = decodeG1(bytes.subarray(0, R_POINT_BYTES));
  } catch (e) {
    throw new ProtocolInputError(`proof: commitment ${(e as Error).message}`);
  }
  let response = 0n;
  for (const b of bytes.subarray(R_POINT_BYTES)) response = (response << 8n) | BigInt(b);
  if (response >= R) throw new ProtocolInputError('proof: response is not below r');
  return { commitment, response };
}
