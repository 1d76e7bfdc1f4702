// One party's part of a public decryption. 64-bit ciphertexts (everything node-tfhe produces) are decrypted with
// BitDec (CORE_BITDEC_OPTIONS: 7 rounds, 47 triples + 64 bits per block) over preprocessing from the key's
// background pool, or made for the request in the same session when the peers agree to (triples and random bits
// from the key's PRSS keys); 128-bit squashed-noise ciphertexts with NoiseFlood (one round, PRSS mask). Every party
// signs the plaintexts with EIP-712 PublicDecryptVerification.
import { galoisRing } from '../../../mpc/algebra/index.ts';
import { deriveSessionId, Session, type Transport } from '../../../mpc/net/index.ts';
import { bitDecDecrypt } from '../../../mpc/protocols/decryption/bit-dec.ts';
import type { DecryptionPlan, Plaintext } from '../../../mpc/protocols/decryption/blocks.ts';
import { noiseFloodDecrypt } from '../../../mpc/protocols/decryption/noise-flood.ts';
import { FHE_TYPE_IDS } from '../../../mpc/protocols/decryption/user-decryption.ts';
import type { KeyShares } from '../../../mpc/protocols/key-shares.ts';
import { type PrssSetup, PrssState } from '../../../mpc/prss/prss.ts';
import type { PublicDecryptionResponse } from '../../api/generated/kms/v1/PublicDecryptionResponse.ts';
import { type Eip712Domain, signPublicDecryptVerification } from '../../signing/eip712.ts';
import type { TypedPlaintextValue } from '../../signing/plaintexts.ts';
import type { PartySigningKey } from '../../signing/signing-key.ts';
import { CORE_BITDEC_OPTIONS } from './bitdec-options.ts';
import type { KeyBitDecPool } from './bitdec-pool.ts';
import { bitDecMaterial } from './bitdec-preprocessing.ts';

export interface DecryptionContext {
  transport: Transport;
  threshold: number;
  timeoutMs: number;
  signingKey: PartySigningKey;
  keyShares: KeyShares;
  prss: PrssSetup;
  /** The key's background BitDec pool (absent: material made per request). */
  bitDecPool?: KeyBitDecPool;
}

export interface PublicDecryptRequest {
  requestId: string;
  plans: DecryptionPlan[];
  /** external_handle of each ciphertext, left-padded to 32 bytes when signed. */
  handles: Uint8Array[];
  domain: Eip712Domain | undefined;
  extraData: Uint8Array;
  /** The parties running this decryption (128-bit plans only, ≥ 2t + 1 of them); undefined: all. */
  participants?: readonly number[];
}

/** Decrypts every plan with the peers and returns the signed response of this party. */
export async function runPublicDecryption(
  ctx: DecryptionContext,
  request: PublicDecryptRequest,
): Promise<PublicDecryptionResponse> {
  const session = new Session(ctx.transport, deriveSessionId(request.requestId, 'public-decrypt'), {
    threshold: ctx.threshold,
    timeoutMs: ctx.timeoutMs,
    participants: request.participants,
  });
  try {
    const small = request.plans.filter((p) => p.modulusBits === 64);
    const big = request.plans.filter((p) => p.modulusBits === 128);
    const results = new Map<DecryptionPlan, Plaintext[]>();
    if (small.length > 0) {
      const child = session.child('bitdec');
      const pool = await bitDecMaterial(ctx, child, request.requestId, 'bitdec-preprocessing', small);
      const { plaintexts } = await bitDecDecrypt(child, pool, ctx.keyShares, small, CORE_BITDEC_OPTIONS);
      for (let i = 0; i < small.length; i++) results.set(small[i], plaintexts[i]);
    }
    if (big.length > 0) {
      const child = session.child('noiseflood');
      const prss = new PrssState(
        ctx.prss,
        galoisRing(128, ctx.keyShares.degree),
        deriveSessionId(request.requestId, 'noiseflood-mask'),
      );
      const { plaintexts } = await noiseFloodDecrypt(child, prss, ctx.keyShares, big);
      for (let i = 0; i < big.length; i++) results.set(big[i], plaintexts[i]);
    }
    const typed = request.plans.flatMap((plan) => results.get(plan)!.map(toTypedPlaintext));
    const externalSignature = request.domain
      ? signPublicDecryptVerification(
          ctx.signingKey,
          request.domain,
          request.handles,
          typed,
          request.extraData,
        )
      : new Uint8Array(0);
    return {
      external_signature: Buffer.from(externalSignature),
      payload: {
        verification_key: Buffer.from(ctx.signingKey.verfKey),
        plaintexts: typed.map((p) => ({ bytes: Buffer.from(p.bytes), fhe_type: p.fheType })),
        request_id: { request_id: request.requestId },
      },
      extra_data: Buffer.from(request.extraData),
      signatures: [],
    };
  } finally {
    session.close();
  }
}

/** Little-endian bytes of the plaintext's width (1 byte for booleans) and its tfhe-rs FheTypes number. */
export function toTypedPlaintext(plaintext: Plaintext): TypedPlaintextValue {
  const fheType = FHE_TYPE_IDS[plaintext.fheType];
  if (fheType === undefined) throw new Error(`no FheTypes number for ${plaintext.fheType}`);
  const width = Math.max(1, Math.ceil(plaintext.bits / 8));
  const mask = (1n << BigInt(width * 8)) - 1n;
  let value = plaintext.value & mask;
  const bytes = new Uint8Array(width);
  for (let i = 0; i < width; i++) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return { bytes, fheType };
}
