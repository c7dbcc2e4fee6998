import { db } from "../db/client";
import { parseMinAal, parseRoleMap, type Cis2RoleMap } from "./cis2-roles";

/** Environment variables (a plain record, so tests can pass their own). */
type Env = Record<string, string | undefined>;

export interface Cis2Settings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roleMap: Cis2RoleMap;
  /** The authentication assurance level clinicians and administrators must sign in at (CIS2_MIN_AAL). */
  minAal: 2 | 3;
}

/** NHS CIS2 sign-in settings, or null when CIS2 is not configured (all three of issuer, client id and secret needed). */
export function cis2Settings(env: Env = process.env): Cis2Settings | null {
  const issuer = env.CIS2_ISSUER?.trim();
  const clientId = env.CIS2_CLIENT_ID?.trim();
  const clientSecret = env.CIS2_CLIENT_SECRET?.trim();
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer: issuer.replace(/\/+$/, ""), clientId, clientSecret, roleMap: parseRoleMap(env.CIS2_ROLE_MAP), minAal: parseMinAal(env.CIS2_MIN_AAL) };
}

export function cis2Enabled(env: Env = process.env): boolean {
  return !!(env.CIS2_ISSUER?.trim() && env.CIS2_CLIENT_ID?.trim() && env.CIS2_CLIENT_SECRET?.trim());
}

export const DEFAULT_IDLE_MINUTES = 30;

/** Minutes without activity after which a staff session ends (STAFF_IDLE_MINUTES, 1 to 720, default 30). */
export function idleMinutes(env: Env = process.env): number {
  const n = Number(env.STAFF_IDLE_MINUTES);
  if (!env.STAFF_IDLE_MINUTES || !Number.isFinite(n) || n < 1) return DEFAULT_IDLE_MINUTES;
  return Math.min(Math.floor(n), 720);
}

/**
 * This trust's ODS code: TRUST_ODS_CODE, or else the one organisation in the database that runs our sites (the
 * Organisation rows also hold 111 providers and GP practices, which have no sites). Null when neither says.
 */
export async function trustOdsCode(env: Env = process.env): Promise<string | null> {
  const fromEnv = env.TRUST_ODS_CODE?.trim().toUpperCase();
  if (fromEnv) return fromEnv;
  const orgs = await db().organisation.findMany({ where: { sites: { some: {} } }, select: { odsCode: true }, take: 2 });
  return orgs.length === 1 ? orgs[0].odsCode.toUpperCase() : null;
}
