// The `ciphertext_format` a request declares for a ciphertext, read from the kind its serialization header names
// (the rule the cores check is in proto/kms.v1.proto, enum CiphertextFormat).
import type { CiphertextFormat__Output } from '../core/api/generated/kms/v1/CiphertextFormat.ts';
import { objectKindOf } from '../fhe/objects/index.ts';

/**
 * SmallCompactList for (proven) compact lists, BigExpanded for noise-squashed ciphertexts, BigCompressed for
 * compressed noise-squashed lists (the only format that admits them), SmallExpanded for the
 * other 64-bit ciphertexts — and for bytes whose header is unreadable, so the core reports what is wrong with them.
 * @example ciphertextFormatOf(builder.build().safe_serialize(1n << 30n)) // 'SmallCompactList'
 */
export function ciphertextFormatOf(bytes: Uint8Array): CiphertextFormat__Output {
  let kind: string;
  try {
    kind = objectKindOf(bytes);
  } catch {
    return 'SmallExpanded';
  }
  if (kind === 'CompactCiphertextList' || kind === 'ProvenCompactCiphertextList') return 'SmallCompactList';
  if (kind === 'CompressedSquashedNoiseCiphertextList') return 'BigCompressed';
  if (kind.startsWith('SquashedNoise')) return 'BigExpanded';
  return 'SmallExpanded';
}
