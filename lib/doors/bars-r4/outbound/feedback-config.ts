/**
 * Where and how the ED sends BaRS feedback to 111 (README "Safeguarding feedback to 111"): the NHS API platform's
 * application-restricted access (a signed JWT, private_key_jwt RS512, exchanged for a client-credentials token) and
 * the BaRS proxy. Read per environment from BARS_FEEDBACK_*; with no proxy URL nothing is sent (messages wait,
 * pending, and the booking page says so).
 */
import { readFileSync } from "node:fs";
import { DEFAULT_TIMING, type FeedbackTiming } from "../../../outbox/bars-feedback-outbox";

type Env = Record<string, string | undefined>;

export interface FeedbackConfig {
  /** The BaRS proxy's base, e.g. https://int.api.service.nhs.uk/booking-and-referral/FHIR/R4; `/$process-message` is added. */
  proxyUrl: string;
  /** The OAuth2 token endpoint, e.g. https://int.api.service.nhs.uk/oauth2/token. */
  tokenUrl: string;
  /** The application's API key (the JWT's iss and sub). */
  clientId: string;
  /** The key id registered with the application's public key (the JWT header's kid). */
  keyId: string;
  /** PKCS#8 PEM private key (RS512). */
  privateKeyPem: string;
  /** NHSD-End-User-Organisation: our ODS code and name; NHSD-Requesting-Software: this product. */
  ods: string;
  orgName: string;
  softwareName: string;
  softwareVersion: string;
  requestTimeoutMs: number;
  timing: FeedbackTiming;
}

const num = (v: string | undefined, fallback: number, min = 0) => {
  const n = Number(v);
  return v !== undefined && v !== "" && Number.isFinite(n) && n >= min ? n : fallback;
};

function privateKey(env: Env): string {
  if (env.BARS_FEEDBACK_PRIVATE_KEY?.trim()) return env.BARS_FEEDBACK_PRIVATE_KEY.replace(/\\n/g, "\n");
  if (env.BARS_FEEDBACK_PRIVATE_KEY_FILE?.trim()) {
    try {
      return readFileSync(env.BARS_FEEDBACK_PRIVATE_KEY_FILE.trim(), "utf8");
    } catch {
      return "";
    }
  }
  return "";
}

/** What is missing for sending (empty when it can send). */
export function feedbackConfigProblems(env: Env = process.env): string[] {
  const problems: string[] = [];
  for (const k of ["BARS_FEEDBACK_PROXY_URL", "BARS_FEEDBACK_TOKEN_URL", "BARS_FEEDBACK_CLIENT_ID", "BARS_FEEDBACK_KEY_ID", "BARS_FEEDBACK_ODS"]) if (!env[k]?.trim()) problems.push(`${k} must be set`);
  const pem = privateKey(env);
  if (!new RegExp(["-----BEGIN", "PRIVATE KEY-----"].join(" ")).test(pem)) problems.push("BARS_FEEDBACK_PRIVATE_KEY (or BARS_FEEDBACK_PRIVATE_KEY_FILE) must hold a PKCS#8 PEM private key");
  return problems;
}

export function readFeedbackConfig(env: Env = process.env): FeedbackConfig | null {
  if (feedbackConfigProblems(env).length) return null;
  return {
    proxyUrl: env.BARS_FEEDBACK_PROXY_URL!.trim().replace(/\/+$/, ""),
    tokenUrl: env.BARS_FEEDBACK_TOKEN_URL!.trim(),
    clientId: env.BARS_FEEDBACK_CLIENT_ID!.trim(),
    keyId: env.BARS_FEEDBACK_KEY_ID!.trim(),
    privateKeyPem: privateKey(env),
    ods: env.BARS_FEEDBACK_ODS!.trim(),
    orgName: env.BARS_FEEDBACK_ORG_NAME?.trim() || env.BARS_FEEDBACK_ODS!.trim(),
    softwareName: "ed-capacity",
    softwareVersion: env.npm_package_version ?? "0.1.0",
    requestTimeoutMs: num(env.BARS_FEEDBACK_TIMEOUT_SECONDS, 20, 0.1) * 1000,
    timing: {
      leaseMs: num(env.BARS_FEEDBACK_LEASE_SECONDS, DEFAULT_TIMING.leaseMs / 1000, 0.5) * 1000,
      baseDelayMs: num(env.BARS_FEEDBACK_RETRY_BASE_SECONDS, DEFAULT_TIMING.baseDelayMs / 1000, 0.05) * 1000,
      maxDelayMs: num(env.BARS_FEEDBACK_RETRY_MAX_SECONDS, DEFAULT_TIMING.maxDelayMs / 1000, 0.05) * 1000,
      maxAttempts: Math.floor(num(env.BARS_FEEDBACK_MAX_ATTEMPTS, DEFAULT_TIMING.maxAttempts, 1)),
    },
  };
}
