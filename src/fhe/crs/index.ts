// CompactPkeCrs (tfhe-zk-pok PKEv2 over BLS12-446): parameters, tfhe-rs 1.7 wire format, validation, generation
// from a secret, ceremony contributions and the powers-of-τ pairing check.
export * from './codec.ts';
export { CrsError, type CrsErrorKind } from './errors.ts';
export * from './generate.ts';
export * from './parallel.ts';
export * from './params.ts';
export * from './powers.ts';
export * from './validate.ts';
