/**
 * Every cache an app instance keeps in its own memory between requests is declared here, with how big it may
 * grow, how long an entry may be served and what else makes an entry stale. Several instances share one
 * database, so nothing here may outlive a change another instance made: a cache of database state is read with
 * the version the caller has just read from the database (a service's `availabilityVersion`, say) and serves only
 * entries stored under that same version; anything else expires on age.
 *
 * All of them are emptied together (`clearInstanceCaches`) when the process's database goes away or is swapped
 * (`resetDbForTests`, which also closes the connections of lib/db/own-connections.ts), so no test, benchmark or
 * drill is answered from another database's state.
 */

export interface InstanceCacheSpec {
  /** Unique per process; the same name declared again (a module evaluated twice) is the same cache. */
  name: string;
  /** Past this many entries, the one stored longest ago is dropped. */
  maxEntries: number;
  /** An entry older than this is not served. */
  ttlMs?: number;
  /**
   * What an entry's version is, when entries are served only under the version they were stored with. Stated
   * so `listInstanceCaches` says how each cache is kept current.
   */
  versionedBy?: string;
  /** Ages are measured on this clock (milliseconds); the real one unless a test says otherwise. */
  now?: () => number;
}

export interface InstanceCache<V> {
  readonly name: string;
  /** The entry for `key`, unless it is missing, older than the TTL, or was stored under another version. */
  get(key: string, version?: string): V | undefined;
  set(key: string, value: V, version?: string): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

interface Held<V> {
  value: V;
  version: string | undefined;
  storedAt: number;
}

class MemoryCache<V> implements InstanceCache<V> {
  private readonly entries = new Map<string, Held<V>>();

  constructor(public spec: InstanceCacheSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version?: string): V | undefined {
    const held = this.entries.get(key);
    if (!held || held.version !== version) return undefined;
    if (this.spec.ttlMs !== undefined && this.clock() - held.storedAt >= this.spec.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return held.value;
  }

  set(key: string, value: V, version?: string): void {
    // Re-inserting moves the key to the end, so what is dropped first is what was stored longest ago.
    this.entries.delete(key);
    this.entries.set(key, { value, version, storedAt: this.spec.ttlMs !== undefined ? this.clock() : 0 });
    while (this.entries.size > this.spec.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private clock(): number {
    return this.spec.now ? this.spec.now() : Date.now();
  }
}

// On globalThis: Next.js evaluates a module more than once per process (instrumentation, each route bundle,
// reloads in development), and there must still be one cache of each kind per instance, all cleared together.
const shared = globalThis as unknown as { __edInstanceCaches?: Map<string, MemoryCache<unknown>> };

function registry(): Map<string, MemoryCache<unknown>> {
  return (shared.__edInstanceCaches ??= new Map());
}

/**
 * Declares a per-instance cache (at module level). Declaring a name already declared in this process returns
 * that cache, emptied and with the new limits: the module declaring it again may hold a different shape.
 */
export function declareInstanceCache<V>(spec: InstanceCacheSpec): InstanceCache<V> {
  const held = registry().get(spec.name);
  if (held) {
    held.spec = spec;
    held.clear();
    return held as MemoryCache<V>;
  }
  const cache = new MemoryCache<V>(spec);
  registry().set(spec.name, cache as MemoryCache<unknown>);
  return cache;
}

/** Empties every per-instance cache. */
export function clearInstanceCaches(): void {
  for (const cache of registry().values()) cache.clear();
}

/** What each cache is and holds right now, for tests and for anyone reading a running instance. */
export function listInstanceCaches(): { name: string; size: number; maxEntries: number; ttlMs?: number; versionedBy?: string }[] {
  return [...registry().values()].map((c) => ({
    name: c.name,
    size: c.size,
    maxEntries: c.spec.maxEntries,
    ...(c.spec.ttlMs !== undefined ? { ttlMs: c.spec.ttlMs } : {}),
    ...(c.spec.versionedBy ? { versionedBy: c.spec.versionedBy } : {}),
  }));
}

/**
 * Values a caller works out from one cached entry (a door's rendering of it, say), kept with that entry and
 * dropped with it, so they need no cache and no invalidation of their own.
 */
export class DerivedValues {
  private readonly values = new Map<string, unknown>();

  /** The value kept under `key`, made (and kept) on first use. */
  get<T>(key: string, make: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = make();
    this.values.set(key, value);
    return value;
  }
}
