// The client side of CRS generation: start the ceremony (or the insecure trusted setup) on every core, poll the
// results, verify each party's EIP-712 CrsgenVerification signature against its published address, accept the
// digest ≥ n − t parties signed, then fetch the CRS from an agreeing party's public vault and check it against that
// digest (and, by default, validate every point).
import type { CrsGenResult__Output } from '../core/api/generated/kms/v1/CrsGenResult.ts';
import { crsDigest } from '../core/signing/digest.ts';
import {
  crsgenVerification,
  type Eip712Domain,
  type Eip712DomainMessage,
  verifyEip712,
} from '../core/signing/eip712.ts';
import { loadCrsAsync } from '../fhe/crs/index.ts';

/** What crsGen needs from the cluster client. */
export interface CrsClientContext {
  numParties: number;
  threshold: number;
  domain: Eip712Domain;
  domainMessage: Eip712DomainMessage;
  newRequestId: () => string;
  fanOut: (method: string, request: unknown) => Promise<number[]>;
  pollAll: <R>(method: string, id: string, parties: number[]) => Promise<Map<number, R>>;
  partyAddress: (partyId: number) => Promise<string>;
  readPublic: (partyId: number, dataType: string, id: string) => Promise<Uint8Array>;
}

/** Options of crsGen. */
export interface CrsGenOptions {
  /** largest number of bits one proof may cover (reference default 2048) */
  maxNumBits?: number;
  /** parameter set whose compact public key the CRS is for ('default' or 'test') */
  params?: 'default' | 'test' | 'tfhe_default';
  /** InsecureCrsGen (party 1's trusted setup, tests only) instead of the ceremony */
  insecure?: boolean;
  /** check every point of the fetched CRS (curve, subgroup, structure); default true */
  validate?: boolean;
  /** the request id to use (default: a fresh one) */
  crsId?: string;
}

/** An accepted CRS. */
export interface CrsGenOutcome {
  crsId: string;
  maxNumBits: number;
  /** hex SHAKE-256 (PDAT_CRS) digest the agreeing parties signed */
  digest: string;
  agreeingParties: number[];
  /** the tfhe-rs 1.7 CompactPkeCrs bytes, matching `digest` */
  crsBytes: Uint8Array;
}

/**
 * Runs CRS generation on the cluster and returns the agreed, signature-checked CRS.
 * @example const { crsId, digest } = await crsGen(ctx, { maxNumBits: 2048 })
 */
export async function crsGen(ctx: CrsClientContext, options: CrsGenOptions = {}): Promise<CrsGenOutcome> {
  const maxNumBits = options.maxNumBits ?? 2048;
  if (!Number.isSafeInteger(maxNumBits) || maxNumBits < 1)
    throw new Error('maxNumBits: expected a positive integer');
  const crsId = options.crsId ?? ctx.newRequestId();
  const [start, poll] = options.insecure
    ? ['InsecureCrsGen', 'GetInsecureCrsGenResult']
    : ['CrsGen', 'GetCrsGenResult'];
  const parties = await ctx.fanOut(start, {
    request_id: { request_id: crsId },
    params: options.params ?? 'default',
    max_num_bits: maxNumBits,
    domain: ctx.domainMessage,
  });
  const results = await ctx.pollAll<CrsGenResult__Output>(poll, crsId, parties);
  const groups = new Map<string, number[]>();
  for (const [partyId, result] of results) {
    if (result.max_num_bits !== maxNumBits) continue;
    const digest = new Uint8Array(result.crs_digest);
    const payload = crsgenVerification(crsId, maxNumBits, digest, new Uint8Array(0));
    const signer = await ctx.partyAddress(partyId);
    if (!(await verifyEip712(ctx.domain, payload, result.external_signature, signer))) continue;
    const key = Buffer.from(digest).toString('hex');
    groups.set(key, [...(groups.get(key) ?? []), partyId]);
  }
  const needed = ctx.numParties - ctx.threshold;
  const agreed = [...groups.entries()].find(([, p]) => p.length >= needed);
  if (!agreed)
    throw new Error(`CRS generation ${crsId}: fewer than ${needed} parties signed the same CRS digest`);
  const [digest, agreeingParties] = agreed;
  agreeingParties.sort((a, b) => a - b);
  let lastError: unknown;
  for (const partyId of agreeingParties) {
    try {
      const crsBytes = await ctx.readPublic(partyId, 'CRS', crsId);
      if (Buffer.from(crsDigest(crsBytes)).toString('hex') !== digest)
        throw new Error(`party ${partyId} stores a CRS that does not match the signed digest`);
      if (options.validate ?? true) await loadCrsAsync(crsBytes);
      return { crsId, maxNumBits, digest, agreeingParties, crsBytes };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`CRS ${crsId}: no agreeing party served a matching CRS (${(lastError as Error)?.message})`);
}
