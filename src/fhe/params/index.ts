// TFHE parameter sets and their tfhe-rs 1.7 serialization.
export * from './codec.ts';
export * from './sets.ts';
export type * from './types.ts';
