// BLS12-446 (tfhe-zk-pok's pairing curve): fields, G1/G2, pairing, validation and the tfhe-zk-pok point encodings.
export { type Bls12Constants, type Bls12Curve, bls12 } from './bls12.ts';
export * from './curve.ts';
export * from './encoding.ts';
export { CurveError, type CurveErrorKind } from './errors.ts';
export { type GroupKernel, type InvalidPoint, kernelG1, kernelG2, packScalars } from './kernel.ts';
