import type { ChildProcess, StdioOptions } from "node:child_process";
export function freshPostgresDatabase(url: string): Promise<void>;
export function dropPostgresDatabase(url: string): Promise<void>;
export function prepareAndBuild(env: Record<string, string | undefined>, tag: string): void;
export function startInstance(env: Record<string, string | undefined>, port: number, stdio?: StdioOptions): ChildProcess;
export function waitHealthy(base: string, timeoutMs?: number): Promise<void>;
