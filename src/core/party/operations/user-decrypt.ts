// One party's part of a user decryption: its shares of every value, signcrypted to the user's ML-KEM-512 key, in
// a payload signed twice as the reference KMS signs it (internal ECDSA over bincode(payload) with dsep USER_DEC, and
// EIP-712 UserDecryptResponseVerification). 64-bit ciphertexts go through BitDec up to shared block values
// (CORE_BITDEC_OPTIONS: 6 rounds, 47 triples + 64 bits per block; preprocessing from the key's background pool or
// made for the request from the key's PRSS keys); 128-bit squashed ones through NoiseFlood-style flooded partial
// decryption (no communication). Nothing is opened to the parties.
import { galoisRing } from '../../../mpc/algebra/index.ts';
import { deriveSessionId, Session } from '../../../mpc/net/index.ts';
import { bitDecUserDecryptionShares } from '../../../mpc/protocols/decryption/bit-dec.ts';
import type { DecryptionPlan } from '../../../mpc/protocols/decryption/blocks.ts';
import {
  encodeTkmsShares,
  type UserDecryptionShare,
  userDecryptionShares,
} from '../../../mpc/protocols/decryption/user-decryption.ts';
import { PrssState } from '../../../mpc/prss/prss.ts';
import type { UserDecryptionResponse } from '../../api/generated/kms/v1/UserDecryptionResponse.ts';
import {
  DSEP_USER_DECRYPTION,
  legacyVerificationKey,
  type SigncryptionReceiver,
  signcryptPlaintext,
  toBincode,
  type UserDecryptionPayload,
  userDecryptionResponsePayload,
} from '../../signcryption/index.ts';
import {
  type Eip712Domain,
  eip712Hash,
  signEip712,
  userDecryptionLinker,
  userDecryptResponseVerification,
} from '../../signing/eip712.ts';
import type { PartySigningKey } from '../../signing/signing-key.ts';
import { CORE_BITDEC_OPTIONS } from './bitdec-options.ts';
import { bitDecMaterial } from './bitdec-preprocessing.ts';
import type { DecryptionContext } from './public-decrypt.ts';

export interface UserDecryptRequest {
  requestId: string;
  /** One single-value plan per value, in request order (a list gives one per element). */
  plans: DecryptionPlan[];
  /** Per value: the external_handle of its ciphertext as the request carried it (echoed in the response). */
  externalHandles: Uint8Array[];
  /** Per ciphertext: the handles left-padded to 32 bytes (what the link signs). */
  handles: Uint8Array[];
  domain: Eip712Domain;
  extraData: Uint8Array;
  /** EIP-55 client address. */
  clientAddress: string;
  /** enc_key exactly as the request carried it (signed as `publicKey`). */
  encKey: Uint8Array;
  /** The validated receiver derived from clientAddress and encKey. */
  receiver: SigncryptionReceiver;
}

/** The request's link: EIP-712 hash of UserDecryptionLinker{enc_key, handles, client address} under its domain. */
export function userDecryptionLink(
  request: Pick<UserDecryptRequest, 'encKey' | 'handles' | 'clientAddress' | 'domain'>,
) {
  return eip712Hash(
    request.domain,
    userDecryptionLinker(request.encKey, request.handles, request.clientAddress),
  );
}

/** Computes, signcrypts and signs this party's user-decryption shares. */
export async function runUserDecryption(
  ctx: DecryptionContext,
  request: UserDecryptRequest,
): Promise<UserDecryptionResponse> {
  const shares = await computeShares(ctx, request);
  return signUserDecryptionResponse(ctx.signingKey, ctx.transport.partyIndex, ctx.threshold, request, shares);
}

/**
 * The response of party `partyId` for its `shares` (one per value, request order): signcrypts each share to
 * the user, builds UserDecryptionResponsePayload and signs it (internal USER_DEC signature and EIP-712
 * UserDecryptResponseVerification with the request's extra data). Wipes the shares.
 * @example signUserDecryptionResponse(signingKey, 1, 1, request, shares)
 */
