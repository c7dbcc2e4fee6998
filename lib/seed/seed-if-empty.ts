import type { Db } from "../db/client";
import { seedAssurance } from "./assurance";
import { seedDemo } from "./demo";
import { now as clockNow } from "../time/clock";

export const SEED_PROFILES = ["demo", "assurance", "none"] as const;
export type SeedProfile = (typeof SEED_PROFILES)[number];

export function seedProfile(env: NodeJS.ProcessEnv = process.env): SeedProfile {
  const p = (env.SEED_PROFILE ?? "demo").trim().toLowerCase();
  if (!(SEED_PROFILES as readonly string[]).includes(p)) throw new Error(`SEED_PROFILE must be one of ${SEED_PROFILES.join(", ")}; got "${p}"`);
  return p as SeedProfile;
}

/** Seeds the chosen profile when the database holds no organisation yet. Returns what it did. */
export async function seedIfEmpty(client: Db, profile: SeedProfile, now = clockNow()): Promise<"seeded" | "not-empty" | "skipped"> {
  if (profile === "none") return "skipped";
  // Claim the seed with a unique row first, so two instances starting together seed once.
  try {
    await client.appState.create({ data: { key: "seed:profile", value: profile } });
  } catch {
    return "not-empty";
  }
  if ((await client.organisation.count()) > 0) return "not-empty";
  if (profile === "assurance") await seedAssurance(client, now);
  else await seedDemo(client, now);
  return "seeded";
}
