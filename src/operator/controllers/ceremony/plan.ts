// What a ceremony kind does: its ordered steps (start and poll RPCs with the request each start sends) and how
// the final results become the recorded outcome.
import type { CeremonyStatus, CeremonyStep } from '../../api/types.ts';
import type { CeremonyClient } from '../../parties/ceremony-client.ts';

export interface StepPlan {
  name: string;
  startMethod: string;
  pollMethod: string;
  /** The start request; `ids` maps every step name to its request id. */
  request(ids: Record<string, string>, client: CeremonyClient): unknown;
}

export type Finish =
  | { ok: true; result: NonNullable<CeremonyStatus['result']> }
  | { ok: false; reason: string; message: string };

export interface CeremonyPlan<R> {
  kind: string;
  plural: string;
  steps(record: R): StepPlan[];
  /** Turns the last step's per-party results into the outcome (verifying signatures and agreement). */
  finish(
    record: R,
    client: CeremonyClient,
    steps: CeremonyStep[],
    results: Map<number, unknown>,
  ): Promise<Finish>;
}
