import type { TestPki } from "./test-pki.mjs";
export const HAPROXY_CONFIG: string;
export interface ServerStat { name: string; status: string; requests: number; checked: boolean }
export interface RunningHaproxy { logFile: string; stop(): void; stats(): Promise<ServerStat[]> }
export function haproxyAvailable(): boolean;
export function startHaproxy(o: { bind: string; pki: TestPki; secret: string; apps: string[]; dir: string }): Promise<RunningHaproxy>;
export function waitAllUp(edge: RunningHaproxy, timeoutMs?: number): Promise<ServerStat[]>;
