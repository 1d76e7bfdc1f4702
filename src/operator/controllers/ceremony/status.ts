// Status transitions of one-shot ceremonies (the CloudNativePG Backup pattern): Pending → Starting → Running →
// Succeeded | Failed. Phases only move forward, terminal phases are frozen, and the request ids are in status
// before any party is called. Pure functions of the current status.
import { createHash } from 'node:crypto';
import type { CeremonyPhase, CeremonyStatus, CeremonyStep } from '../../api/types.ts';
import { kstatusConditions, setConditions } from '../../runtime/conditions.ts';

const ORDER: CeremonyPhase[] = ['Pending', 'Starting', 'Running', 'Succeeded', 'Failed'];

export function isTerminal(phase: CeremonyPhase | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** A request id (32 bytes hex) derived from the record's uid, attempt and step: stable across restarts. */
export function stepRequestId(uid: string, attempt: number, step: string): string {
  return createHash('sha256').update(`kms-operator/${uid}/${attempt}/${step}`).digest('hex');
}

function moveTo(current: CeremonyStatus, phase: CeremonyPhase): CeremonyPhase {
  const from = current.phase ?? 'Pending';
  if (isTerminal(from)) throw new Error(`a ${from} ceremony never changes phase`);
  return ORDER.indexOf(phase) >= ORDER.indexOf(from) ? phase : from;
}

/** `preprocessing` → `Preprocessing`, for condition reasons (CamelCase words). */
function camel(step: string): string {
  return step.replace(/(^|[-_ ])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function pendingStatus(
  current: CeremonyStatus,
  generation: number | undefined,
  reason: string,
  message: string,
  now = new Date(),
): CeremonyStatus {
  return {
    ...current,
    observedGeneration: generation,
    phase: moveTo(current, 'Pending'),
    message,
    progressPercent: current.progressPercent ?? 0,
    conditions: setConditions(
      current.conditions,
      kstatusConditions('progressing', reason, message),
      generation,
      now,
    ),
  };
}

/** Write-ahead: the ids of every step are recorded before the first call to any party. */
export function startingStatus(
  current: CeremonyStatus,
  generation: number | undefined,
  uid: string,
  stepNames: string[],
  now = new Date(),
): CeremonyStatus {
  const attempt = 1;
  const message = `starting ${stepNames[0]}`;
  return {
    ...current,
    observedGeneration: generation,
    phase: moveTo(current, 'Starting'),
    attempts: attempt,
    startTime: current.startTime ?? isoSeconds(now),
    steps: stepNames.map((name) => ({ name, requestId: stepRequestId(uid, attempt, name) })),
    progressPercent: 0,
    message,
    conditions: setConditions(
      current.conditions,
      kstatusConditions('progressing', 'Starting', message),
      generation,
      now,
    ),
  };
}

/** Overall progress: whole steps done plus the share of parties done in the current step. */
export function progressPercent(steps: CeremonyStep[], parties: number): number {
  if (steps.length === 0) return 0;
  let done = 0;
  for (const step of steps) {
    if (step.completed) done += 1;
    else if (step.started) done += Math.min(0.99, (step.partiesDone ?? 0) / parties) * 0.99;
  }
  return Math.min(100, Math.floor((done / steps.length) * 100));
}

/** Linear ETA from the start time and progress so far; undefined before any progress. */
export function estimateCompletion(
  startTime: string | undefined,
  percent: number,
  now = new Date(),
): string | undefined {
  if (!startTime || percent <= 0 || percent >= 100) return undefined;
  const elapsed = now.getTime() - Date.parse(startTime);
  if (!(elapsed > 0)) return undefined;
  return isoSeconds(new Date(now.getTime() + (elapsed * (100 - percent)) / percent));
}

export function runningStatus(
  current: CeremonyStatus,
  generation: number | undefined,
  steps: CeremonyStep[],
  parties: number,
  message: string,
  now = new Date(),
): CeremonyStatus {
  const progress = progressPercent(steps, parties);
  const eta = estimateCompletion(current.startTime, progress, now);
  const active = steps.find((s) => !s.completed)?.name ?? 'finishing';
  const next: CeremonyStatus = {
    ...current,
    observedGeneration: generation,
    phase: moveTo(current, steps.some((s) => s.started) ? 'Running' : 'Starting'),
    steps,
    progressPercent: progress,
    message,
    conditions: setConditions(
      current.conditions,
      kstatusConditions('progressing', `${camel(active)}Running`, message),
      generation,
      now,
    ),
  };
  if (eta) next.estimatedCompletionTime = eta;
  else delete next.estimatedCompletionTime;
  return next;
}

export function succeededStatus(
  current: CeremonyStatus,
  generation: number | undefined,
  steps: CeremonyStep[],
  result: NonNullable<CeremonyStatus['result']>,
  now = new Date(),
): CeremonyStatus {
  const message = result.keyId ? `key ${result.keyId} generated` : `CRS ${result.crsId ?? ''} generated`;
  const next: CeremonyStatus = {
    ...current,
    observedGeneration: generation,
    phase: moveTo(current, 'Succeeded'),
    steps,
    progressPercent: 100,
    completionTime: isoSeconds(now),
    result,
    message,
    conditions: setConditions(
      current.conditions,
      kstatusConditions('ready', 'Succeeded', message),
      generation,
      now,
    ),
  };
  delete next.estimatedCompletionTime;
  return next;
}

export function failedStatus(
  current: CeremonyStatus,
  generation: number | undefined,
  reason: string,
  message: string,
  now = new Date(),
): CeremonyStatus {
  const next: CeremonyStatus = {
    ...current,
    observedGeneration: generation,
    phase: moveTo(current, 'Failed'),
    completionTime: isoSeconds(now),
    message,
    conditions: setConditions(
      current.conditions,
      kstatusConditions('stalled', reason, message),
      generation,
      now,
    ),
  };
  delete next.estimatedCompletionTime;
  return next;
}
