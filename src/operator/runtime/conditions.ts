// kstatus conditions: Ready (positive polarity, written from the first pass), Reconciling and Stalled
// (abnormal-true). lastTransitionTime changes only when a condition's status changes.
import type { Condition } from '../api/types.ts';

export interface ConditionInput {
  type: string;
  status: boolean;
  reason: string;
  message: string;
}

/** Merges `updates` into `current`, keeping lastTransitionTime of conditions whose status did not change. */
export function setConditions(
  current: readonly Condition[] | undefined,
  updates: readonly ConditionInput[],
  generation: number | undefined,
  now: Date = new Date(),
): Condition[] {
  const result = [...(current ?? [])];
  for (const u of updates) {
    const status = u.status ? 'True' : 'False';
    const index = result.findIndex((c) => c.type === u.type);
    const previous = index >= 0 ? result[index] : undefined;
    const next: Condition = {
      type: u.type,
      status,
      reason: u.reason,
      message: u.message,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
      lastTransitionTime:
        previous && previous.status === status && previous.lastTransitionTime
          ? previous.lastTransitionTime
          : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    if (index >= 0) result[index] = next;
    else result.push(next);
  }
  return result;
}

/** Ready / Reconciling / Stalled for one of three states a resource can be in. */
export function kstatusConditions(
  state: 'ready' | 'progressing' | 'stalled',
  reason: string,
  message: string,
): ConditionInput[] {
  return [
    { type: 'Ready', status: state === 'ready', reason, message },
    {
      type: 'Reconciling',
      status: state === 'progressing',
      reason: state === 'progressing' ? reason : 'Idle',
      message: state === 'progressing' ? message : '',
    },
    {
      type: 'Stalled',
      status: state === 'stalled',
      reason: state === 'stalled' ? reason : 'Idle',
      message: state === 'stalled' ? message : '',
    },
  ];
}

export function conditionOf(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return conditionOf(conditions, type)?.status === 'True';
}
