// Public API of preprocessing (see README.md). Malicious strategies and test helpers are not exported.
export {
  BATCH_HEADER_BYTES,
  type BatchKind,
  decodeBatch,
  encodeBatch,
  type PreprocessingBatch,
  vectorsPerItem,
} from './batch.ts';
export { generateBits } from './bits.ts';
export { bytesOf, type PreprocessingChannel, wordsOf } from './channel.ts';
export { type CheckedOpening, openWithDetection } from './consistency.ts';
export { type PreprocessingContext, preprocessingContext } from './context.ts';
export { openShares } from './open.ts';
export {
  type ProduceOptions,
  produceBits,
  produceNoise,
  produceRandoms,
  produceTriples,
} from './producers.ts';
export { sessionChannel } from './session-channel.ts';
export { filled, type QuadraticRoots, solveQuadratic } from './solve.ts';
export { checkCorruptBound, generateTriples, receivedShares, type TripleShares } from './triples.ts';
export { bitsPerTUniform, tUniformFromBits } from './tuniform.ts';
