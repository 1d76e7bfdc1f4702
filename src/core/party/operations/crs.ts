// One party's part of CRS generation: the distributed ceremony (CrsGen) or the insecure trusted setup
// (InsecureCrsGen, tests only). Every party ends with the same tfhe-rs 1.7 CompactPkeCrs in its public vault
// (`CRS/{crsId}`), a CrsInfo record in its private vault, and an EIP-712 CrsgenVerification signature.
import { type CrsScalarParams, crsParamsForPke, type PkeEncryptionParams } from '../../../fhe/crs/index.ts';
import { compactPkeParametersOf, parameterSet } from '../../../fhe/params/index.ts';
import { deriveSessionId, Session, type Transport } from '../../../mpc/net/index.ts';
import {
  type CeremonyProgress,
  runCrsCeremony,
  runTrustedSetup,
} from '../../../mpc/protocols/crs-ceremony/index.ts';
import { PrivDataType, PubDataType } from '../../../storage/data-types.ts';
import { DEFAULT_EPOCH_ID } from '../../../storage/ids.ts';
import type { Vault } from '../../../storage/vault.ts';
import type { CrsGenResult } from '../../api/generated/kms/v1/CrsGenResult.ts';
import { KmsError } from '../../errors.ts';
import { crsDigest } from '../../signing/digest.ts';
import { crsgenVerification, type Eip712Domain, signEip712 } from '../../signing/eip712.ts';
import type { PartySigningKey } from '../../signing/signing-key.ts';

/** The reference KMS default (`ZK_DEFAULT_MAX_NUM_BITS`): one euint2048 per proof. */
export const DEFAULT_MAX_NUM_BITS = 2048;
/** Party 1 deals the insecure trusted setup, as for insecure keygen. */
export const CRS_DEALER = 1;

export interface CrsGenContext {
  transport: Transport;
  threshold: number;
  /** how long a party waits for a turn's broadcast: one contribution plus one verification */
  timeoutMs: number;
  publicVault: Vault;
  privateVault: Vault;
  signingKey: PartySigningKey;
  /** worker threads for the point work */
  workers?: number;
  onProgress?: (progress: CeremonyProgress) => void;
  signal?: AbortSignal;
}

export interface CrsGenRequest {
  crsId: string;
  /** parameter set name (src/fhe/params): fixes the compact-PKE parameters the CRS is for */
  params: string;
  maxNumBits: number;
  domain: Eip712Domain | undefined;
  extraData: Uint8Array;
}

/** What CrsInfo holds (JSON). */
export interface CrsMetadata {
  crsId: string;
  params: string;
  maxNumBits: number;
  insecure: boolean;
  /** hex SHAKE-256 digest (dsep PDAT_CRS) of the stored CRS */
  digest: string;
  /** parties whose contributions went into the CRS (empty for the trusted setup) */
  contributors: number[];
  extraData: string;
  externalSignature: string;
}

/** The CRS parameters of a parameter set's compact public key for `maxNumBits`.
 * @example crsParamsOf('default', 2048).k // 512
 */
export function crsParamsOf(params: string, maxNumBits: number): CrsScalarParams {
  const pke = compactPkeParametersOf(parameterSet(params));
  const noise = pke.encryptionNoiseDistribution;
  if (noise.kind !== 'TUniform')
    throw new KmsError('InvalidArgument', `params ${params}: compact-PKE noise is not TUniform, no CRS`);
  const encryption: PkeEncryptionParams = {
    lweDimension: pke.encryptionLweDimension,
    noiseBound: 1n << BigInt(noise.boundLog2),
    messageModulus: pke.messageModulus,
    carryModulus: pke.carryModulus,
    ciphertextModulus: pke.ciphertextModulus.modulus,
  };
  try {
    return crsParamsForPke(encryption, maxNumBits);
  } catch (error) {
    throw new KmsError('InvalidArgument', `max_num_bits ${maxNumBits}: ${(error as Error).message}`);
  }
}

/** Runs CRS generation at this party and stores and signs the result. */
export async function runCrsGen(
  ctx: CrsGenContext,
  request: CrsGenRequest,
  mode: 'ceremony' | 'insecure',
): Promise<CrsMetadata> {
  const params = crsParamsOf(request.params, request.maxNumBits);
  const session = new Session(ctx.transport, deriveSessionId(request.crsId, `crs-${mode}`), {
    threshold: ctx.threshold,
    timeoutMs: ctx.timeoutMs,
  });
  try {
    const outcome =
      mode === 'ceremony'
        ? await runCrsCeremony(session, {
            params,
            workers: ctx.workers,
            onProgress: ctx.onProgress,
            signal: ctx.signal,
          })
        : {
            ...(await runTrustedSetup(session, { params, dealer: CRS_DEALER, workers: ctx.workers })),
            contributors: [],
          };
    // an abort that arrives once the ceremony is over still leaves both vaults untouched
    if (ctx.signal?.aborted) throw new KmsError('Aborted', 'CRS ceremony aborted');
    const stored = await ctx.publicVault.put(
      { dataType: PubDataType.CRS, id: request.crsId },
      outcome.crsBytes,
    );
    if (stored.status === 'skipped') {
      throw new KmsError('AlreadyExists', `a CRS is already stored under ${request.crsId}`);
    }
    const digest = crsDigest(outcome.crsBytes);
    const externalSignature = request.domain
      ? signEip712(
          ctx.signingKey,
          request.domain,
          crsgenVerification(request.crsId, request.maxNumBits, digest, request.extraData),
        )
      : new Uint8Array(0);
    const metadata: CrsMetadata = {
      crsId: request.crsId,
      params: request.params,
      maxNumBits: request.maxNumBits,
      insecure: mode === 'insecure',
      digest: hex(digest),
      contributors: outcome.contributors,
      extraData: hex(request.extraData),
      externalSignature: hex(externalSignature),
    };
    await ctx.privateVault.put(
      { dataType: PrivDataType.CrsInfo, epochId: DEFAULT_EPOCH_ID, id: request.crsId },
      new TextEncoder().encode(JSON.stringify(metadata)),
    );
    return metadata;
  } finally {
    session.close();
  }
}

/** Reads a CrsInfo record. */
export function decodeCrsMetadata(bytes: Uint8Array): CrsMetadata {
  return JSON.parse(new TextDecoder().decode(bytes)) as CrsMetadata;
}

/** The client API result of a finished CRS generation. */
export function crsGenResultOf(metadata: CrsMetadata): CrsGenResult {
  return {
    request_id: { request_id: metadata.crsId },
    crs_digest: Buffer.from(metadata.digest, 'hex'),
    max_num_bits: metadata.maxNumBits,
    external_signature: Buffer.from(metadata.externalSignature, 'hex'),
    signatures: [],
  };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
