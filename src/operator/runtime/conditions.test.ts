import { describe, expect, it } from 'vitest';
import { kstatusConditions, setConditions } from './conditions.ts';

describe('kstatus conditions', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-01T00:05:00Z');

  it('writes Ready, Reconciling and Stalled with abnormal-true polarity', () => {
    const c = setConditions(
      [],
      kstatusConditions('progressing', 'WaitingForParties', '0/4 parties ready'),
      1,
      t0,
    );
    expect(c.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['Ready', 'False', 'WaitingForParties'],
      ['Reconciling', 'True', 'WaitingForParties'],
      ['Stalled', 'False', 'Idle'],
    ]);
    expect(c.every((x) => x.observedGeneration === 1)).toBe(true);
  });

  it('keeps lastTransitionTime unless the status flips', () => {
    const first = setConditions([], kstatusConditions('progressing', 'A', 'a'), 1, t0);
    const same = setConditions(first, kstatusConditions('progressing', 'B', 'b'), 2, t1);
    expect(same.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(same.find((c) => c.type === 'Ready')?.reason).toBe('B');
    const flipped = setConditions(same, kstatusConditions('ready', 'Ok', 'ok'), 2, t1);
    expect(flipped.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:05:00Z');
  });
});
