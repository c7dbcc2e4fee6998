/**
 * Deployment settings read from the environment, checked once at start-up.
 *
 * APP_ENV=production turns on the checks a live system needs: an https PUBLIC_URL, a session secret, edge trust
 * for the FHIR and ITK doors (the app must know it sits behind the Spine Secure Proxy), and no demo data.
 * Anything else (the default) is development/demo: the FHIR door accepts callers without edge checks.
 */
import { parseRoleMap } from "../auth/cis2-roles";

export type EdgeTrustMode = "off" | "client-cert" | "address-allowlist";

export interface EdgeTrustConfig {
  mode: EdgeTrustMode;
  /** client-cert: the header the TLS terminator sets after verifying the caller's certificate, and its success value */
  verifyHeader: string;
  verifyValue: string;
  /** address-allowlist: the header the terminator sets to the peer address, and the allowed addresses/CIDRs */
  addressHeader: string;
  allowedAddresses: string[];
  /** Optional secret the terminator adds (x-edge-secret), proving the request passed through it. */
  sharedSecret: string | null;
}

export type CrossOrgAccess = "allow" | "audit-only" | "deny";

export interface DeploymentConfig {
  production: boolean;
  publicUrl: string;
  fhirBaseUrl: string;
  /** JWT audiences accepted: the FHIR base URL plus FHIR_EXTRA_AUDIENCES */
  audiences: string[];
  providerAsid: string;
  slotTakenStatus: 409 | 422;
  /** The shared edge trust (EDGE_*): the default for every door that has no settings of its own. */
  edge: EdgeTrustConfig;
  /** Each door's own edge trust (EDGE_TRUST_STU3_*, EDGE_TRUST_ITK_*, EDGE_TRUST_BARS_*), each defaulting to `edge`. */
  doorEdge: Record<EdgeDoor, EdgeTrustConfig>;
  /** The abuse ceiling per consumer on the FHIR door (lib/doors/uec-stu3/interactions/consumer-ceiling.ts) */
  consumerCeiling: { perMinute: number; alertPercent: number };
  /**
   * Most new consumer identities (ASIDs and ODS codes) one edge-verified source may have recorded in an hour
   * (FHIR_NEW_CONSUMERS_PER_SOURCE_PER_HOUR, default 200; 0 turns the bound off). Beyond it: 429.
   */
  newConsumersPerSourcePerHour: number;
  /**
   * A consumer reading or cancelling another organisation's booking (FHIR_CROSS_ORG_ACCESS): `allow` (default:
   * served, audited, shown to clerks), `audit-only` (the same, and a warn log line), `deny` (403).
   */
  crossOrgAccess: CrossOrgAccess;
  /** Which 111 reports are for this ED to act on (lib/clinical/classify-report-route.ts). */
  reportRouting: ReportRoutingConfig;
}

export interface ReportRoutingConfig {
  /** ODS codes this ED receives ITK reports under, besides the trust's and sites' codes in the database (ITK_RECIPIENT_ODS_CODES). */
  extraOdsCodes: string[];
  /** DoS service ids besides those of the services in the database (ITK_RECIPIENT_DOS_IDS). */
  extraDosServiceIds: string[];
  /** A report whose 111 call began longer ago than this is information, never an expected walk-in (WALK_IN_MAX_REPORT_AGE_HOURS). */
  maxEncounterAgeHours: number;
}

export class ConfigError extends Error {}

/**
 * The doors 111 and IUC systems call, each behind its own edge: the STU3 FHIR door (/STU3/1) and the BaRS R4 door
 * (/R4) are reached through the Spine Secure Proxy; ITK reports (/itk/nhs111) come over the ITK/Spine messaging
 * route, which is not the proxy, so a trust allow-listing the proxy for FHIR must not refuse every 111 report.
 */
export type EdgeDoor = "uec-stu3" | "itk" | "bars-r4";
export const EDGE_DOORS: readonly EdgeDoor[] = ["uec-stu3", "itk", "bars-r4"];
/** The environment prefix of each door's own settings: EDGE_TRUST_STU3, EDGE_TRUST_STU3_ALLOWED_ADDRESSES, … */
export const EDGE_DOOR_PREFIX: Record<EdgeDoor, string> = { "uec-stu3": "EDGE_TRUST_STU3", itk: "EDGE_TRUST_ITK", "bars-r4": "EDGE_TRUST_BARS" };
const EDGE_DOOR_NAME: Record<EdgeDoor, string> = { "uec-stu3": "the STU3 FHIR door", itk: "the ITK door", "bars-r4": "the BaRS R4 door" };

/** Environment variables (a plain record, so tests can pass their own). */
export type Env = Record<string, string | undefined>;

