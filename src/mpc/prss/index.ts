// Public API of PRSS (see README.md).
export { PrssError, type PrssErrorKind } from './errors.ts';
export { subsetPolynomialPoints } from './points.ts';
export { type AesBits, PRF_KIND, type PrfKind, SubsetPrf, sessionIdBytes } from './prf.ts';
export { type PrssCounters, type PrssSetup, PrssState, type SubsetDraws } from './prss.ts';
export { runPrssSetup } from './setup.ts';
export {
  binomial,
  PRSS_SIZE_MAX,
  type PrssSubset,
  prssSubsets,
  subsetsOf,
  subsetsOfSize,
} from './subsets.ts';
