/**
 * Besides the ORM's, a few modules keep SQLite connections of their own (the availability probe, the booking
 * writer, the audit batch writer). They register how to close them here, so a test that swaps or removes the
 * database file can close every one (`resetDbForTests`).
 */
const closers = new Map<string, () => void>();

export function registerOwnConnection(name: string, close: () => void): void {
  closers.set(name, close);
}

export function closeOwnConnections(): void {
  for (const [name, close] of closers) {
    closers.delete(name);
    try {
      close();
    } catch {
      // already closed
    }
  }
}
