// Threshold decryption protocols (pure protocol code over Session + src/fhe). See README.md.
export {
  type BitDecCost,
  type BitDecDecryption,
  type BitDecOptions,
  type BitDecUserShares,
  bitDecCost,
  bitDecDecrypt,
  bitDecUserDecryptionShares,
} from './bit-dec.ts';
export {
  type CiphertextInput,
  checkPlans,
  DECRYPTABLE_KINDS,
  type DecryptableKind,
  type DecryptionPlan,
  type Plaintext,
  type PlanOptions,
  parseCiphertext,
  planDecryption,
} from './blocks.ts';
export { PreprocessingExhaustedError, ProtocolAbortError, ProtocolInputError } from './errors.ts';
export {
  checkParticipants,
  decodePhases128,
  FLOOD_MASK_BITS,
  floodedShares,
  noiseFloodDecrypt,
  type PublicDecryption,
} from './noise-flood.ts';
export { blockTotal, keyShares64, phaseShares } from './partial.ts';
export { type BitDecPool, type PreprocessedMaterial, PreprocessingPool } from './pool.ts';
export {
  decodeTkmsShares,
  encodeTkmsShares,
  FHE_TYPE_IDS,
  layoutOf,
  packShares,
  reconstructUserDecryption,
  type UserDecryptionLayout,
  type UserDecryptionShare,
  type UserReconstruction,
  userDecryptionLayout,
  userDecryptionShare,
  userDecryptionShares,
} from './user-decryption.ts';
