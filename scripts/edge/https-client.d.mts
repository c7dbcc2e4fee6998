export interface EdgeAnswer { status: number; ok: boolean; headers: { get(name: string): string | null }; text(): Promise<string>; json(): Promise<unknown> }
export interface EdgeClient {
  request(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number }): Promise<EdgeAnswer>;
  close(): void;
}
export function edgeClient(o: { ca: Buffer; identity: { cert: Buffer; key: Buffer } | null; maxSockets?: number }): EdgeClient;
