// Distributed CRS ceremony (powers of τ on BLS12-446 with proofs of knowledge), see README.md.
export * from './ceremony.ts';
export {
  assembleContribution,
  CEREMONY_DOMAIN_SEPARATORS,
  type CeremonyState,
  type Contribution,
  contribute,
  crsSidOf,
  initialCeremonyState,
  stateOf,
  type TurnContext,
  type TurnWorkOptions,
  updateCrs,
  type Verdict,
  verifyContribution,
  verifyDealtCrs,
} from './contribution.ts';
export * from './proof.ts';
export * from './trusted-setup.ts';