function list(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function readDeploymentConfig(env: Env = process.env): DeploymentConfig {
  const production = (env.APP_ENV ?? "").toLowerCase() === "production";
  const port = env.PORT || "3000";
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, "");
  const fhirBaseUrl = `${publicUrl}/STU3/1`;
  const edge = readEdgeTrust(env);
  const slotTaken = Number(env.FHIR_SLOT_TAKEN_STATUS || 422);
  const ceiling = Number(env.FHIR_CONSUMER_CEILING_PER_MINUTE || 6000);
  const alertPercent = Number(env.FHIR_CONSUMER_ALERT_PERCENT || 50);
  const maxAge = Number(env.WALK_IN_MAX_REPORT_AGE_HOURS || 48);
  const newConsumers = Number(env.FHIR_NEW_CONSUMERS_PER_SOURCE_PER_HOUR ?? 200);
  const crossOrg = (env.FHIR_CROSS_ORG_ACCESS || "allow").trim().toLowerCase();
  return {
    production,
    publicUrl,
    fhirBaseUrl,
    audiences: [fhirBaseUrl, ...list(env.FHIR_EXTRA_AUDIENCES)],
    providerAsid: env.PROVIDER_ASID || "918999198738",
    slotTakenStatus: slotTaken === 409 ? 409 : 422,
    edge,
    doorEdge: { "uec-stu3": readDoorEdgeTrust(env, "uec-stu3", edge), itk: readDoorEdgeTrust(env, "itk", edge), "bars-r4": readDoorEdgeTrust(env, "bars-r4", edge) },
    consumerCeiling: {
      perMinute: Number.isFinite(ceiling) && ceiling >= 0 ? Math.floor(ceiling) : 6000,
      alertPercent: Number.isFinite(alertPercent) && alertPercent > 0 && alertPercent <= 100 ? alertPercent : 50,
    },
    newConsumersPerSourcePerHour: Number.isInteger(newConsumers) && newConsumers >= 0 ? newConsumers : 200,
    crossOrgAccess: crossOrg === "deny" || crossOrg === "audit-only" ? crossOrg : "allow",
    reportRouting: {
      extraOdsCodes: list(env.ITK_RECIPIENT_ODS_CODES),
      extraDosServiceIds: list(env.ITK_RECIPIENT_DOS_IDS),
      maxEncounterAgeHours: Number.isFinite(maxAge) && maxAge > 0 ? maxAge : 48,
    },
  };
}

/** The shared edge settings (EDGE_TRUST, EDGE_CLIENT_VERIFY_HEADER, EDGE_ALLOWED_ADDRESSES, EDGE_SHARED_SECRET, …). */
function readEdgeTrust(env: Env): EdgeTrustConfig {
  return {
    mode: (env.EDGE_TRUST || "off").toLowerCase() as EdgeTrustMode,
    verifyHeader: (env.EDGE_CLIENT_VERIFY_HEADER || "x-client-verify").toLowerCase(),
    verifyValue: env.EDGE_CLIENT_VERIFY_VALUE || "SUCCESS",
    addressHeader: (env.EDGE_ADDRESS_HEADER || "x-real-ip").toLowerCase(),
    allowedAddresses: list(env.EDGE_ALLOWED_ADDRESSES),
    sharedSecret: env.EDGE_SHARED_SECRET || null,
  };
}

/**
 * One door's edge trust: each of its own settings (PREFIX = EDGE_TRUST_STU3 / _ITK / _BARS; PREFIX itself is the
 * mode, then PREFIX_CLIENT_VERIFY_HEADER, PREFIX_CLIENT_VERIFY_VALUE, PREFIX_ADDRESS_HEADER, PREFIX_ALLOWED_ADDRESSES,
 * PREFIX_SHARED_SECRET) when set, else the shared EDGE_* value, so a deployment with only the shared settings is
 * unchanged.
 */
function readDoorEdgeTrust(env: Env, door: EdgeDoor, shared: EdgeTrustConfig): EdgeTrustConfig {
  const p = EDGE_DOOR_PREFIX[door];
  const own = (k: string) => {
    const v = env[k === "" ? p : `${p}_${k}`];
    return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
  };
  const addresses = own("ALLOWED_ADDRESSES");
  return {
    mode: (own("")?.toLowerCase() as EdgeTrustMode | undefined) ?? shared.mode,
    verifyHeader: own("CLIENT_VERIFY_HEADER")?.toLowerCase() ?? shared.verifyHeader,
    verifyValue: own("CLIENT_VERIFY_VALUE") ?? shared.verifyValue,
    addressHeader: own("ADDRESS_HEADER")?.toLowerCase() ?? shared.addressHeader,
    allowedAddresses: addresses !== undefined ? list(addresses) : shared.allowedAddresses,
    sharedSecret: own("SHARED_SECRET") ?? shared.sharedSecret,
  };
}

