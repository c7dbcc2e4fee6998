/**
 * Is this instance draining (it was told to stop: SIGTERM)? Kept on globalThis, because the server start-up
 * (instrumentation.ts) and the health route are bundled apart and would otherwise each hold their own copy.
 */
const KEY = Symbol.for("ed-capacity.draining-since");
type WithDraining = typeof globalThis & { [KEY]?: string };

export function markDraining(at = new Date()): void {
  (globalThis as WithDraining)[KEY] ??= at.toISOString();
}

/** When draining began (ISO, UTC), or null while serving normally. */
export function drainingSince(): string | null {
  return (globalThis as WithDraining)[KEY] ?? null;
}

/** Tests only. */
export function clearDrainingForTests(): void {
  delete (globalThis as WithDraining)[KEY];
}
