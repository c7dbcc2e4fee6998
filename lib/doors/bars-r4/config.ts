/**
 * The BaRS door's settings (README "BaRS door"). Read once per process from the environment.
 */
import { deploymentConfig } from "../../config/deployment";

export interface BarsConfig {
  baseUrl: string;
  /** Largest request body, before and after gzip decoding. */
  maxBodyBytes: number;
  /** `_include`s a slot search must ask for (§12 D7: the assurance tool also requires Schedule:actor:Practitioner). */
  requiredIncludes: string[];
  /** Offsets accepted on slot search `start` values (§12 D6). */
  acceptedOffsets: string[];
  /** Widest slot search window, in days (the assurance tool's searches span 4). */
  maxWindowDays: number;
  /** `Bundle.meta.versionId` values accepted: a major version in this list (§12 D3). */
  messageMajors: number[];
  /**
   * Take new referrals (servicerequest-request, new). On by default: the ED's pages show a referral's clinical content,
   * its flags and referral-only patients (HAZ-104). BARS_ACCEPT_REFERRALS=false refuses them with 501, so a sender
   * phones the ED instead (a trust that is not ready to use BaRS referrals).
   */
  acceptReferrals: boolean;
}

let cached: BarsConfig | null = null;

function list(v: string | undefined, fallback: string[]): string[] {
  const items = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return items.length ? items : fallback;
}

export function barsConfig(): BarsConfig {
  if (cached) return cached;
  const env = process.env;
  const maxBody = Number(env.BARS_MAX_BODY_BYTES ?? "");
  const days = Number(env.BARS_SLOT_MAX_WINDOW_DAYS ?? "");
  cached = {
    baseUrl: `${deploymentConfig().publicUrl}/R4`,
    maxBodyBytes: Number.isInteger(maxBody) && maxBody > 0 ? maxBody : 1024 * 1024,
    requiredIncludes: list(env.BARS_SLOT_REQUIRED_INCLUDES, ["Slot:schedule", "Schedule:actor:HealthcareService", "Schedule:actor:Practitioner"]),
    acceptedOffsets: list(env.BARS_SLOT_ACCEPTED_OFFSETS, ["Z", "+00:00", "-00:00", "+01:00"]),
    maxWindowDays: Number.isFinite(days) && days >= 4 ? days : 14,
    messageMajors: list(env.BARS_MESSAGE_MAJOR_VERSIONS, ["1", "2"]).map(Number).filter(Number.isInteger),
    acceptReferrals: env.BARS_ACCEPT_REFERRALS ? env.BARS_ACCEPT_REFERRALS !== "false" : true,
  };
  return cached;
}

/** Tests change the environment between cases. */
export function resetBarsConfigForTests(): void {
  cached = null;
}
