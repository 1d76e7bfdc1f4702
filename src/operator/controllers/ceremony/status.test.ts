import { describe, expect, it } from 'vitest';
import type { CeremonyStatus } from '../../api/types.ts';
import { activeOperation, type OperationRecord } from './select.ts';
import {
  estimateCompletion,
  failedStatus,
  pendingStatus,
  progressPercent,
  runningStatus,
  startingStatus,
  stepRequestId,
  succeededStatus,
} from './status.ts';

describe('ceremony status transitions', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('records every step request id before the first call, derived from the uid (stable across restarts)', () => {
    const s = startingStatus({}, 1, 'uid-1', ['preprocessing', 'keygen'], now);
    expect(s.phase).toBe('Starting');
    expect(s.steps?.map((x) => x.requestId)).toEqual([
      stepRequestId('uid-1', 1, 'preprocessing'),
      stepRequestId('uid-1', 1, 'keygen'),
    ]);
    expect(s.steps?.[0].requestId).toMatch(/^[0-9a-f]{64}$/);
    expect(stepRequestId('uid-2', 1, 'keygen')).not.toBe(stepRequestId('uid-1', 1, 'keygen'));
    expect(startingStatus({}, 1, 'uid-1', ['preprocessing', 'keygen'], now).steps).toEqual(s.steps);
  });

  it('moves only forward and freezes terminal phases', () => {
    const running: CeremonyStatus = { phase: 'Running', startTime: '2026-01-01T00:00:00Z' };
    expect(pendingStatus(running, 1, 'Wait', 'w', now).phase).toBe('Running');
    const done = succeededStatus(running, 1, [], { keyId: 'k' }, now);
    expect(done.phase).toBe('Succeeded');
    expect(done.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(() => failedStatus(done, 1, 'X', 'x', now)).toThrow(/never changes phase/);
    const failed = failedStatus(running, 1, 'CoreRefused', 'UNIMPLEMENTED', now);
    expect(failed.conditions?.find((c) => c.type === 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'CoreRefused',
    });
    expect(() => runningStatus(failed, 1, [], 4, 'm', now)).toThrow();
  });

  it('computes progress from steps and parties, and a linear ETA', () => {
    const steps = [
      { name: 'a', requestId: 'x', started: true, completed: true, partiesDone: 4 },
      { name: 'b', requestId: 'y', started: true, partiesDone: 2 },
    ];
    expect(progressPercent(steps, 4)).toBe(74);
    expect(progressPercent([{ name: 'a', requestId: 'x' }], 4)).toBe(0);
    expect(estimateCompletion('2026-01-01T00:00:00Z', 50, new Date('2026-01-01T00:01:00Z'))).toBe(
      '2026-01-01T00:02:00Z',
    );
    expect(estimateCompletion('2026-01-01T00:00:00Z', 0, now)).toBeUndefined();
    const running = runningStatus(
      { phase: 'Starting', startTime: '2026-01-01T00:00:00Z' },
      1,
      steps,
      4,
      '2/4',
      new Date('2026-01-01T00:01:00Z'),
    );
    expect(running.phase).toBe('Running');
    expect(running.progressPercent).toBe(74);
    expect(running.conditions?.find((c) => c.type === 'Reconciling')).toMatchObject({
      status: 'True',
      reason: 'BRunning',
    });
    expect(running.estimatedCompletionTime).toBeDefined();
  });
});

describe('one operation per cluster', () => {
  const rec = (
    kind: string,
    name: string,
    created: string,
    cluster = 'c',
    status?: CeremonyStatus,
  ): OperationRecord => ({
    kind,
    metadata: { name, namespace: 'ns', creationTimestamp: created as unknown as Date },
    spec: { clusterRef: { name: cluster } },
    ...(status ? { status } : {}),
  });

  it('picks the oldest open record, but an already started one keeps the cluster', () => {
    const old = rec('KeyGen', 'old', '2026-01-01T00:00:00Z');
    const young = rec('CrsCeremony', 'young', '2026-01-02T00:00:00Z', 'c', {
      phase: 'Running',
      steps: [{ name: 'crs', requestId: 'r' }],
    });
    expect(activeOperation([old], 'c')?.metadata.name).toBe('old');
    expect(activeOperation([old, young], 'c')?.metadata.name).toBe('young');
    const finished = rec('KeyGen', 'done', '2025-01-01T00:00:00Z', 'c', { phase: 'Succeeded' });
    const other = rec('KeyGen', 'other', '2025-01-01T00:00:00Z', 'd');
    expect(activeOperation([finished, other, old], 'c')?.metadata.name).toBe('old');
    expect(activeOperation([finished], 'c')).toBeUndefined();
  });
});
