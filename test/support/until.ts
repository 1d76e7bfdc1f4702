// Polling for a condition in tests that wait on background work (pools filling, processes stopping, turns starting).

/**
 * Resolves once `condition` holds, checking every `intervalMs`; throws after `timeoutMs` naming `what`.
 * @example await until(() => pools.every((p) => p.full), { what: 'full pools' })
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  {
    timeoutMs = 60_000,
    intervalMs = 20,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
