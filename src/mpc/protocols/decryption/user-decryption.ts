// User decryption: each party computes, without talking to the others, its flooded partial decryption of every
// 128-bit block (b − ⟨a, [s]⟩ + PRSS-Mask, as in NoiseFlood) and packs d consecutive block shares into one
// GR(2^128, d) element: packed = Σ_i X^i · share_i. Multiplying a sharing by the public element X^i is linear, so
// the packed shares form a degree-t sharing of Σ_i phase_i·X^i — the layout node-tkms 0.12.8 reconstructs
// (tfhe-interop §13.5: d = 4, ring element e holds blocks 4e … 4e+3, zero-padded). The core signcrypts the
// encoded shares; the user (node-tkms, or `reconstructUserDecryption`) error-corrects, unpacks and rounds.

import { FHE_TYPE_IDS as TFHE_TYPE_IDS } from '../../../fhe/math/radix.ts';
import { type GaloisRing, galoisRing } from '../../algebra/index.ts';
import type { Session } from '../../net/index.ts';
import type { PrssState } from '../../prss/prss.ts';
import { DecodingFailureError, openRobust } from '../../sharing/index.ts';
import type { KeyShares } from '../key-shares.ts';
import { checkPlans, type DecryptionPlan, type Plaintext } from './blocks.ts';
import { ProtocolAbortError, ProtocolInputError } from './errors.ts';
import { checkParticipants, floodedShares } from './noise-flood.ts';

/** FheTypes ids of the KMS / fhEVM wire formats (node-tkms `fhe_type`), indexable by any type name. */
export const FHE_TYPE_IDS: Readonly<Record<string, number>> = TFHE_TYPE_IDS;

/** What a user needs to rebuild one value from packed shares (public: from the ciphertext's type). */
export interface UserDecryptionLayout {
  /** 'Bool' or 'Uint<bits>'. */
  readonly fheType: string;
  readonly bits: number;
  /** Radix bits per 128-bit block: 2 · packing factor (4 for packed squashed radix ciphertexts). */
  readonly bitsPerBlock: number;
  /** Number of 128-bit blocks (phases) before packing. */
  readonly blocks: number;
  /** log2 Δ of the blocks (123 for 2 + 2-bit blocks with padding). */
  readonly deltaLog2: number;
}

/** One ciphertext's user-decryption share at one party. */
export interface UserDecryptionShare {
  readonly layout: UserDecryptionLayout;
  /** node-tkms `packing_factor`. */
  readonly packingFactor: number;
  /** FheTypes id (node-tkms `fhe_type`). */
  readonly fheTypeId: number;
  /** ceil(blocks / d) packed elements of GR(2^128, d). */
  readonly packed: BigUint64Array;
}

/**
 * The user-decryption layout of a single-value plan (FheBool / FheUint, squashed or not). The user always gets
 * 128-bit phases: squashed blocks as they are, 64-bit blocks lifted by BitDec (Δ·2^64).
 */
export function userDecryptionLayout(plan: DecryptionPlan): UserDecryptionLayout {
  if (plan.types.length !== 1 || plan.bitsPerBlock < 1) {
    throw new ProtocolInputError(
      `plan: user decryption needs a single-value ciphertext (FheBool / FheUint), got a ${plan.kind}`,
    );
  }
  const fheType = plan.types[0];
  if (FHE_TYPE_IDS[fheType] === undefined) {
    throw new ProtocolInputError(`plan: ${fheType} has no FheTypes id for user decryption`);
  }
  const bits = fheType === 'Bool' ? 1 : Number(fheType.slice(4));
  const deltaLog2 = plan.modulusBits === 64 ? plan.deltaLog2 + 64 : plan.deltaLog2;
  return { fheType, bits, bitsPerBlock: plan.bitsPerBlock, blocks: plan.count, deltaLog2 };
}

/**
 * The layout a user derives from the type and packing factor alone (as node-tkms does):
 * blocks = ceil(bits / (2 · packingFactor)).
 * @example layoutOf('Uint64', 2) // { blocks: 16, bitsPerBlock: 4, … }
 */
export function layoutOf(fheType: string, packingFactor: number): UserDecryptionLayout {
  const bits = fheType === 'Bool' ? 1 : Number(/^Uint(\d+)$/.exec(fheType)?.[1] ?? Number.NaN);
  if (!Number.isInteger(bits) || bits < 1) throw new ProtocolInputError(`fheType: unknown type ${fheType}`);
  if (!Number.isInteger(packingFactor) || packingFactor < 1 || packingFactor > 2) {
    throw new ProtocolInputError(`packingFactor: expected 1 or 2, got ${packingFactor}`);
  }
  const bitsPerBlock = fheType === 'Bool' ? 1 : 2 * packingFactor;
  return { fheType, bits, bitsPerBlock, blocks: Math.ceil(bits / bitsPerBlock), deltaLog2: 123 };
}

/** Σ_i X^i · shares[first + e·d + i] for every packed element e (zero-padded). */
export function packShares(
  R: GaloisRing,
  shares: BigUint64Array,
  first: number,
  count: number,
): BigUint64Array {
  const d = R.degree;
  const packed = R.alloc(Math.ceil(count / d));
  const monomials = R.alloc(d);
  for (let i = 0; i < d; i++) monomials[i * R.wordsPerElement + i * R.wordsPerCoefficient] = 1n;
  for (let j = 0; j < count; j++) {
    R.mulConstAdd(
      R.element(packed, Math.floor(j / d)),
      R.element(shares, first + j),
      R.element(monomials, j % d),
    );
  }
  return packed;
}