export function signUserDecryptionResponse(
  signingKey: PartySigningKey,
  partyId: number,
  threshold: number,
  request: Omit<UserDecryptRequest, 'plans' | 'requestId'>,
  shares: readonly Pick<UserDecryptionShare, 'packed' | 'fheTypeId' | 'packingFactor'>[],
): UserDecryptionResponse {
  const link = userDecryptionLink(request);
  const payload: UserDecryptionPayload = {
    verificationKey: legacyVerificationKey(signingKey.verfKey),
    digest: link,
    signcryptedCiphertexts: shares.map((share, i) => {
      const plaintext = encodeTkmsShares(share.packed);
      try {
        return {
          fheType: share.fheTypeId,
          signcryptedCiphertext: signcryptPlaintext(
            signingKey,
            request.receiver,
            plaintext,
            share.fheTypeId,
            link,
          ),
          externalHandle: request.externalHandles[i],
          packingFactor: share.packingFactor,
        };
      } finally {
        plaintext.fill(0);
        share.packed.fill(0n);
      }
    }),
    partyId,
    degree: threshold,
  };
  const payloadBytes = toBincode(userDecryptionResponsePayload, payload, 'UserDecryptionResponsePayload');
  // ctHandles are the payload entries' handles (one per value), as node-tkms 0.12.8 rebuilds them; the link above
  // covers the request's handles (one per ciphertext).
  const entryHandles = payload.signcryptedCiphertexts.map((c) => leftPad32(c.externalHandle));
  const externalSignature = signEip712(
    signingKey,
    request.domain,
    userDecryptResponseVerification(request.encKey, entryHandles, payloadBytes, request.extraData),
  );
  return {
    signature: Buffer.from(signingKey.signInternal(DSEP_USER_DECRYPTION, payloadBytes)),
    external_signature: Buffer.from(externalSignature),
    payload: {
      verification_key: Buffer.from(payload.verificationKey),
      digest: Buffer.from(payload.digest),
      signcrypted_ciphertexts: payload.signcryptedCiphertexts.map((c) => ({
        fhe_type: c.fheType,
        signcrypted_ciphertext: Buffer.from(c.signcryptedCiphertext),
        external_handle: Buffer.from(c.externalHandle),
        packing_factor: c.packingFactor,
      })),
      party_id: payload.partyId,
      degree: payload.degree,
    },
    extra_data: Buffer.from(request.extraData),
    signatures: [],
  };
}

function leftPad32(handle: Uint8Array): Uint8Array {
  const padded = new Uint8Array(32);
  padded.set(handle, 32 - handle.length);
  return padded;
}

/** This party's shares of every plan, in request order. */
async function computeShares(
  ctx: DecryptionContext,
  request: UserDecryptRequest,
): Promise<UserDecryptionShare[]> {
  const session = new Session(ctx.transport, deriveSessionId(request.requestId, 'user-decrypt'), {
    threshold: ctx.threshold,
    timeoutMs: ctx.timeoutMs,
  });
  try {
    const small = request.plans.filter((p) => p.modulusBits === 64);
    const big = request.plans.filter((p) => p.modulusBits === 128);
    const byPlan = new Map<DecryptionPlan, UserDecryptionShare>();
    if (small.length > 0) {
      const child = session.child('bitdec');
      const pool = await bitDecMaterial(ctx, child, request.requestId, 'user-bitdec-preprocessing', small);
      const { shares } = await bitDecUserDecryptionShares(
        child,
        pool,
        ctx.keyShares,
        small,
        CORE_BITDEC_OPTIONS,
      );
      for (let i = 0; i < small.length; i++) byPlan.set(small[i], shares[i]);
    }
    if (big.length > 0) {
      const prss = new PrssState(
        ctx.prss,
        galoisRing(128, ctx.keyShares.degree),
        deriveSessionId(request.requestId, 'user-noiseflood-mask'),
      );
      const shares = userDecryptionShares(session.child('noiseflood'), prss, ctx.keyShares, big);
      for (let i = 0; i < big.length; i++) byPlan.set(big[i], shares[i]);
    }
    return request.plans.map((plan) => byPlan.get(plan)!);
  } finally {
    session.close();
  }
}
