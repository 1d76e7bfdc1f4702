// The sharing layer: Shamir over GR(2^k, d) and robust opening. See README.md for the contract.
export { DecodingFailureError, type DecodingFailureReason } from './errors.ts';
export { openRobust, type RobustOpening, type RobustOpenOptions } from './open.ts';
export { decodeGao, type FieldDecoding } from './reed-solomon.ts';
export { checkPartyCount, reconstruct, shareSecrets } from './shamir.ts';