/**
 * This party's user-decryption shares, one per plan (no communication). `prss` is this party's PRSS state over
 * GR(2^128, d) for the request's session, so the flooding masks of all parties form one sharing; the session is
 * only used to check who this party is.
 * @example const [share] = userDecryptionShares(session, prss, keyShares, [plan]); encodeTkmsShares(share.packed)
 */
export function userDecryptionShares(
  session: Session,
  prss: PrssState,
  keyShares: KeyShares,
  plans: readonly DecryptionPlan[],
): UserDecryptionShare[] {
  checkParticipants(session, keyShares, prss);
  checkPlans(plans, 128);
  const layouts = plans.map(userDecryptionLayout);
  const R = galoisRing(128, keyShares.degree);
  const shares = floodedShares(prss, keyShares, plans);
  let first = 0;
  return plans.map((plan, i) => {
    const packed = packShares(R, shares, first, plan.count);
    first += plan.count;
    return userDecryptionShare(layouts[i], packed);
  });
}

/** A user-decryption share from its layout and packed elements. */
export function userDecryptionShare(
  layout: UserDecryptionLayout,
  packed: BigUint64Array,
): UserDecryptionShare {
  return {
    layout,
    packingFactor: Math.max(1, layout.bitsPerBlock / 2),
    fheTypeId: FHE_TYPE_IDS[layout.fheType],
    packed,
  };
}

const R4 = () => galoisRing(128, 4);

/**
 * bincode(Vec<ResiduePolyF4<Z128>>): u64 count, then 4 × u128 LE per element — the share bytes node-tkms reads
 * (our GR(2^128, 4) layout is exactly that sequence of little-endian words).
 * @example const bytes = encodeTkmsShares(share.packed)
 */
export function encodeTkmsShares(packed: BigUint64Array): Uint8Array {
  const count = R4().count(packed, 'packed');
  const out = new Uint8Array(8 + packed.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(count), true);
  out.set(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength), 8);
  return out;
}

/** Parses encodeTkmsShares bytes; throws ProtocolInputError when they are not exactly `count` elements. */
export function decodeTkmsShares(bytes: Uint8Array, count?: number): BigUint64Array {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) throw new ProtocolInputError('shares: truncated');
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  const elementBytes = 4 * 16;
  if (declared * BigInt(elementBytes) !== BigInt(bytes.length - 8)) {
    throw new ProtocolInputError(`shares: ${declared} elements declared, ${bytes.length - 8} bytes follow`);
  }
  if (count !== undefined && Number(declared) !== count) {
    throw new ProtocolInputError(`shares: expected ${count} elements, got ${declared}`);
  }
  const out = R4().alloc(Number(declared));
  new Uint8Array(out.buffer).set(bytes.subarray(8));
  return out;
}

/** The result of a user's reconstruction. */
export interface UserReconstruction {
  readonly plaintext: Plaintext;
  /** Parties whose shares were corrected away. */
  readonly liars: number[];
}

/**
 * The user's side: robustly opens the packed shares of one value (`shares[p − 1]` from party p, undefined when
 * absent or rejected; at least n − t needed), unpacks d blocks per element, rounds each phase and recombines.
 * @example const { plaintext } = reconstructUserDecryption(layoutOf('Uint64', 2), sharesByParty, 1)
 */
export function reconstructUserDecryption(
  layout: UserDecryptionLayout,
  shares: readonly (BigUint64Array | undefined)[],
  threshold: number,
  degree = 4,
): UserReconstruction {
  const R = galoisRing(128, degree);
  const n = shares.length;
  const present = shares.filter((s) => s !== undefined).length;
  if (present < n - threshold) {
    throw new ProtocolInputError(
      `shares: ${present} of ${n} parties answered, at least ${n - threshold} needed`,
    );
  }
  const elements = Math.ceil(layout.blocks / degree);
  shares.forEach((s, i) => {
    if (s !== undefined && R.count(s, `shares[${i}]`) !== elements) {
      throw new ProtocolInputError(`shares[${i}]: expected ${elements} packed elements`);
    }
  });
  let opened: { values: BigUint64Array; corruptParties: number[] };
  try {
    opened = openRobust(R, threshold, shares, { maxErrors: threshold });
  } catch (error) {
    if (error instanceof DecodingFailureError) {
      throw new ProtocolAbortError(`user decryption: ${error.message}`, error.suspectParties);
    }
    throw error;
  }
  const shift = BigInt(layout.deltaLog2);
  const blockMask = (1n << BigInt(layout.bitsPerBlock)) - 1n;
  let value = 0n;
  for (let b = layout.blocks - 1; b >= 0; b--) {
    const [lo, hi] = [opened.values[2 * b], opened.values[2 * b + 1]];
    const phase = (hi << 64n) | lo;
    const block = (BigInt.asUintN(128, phase + (1n << (shift - 1n))) >> shift) & blockMask;
    value = (value << BigInt(layout.bitsPerBlock)) | block;
  }
  value = BigInt.asUintN(layout.bits, value);
  return {
    plaintext: { fheType: layout.fheType, bits: layout.bits, signed: false, value },
    liars: opened.corruptParties,
  };
}
