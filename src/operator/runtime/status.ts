// Status written in one place: mutate a copy of the current status, skip the write when nothing changed,
// otherwise merge-patch /status with the read resourceVersion and retry on conflict with a fresh read.
import { isDeepStrictEqual } from 'node:util';
import type { ObjectMeta } from '../api/types.ts';
import { isConflict, type Kube } from './kube.ts';

interface WithStatus<S> {
  metadata: ObjectMeta;
  status?: S;
}

/**
 * Applies `mutate` to the status of `object` and writes it if it changed; returns the object as stored.
 * `mutate` may run more than once (after a conflict it sees the re-read object), so it must be pure.
 */
export async function updateStatus<S, T extends WithStatus<S>>(
  kube: Kube,
  plural: string,
  object: T,
  mutate: (status: S, object: T) => S,
  attempts = 5,
): Promise<T> {
  let current = object;
  for (let attempt = 1; ; attempt++) {
    const before = structuredClone(current.status ?? ({} as S));
    const after = mutate(structuredClone(before), current);
    if (isDeepStrictEqual(before, after)) return current;
    try {
      return await kube.patchStatus<T>(
        plural,
        current.metadata.namespace,
        current.metadata.name,
        current.metadata.resourceVersion,
        after,
      );
    } catch (error) {
      if (!isConflict(error) || attempt >= attempts) throw error;
      const fresh = await kube.readCustom<T>(plural, current.metadata.namespace, current.metadata.name);
      if (!fresh) throw error;
      current = fresh;
    }
  }
}
