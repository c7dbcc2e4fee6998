// No secret is committed: every file git tracks is scanned for private keys, cloud access keys and long random
// strings (hex or base64 with high entropy). The only ones allowed are listed below, each a documented demo or test
// value. A new match fails this test: remove the secret (and rotate it), or add it here with the reason.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

const ALLOWED: { value: string; why: string }[] = [
  { value: "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", why: "base64 of a <script> tag: hostile narrative test fixture" },
  { value: "PHNjcmlwdD5hbGVydCgnYjY0Jyk8L3NjcmlwdD4=", why: "base64 of a <script> tag: hostile narrative test fixture" },
  { value: "Vq3p9R2xLk7mN4tY8wZ1bC6dF0gH5jK2", why: "made-up 'random' NEXTAUTH_SECRET in lib/config/deployment.test.ts" },
  { value: "c8B2nQ7rT4vX9zA1eG6kM3pS", why: "made-up 'random' EDGE_SHARED_SECRET in lib/config/deployment.test.ts" },
  { value: "d9C3oR8sU5wY0aB2fH7lN4qT", why: "made-up per-door EDGE_TRUST_ITK_SHARED_SECRET in lib/config/deployment.test.ts" },
  { value: "e0D4pS9tV6xZ1bC3gI8mO5rU", why: "made-up per-door EDGE_TRUST_BARS_SHARED_SECRET in lib/config/deployment.test.ts" },
  { value: "h5J8kL2mN9pQ4rS7tU1vW6xY", why: "made-up 'random' METRICS_TOKEN in lib/config/deployment.test.ts" },
];

/** Files that are all hashes by nature (dependency integrity checksums). */
const SKIPPED_FILES = new Set(["package-lock.json"]);

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Share of a string made of word-like runs (identifiers, paths, English), which random strings rarely have. */
const wordCover = (s: string) => (s.match(/[A-Za-z][a-z]{3,}/g) ?? []).join("").length / s.length;
/** Mixed case and digits, few words, and close to the most entropy a string of its length can have. */
const looksRandom = (s: string) =>
  /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s) && wordCover(s) < 0.45 && entropy(s) / Math.log2(Math.min(s.length, 64)) >= 0.84;

export function findSecrets(text: string): { kind: string; value: string }[] {
  const found: { kind: string; value: string }[] = [];
  for (const m of text.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/g)) found.push({ kind: "private key", value: m[0] });
  for (const m of text.matchAll(/\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g)) found.push({ kind: "AWS access key id", value: m[0] });
  for (const m of text.matchAll(/aws_secret_access_key\s*[=:]\s*["']?([A-Za-z0-9/+=]{40})/gi)) found.push({ kind: "AWS secret key", value: m[1] });
  for (const m of text.matchAll(/\b(?:ghp|gho|ghs|github_pat|xox[abp]|sk_live|glpat)[_-][A-Za-z0-9_-]{16,}/g)) found.push({ kind: "service token", value: m[0] });
  for (const m of text.matchAll(/(?<![0-9a-fA-F])[0-9a-fA-F]{32,}(?![0-9a-fA-F])/g)) found.push({ kind: "long hex string", value: m[0] });
  // UUIDs are identifiers, not secrets; identifiers made of words (CamelCase, paths) are not random.
  const withoutUuids = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, " ");
  for (const m of withoutUuids.matchAll(/(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{24,}={0,2}/g)) {
    const v = m[0];
    // A path is judged by its segments: one long random segment is enough.
    const random = v.includes("/") ? v.split("/").some((seg) => seg.length >= 16 && looksRandom(seg)) : looksRandom(v);
    if (random) found.push({ kind: "high-entropy string", value: v });
  }
  return found;
}

describe("no secrets in the repository", () => {
  it("the scanner finds what it looks for (generated here, so never committed)", () => {
    const key = ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" ");
    const aws = ["AKIA", "Q3EGRIXZ5XWJ7T2N"].join("");
    const b64 = ["k9Q2", "zX7v", "P3mR", "8tL1", "wN6b", "Y4cJ", "0hF5"].join("");
    const hex = randomBytes(20).toString("hex");
    const kinds = findSecrets(`${key}\nid=${aws}\nsecret: "${b64}"\nsha=${hex}`).map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(["private key", "AWS access key id", "high-entropy string", "long hex string"]));
    expect(findSecrets("uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1 SFFSWithValidParameters_JWT_NoPractitioner 6b9c59dd-675b-4026-98db-f608ef501e6e")).toEqual([]);
  });

  it("no tracked file carries a private key, a cloud key or a long random secret outside the allow-list", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const allowed = new Set(ALLOWED.map((a) => a.value));
    const problems: string[] = [];
    let scanned = 0;
    for (const f of files) {
      if (SKIPPED_FILES.has(f)) continue;
      const path = join(ROOT, f);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        continue; // deleted in the working tree
      }
      if (size > 5 * 1024 * 1024) continue;
      const text = readFileSync(path, "utf8");
      if (text.includes("\0")) continue; // binary
      scanned++;
      for (const s of findSecrets(text)) if (!allowed.has(s.value)) problems.push(`${f}: ${s.kind} ${s.value.slice(0, 12)}…`);
    }
    expect(scanned).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it("every allow-listed value is still in the repository (the list does not rot)", () => {
    const grep = (v: string) => {
      try {
        return execFileSync("git", ["grep", "-l", "-F", v], { cwd: ROOT, encoding: "utf8" }).trim();
      } catch {
        return "";
      }
    };
    for (const a of ALLOWED) expect(grep(a.value), a.why).not.toBe("");
  });
});