/** The edge trust a door applies to every caller (lib/doors/http/edge-trust.ts). */
export function edgeTrustFor(door: EdgeDoor, cfg: DeploymentConfig = deploymentConfig()): EdgeTrustConfig {
  return cfg.doorEdge[door];
}

/** A door's edge settings that must stop a production start. */
function edgeProblems(door: EdgeDoor, edge: EdgeTrustConfig): string[] {
  const p = EDGE_DOOR_PREFIX[door];
  const name = EDGE_DOOR_NAME[door];
  const problems: string[] = [];
  if (!["client-cert", "address-allowlist"].includes(edge.mode)) {
    problems.push(`EDGE_TRUST (or ${p}) must be client-cert or address-allowlist in production: ${name} only accepts callers through a trusted edge`);
  }
  if (edge.mode === "address-allowlist" && edge.allowedAddresses.length === 0) problems.push(`EDGE_ALLOWED_ADDRESSES (or ${p}_ALLOWED_ADDRESSES) must list the addresses allowed to call ${name}`);
  if (!edge.sharedSecret) problems.push(`EDGE_SHARED_SECRET (or ${p}_SHARED_SECRET) must be set in production for ${name}, and added by the TLS terminator as x-edge-secret`);
  return problems;
}

/**
 * Secrets published in this repository (tests, scripts, the README's demo password): a live system must never run
 * with one. lib/config/deployment.test.ts checks the list against the values the repository really uses.
 */
export const DEMO_SECRETS: readonly string[] = [
  "Demo-Password-2026",
  "api-tests-only-secret-not-for-production",
  "api-tests-only-metrics-token",
  "e2e-only-secret-not-for-production-use",
  "crash-test-only-secret-0123456789",
  "edge-secret-for-tests",
];
const DEMO_LOOKING = /not-for-production|only-secret|only-metrics|bench-only|for-tests|changeme|change-me|Demo-Password/i;

/** A published demo or test value, or one that says it is one. */
export function isDemoSecret(value: string): boolean {
  return DEMO_SECRETS.includes(value) || DEMO_LOOKING.test(value);
}

/** Secrets a production start checks: set ones must be long enough and none may be a published demo value. */
const SECRETS: { name: string; minLength: number }[] = [
  { name: "NEXTAUTH_SECRET", minLength: 32 },
  { name: "EDGE_SHARED_SECRET", minLength: 24 },
  ...Object.values(EDGE_DOOR_PREFIX).map((p) => ({ name: `${p}_SHARED_SECRET`, minLength: 24 })),
  { name: "METRICS_TOKEN", minLength: 24 },
];

function secretProblems(env: Env): string[] {
  const problems: string[] = [];
  for (const { name, minLength } of SECRETS) {
    const value = env[name];
    if (!value) continue;
    if (value.length < minLength) problems.push(`${name} must be at least ${minLength} characters in production`);
    if (env.ALLOW_DEMO_SECRETS !== "true" && isDemoSecret(value)) {
      problems.push(`${name} is a demo or test value published in this repository: set a random secret (ALLOW_DEMO_SECRETS=true only for a demonstration)`);
    }
  }
  return problems;
}

/** Problems that must stop a production start. Empty when the configuration is fit to run. */
export function productionProblems(cfg: DeploymentConfig, env: Env = process.env): string[] {
  if (!cfg.production) return [];
  const problems: string[] = [];
  if (!cfg.publicUrl.startsWith("https://")) problems.push("PUBLIC_URL must be an https:// address in production");
  if (!env.NEXTAUTH_SECRET) problems.push("NEXTAUTH_SECRET must be set (32 characters or more) in production");
  problems.push(...secretProblems(env));
  for (const door of EDGE_DOORS) problems.push(...edgeProblems(door, cfg.doorEdge[door]));
  const cis2Vars = ["CIS2_ISSUER", "CIS2_CLIENT_ID", "CIS2_CLIENT_SECRET"].filter((k) => env[k]?.trim());
  if (cis2Vars.length > 0 && cis2Vars.length < 3) problems.push("CIS2_ISSUER, CIS2_CLIENT_ID and CIS2_CLIENT_SECRET must be set together (NHS CIS2 sign-in)");
  if (cis2Vars.length === 3 && !env.CIS2_ISSUER!.trim().startsWith("https://")) problems.push("CIS2_ISSUER must be an https:// address in production");
  if (env.CIS2_ROLE_MAP?.trim()) {
    try {
      parseRoleMap(env.CIS2_ROLE_MAP);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : "CIS2_ROLE_MAP is not valid");
    }
  }
  if ((env.SEED_PROFILE ?? "demo") !== "none" && env.ALLOW_DEMO_DATA !== "true") {
    problems.push("SEED_PROFILE must be none in production (demo accounts have published passwords)");
  }
  return problems;
}

let cached: DeploymentConfig | null = null;
export function deploymentConfig(): DeploymentConfig {
  cached ??= readDeploymentConfig();
  return cached;
}
