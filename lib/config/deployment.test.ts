import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { DEMO_PASSWORD } from "../seed/staff";
import { DEMO_SECRETS, EDGE_DOORS, edgeTrustFor, isDemoSecret, productionProblems, readDeploymentConfig } from "./deployment";

describe("deployment configuration", () => {
  it("defaults to development on localhost with the FHIR base under /STU3/1", () => {
    const cfg = readDeploymentConfig({ PORT: "4434" });
    expect(cfg.production).toBe(false);
    expect(cfg.fhirBaseUrl).toBe("http://localhost:4434/STU3/1");
    expect(cfg.audiences).toEqual(["http://localhost:4434/STU3/1"]);
    expect(cfg.slotTakenStatus).toBe(422);
    expect(productionProblems(cfg, {})).toEqual([]);
  });

  it("accepts extra audiences and a 409 for a taken slot by configuration", () => {
    const cfg = readDeploymentConfig({ PUBLIC_URL: "https://ed.example.nhs.uk/", FHIR_EXTRA_AUDIENCES: "http://localhost:4434/STU3, https://tester", FHIR_SLOT_TAKEN_STATUS: "409" });
    expect(cfg.fhirBaseUrl).toBe("https://ed.example.nhs.uk/STU3/1");
    expect(cfg.audiences).toEqual(["https://ed.example.nhs.uk/STU3/1", "http://localhost:4434/STU3", "https://tester"]);
    expect(cfg.slotTakenStatus).toBe(409);
  });

  it("refuses a production start without https, a secret, edge trust or with demo data", () => {
    const env = { APP_ENV: "production", PUBLIC_URL: "http://ed.example", SEED_PROFILE: "demo" };
    const problems = productionProblems(readDeploymentConfig(env), env);
    expect(problems.join("\n")).toMatch(/https/);
    expect(problems.join("\n")).toMatch(/NEXTAUTH_SECRET/);
    expect(problems.join("\n")).toMatch(/EDGE_TRUST/);
    expect(problems.join("\n")).toMatch(/SEED_PROFILE/);
  });

  it("accepts a complete production configuration", () => {
    const env = {
      APP_ENV: "production",
      PUBLIC_URL: "https://ed.example.nhs.uk",
      NEXTAUTH_SECRET: "x".repeat(40),
      EDGE_TRUST: "client-cert",
      EDGE_SHARED_SECRET: "s3cret-from-the-terminator-0f9a8b7c",
      SEED_PROFILE: "none",
    };
    expect(productionProblems(readDeploymentConfig(env), env)).toEqual([]);
    const withCis2 = { ...env, CIS2_ISSUER: "https://cis2.example/realms/x", CIS2_CLIENT_ID: "c", CIS2_CLIENT_SECRET: "s", CIS2_ROLE_MAP: '{"R8000":"clinician"}' };
    expect(productionProblems(readDeploymentConfig(withCis2), withCis2)).toEqual([]);
  });

  it("refuses half a CIS2 configuration, an http issuer and a role map naming an unknown role", () => {
    const base = { APP_ENV: "production", PUBLIC_URL: "https://ed.example.nhs.uk", NEXTAUTH_SECRET: "x".repeat(40), EDGE_TRUST: "client-cert", EDGE_SHARED_SECRET: "s", SEED_PROFILE: "none" };
    const half = { ...base, CIS2_ISSUER: "https://cis2.example" };
    expect(productionProblems(readDeploymentConfig(half), half).join("\n")).toMatch(/must be set together/);
    const http = { ...base, CIS2_ISSUER: "http://cis2.example", CIS2_CLIENT_ID: "c", CIS2_CLIENT_SECRET: "s" };
    expect(productionProblems(readDeploymentConfig(http), http).join("\n")).toMatch(/CIS2_ISSUER must be an https/);
    const badMap = { ...base, CIS2_ROLE_MAP: '{"R8000":"surgeon"}' };
    expect(productionProblems(readDeploymentConfig(badMap), badMap).join("\n")).toMatch(/not one of/);
  });

  describe("demo secrets (published in this repository) stop a production start", () => {
    const live = {
      APP_ENV: "production",
      PUBLIC_URL: "https://ed.example.nhs.uk",
      NEXTAUTH_SECRET: "Vq3p9R2xLk7mN4tY8wZ1bC6dF0gH5jK2",
      EDGE_TRUST: "client-cert",
      EDGE_SHARED_SECRET: "c8B2nQ7rT4vX9zA1eG6kM3pS",
      METRICS_TOKEN: "h5J8kL2mN9pQ4rS7tU1vW6xY",
      SEED_PROFILE: "none",
    };
    const problems = (env: Record<string, string>) => productionProblems(readDeploymentConfig(env), env);

    it("accepts random secrets", () => {
      expect(problems(live)).toEqual([]);
    });

    it.each(["NEXTAUTH_SECRET", "EDGE_SHARED_SECRET", "METRICS_TOKEN"])("refuses %s set to any published demo value, or one that looks like it", (name) => {
      for (const value of [...DEMO_SECRETS, "my-changeme-secret-0123456789abcdefgh", `${"x".repeat(30)}not-for-production`]) {
        expect(problems({ ...live, [name]: value }).join("\n")).toMatch(new RegExp(name));
      }
    });

    it("refuses short secrets", () => {
      expect(problems({ ...live, METRICS_TOKEN: "short" }).join("\n")).toMatch(/METRICS_TOKEN must be at least 24/);
      expect(problems({ ...live, EDGE_SHARED_SECRET: "s3cret" }).join("\n")).toMatch(/EDGE_SHARED_SECRET must be at least 24/);
      expect(problems({ ...live, NEXTAUTH_SECRET: "x".repeat(31) }).join("\n")).toMatch(/NEXTAUTH_SECRET must be at least 32/);
    });

    it("allows a demo value only with ALLOW_DEMO_SECRETS=true, and only outside production is it never checked", () => {
      expect(problems({ ...live, NEXTAUTH_SECRET: "api-tests-only-secret-not-for-production", ALLOW_DEMO_SECRETS: "true" })).toEqual([]);
      expect(problems({ NEXTAUTH_SECRET: "api-tests-only-secret-not-for-production", METRICS_TOKEN: "x" })).toEqual([]);
    });

    it("lists the demo password and every secret the repository's own scripts and tests start servers with", () => {
      expect(DEMO_SECRETS).toContain(DEMO_PASSWORD);
      const files = execFileSync("git", ["ls-files", "scripts", "api-tests", "e2e", "playwright.config.ts", "lib/clinical"], { encoding: "utf8" }).split("\n").filter(Boolean);
      const used = new Set<string>();
      for (const f of files) {
        const text = readFileSync(f, "utf8");
        for (const m of text.matchAll(/(?:NEXTAUTH_SECRET|METRICS_TOKEN|EDGE_SHARED_SECRET|API_METRICS_TOKEN)\s*[:=]\s*"([^"]+)"/g)) used.add(m[1]);
      }
      expect(used.size).toBeGreaterThan(2);
      for (const value of used) expect(isDemoSecret(value), value).toBe(true);
    });
  });
});

describe("edge trust per door", () => {
  const live = { APP_ENV: "production", PUBLIC_URL: "https://ed.example.nhs.uk", NEXTAUTH_SECRET: "Vq3p9R2xLk7mN4tY8wZ1bC6dF0gH5jK2", SEED_PROFILE: "none" };

  it("gives every door the shared EDGE_* settings when it has none of its own", () => {
    const env = { EDGE_TRUST: "address-allowlist", EDGE_ALLOWED_ADDRESSES: "10.0.0.0/8, 192.0.2.1", EDGE_ADDRESS_HEADER: "X-Forwarded-For", EDGE_SHARED_SECRET: "c8B2nQ7rT4vX9zA1eG6kM3pS" };
    const cfg = readDeploymentConfig(env);
    for (const door of EDGE_DOORS) {
      expect(edgeTrustFor(door, cfg)).toEqual({ mode: "address-allowlist", verifyHeader: "x-client-verify", verifyValue: "SUCCESS", addressHeader: "x-forwarded-for", allowedAddresses: ["10.0.0.0/8", "192.0.2.1"], sharedSecret: "c8B2nQ7rT4vX9zA1eG6kM3pS" });
    }
  });

  it("lets each door override each setting on its own, leaving the others on the shared ones", () => {
    const cfg = readDeploymentConfig({
      EDGE_TRUST: "client-cert",
      EDGE_SHARED_SECRET: "shared-secret-aaaaaaaaaaaaaaa",
      EDGE_TRUST_STU3: "Address-Allowlist",
      EDGE_TRUST_STU3_ALLOWED_ADDRESSES: "10.20.0.0/16",
      EDGE_TRUST_ITK_CLIENT_VERIFY_HEADER: "X-SSL-Verify",
      EDGE_TRUST_ITK_SHARED_SECRET: "itk-secret-bbbbbbbbbbbbbbbbbb",
      EDGE_TRUST_BARS_CLIENT_VERIFY_VALUE: "OK",
      EDGE_TRUST_BARS_ADDRESS_HEADER: " ",
    });
    expect(edgeTrustFor("uec-stu3", cfg)).toMatchObject({ mode: "address-allowlist", allowedAddresses: ["10.20.0.0/16"], sharedSecret: "shared-secret-aaaaaaaaaaaaaaa" });
    expect(edgeTrustFor("itk", cfg)).toMatchObject({ mode: "client-cert", verifyHeader: "x-ssl-verify", verifyValue: "SUCCESS", allowedAddresses: [], sharedSecret: "itk-secret-bbbbbbbbbbbbbbbbbb" });
    expect(edgeTrustFor("bars-r4", cfg)).toMatchObject({ mode: "client-cert", verifyValue: "OK", addressHeader: "x-real-ip", sharedSecret: "shared-secret-aaaaaaaaaaaaaaa" });
    // The shared settings themselves are untouched.
    expect(cfg.edge.mode).toBe("client-cert");
  });

  it("checks every door's own settings at a production start", () => {
    const ok = { ...live, EDGE_TRUST: "client-cert", EDGE_SHARED_SECRET: "c8B2nQ7rT4vX9zA1eG6kM3pS" };
    expect(productionProblems(readDeploymentConfig(ok), ok)).toEqual([]);
    const itkOff = { ...ok, EDGE_TRUST_ITK: "off" };
    expect(productionProblems(readDeploymentConfig(itkOff), itkOff).join("\n")).toMatch(/EDGE_TRUST_ITK\).*the ITK door/);
    const barsNoAddresses = { ...ok, EDGE_TRUST_BARS: "address-allowlist" };
    expect(productionProblems(readDeploymentConfig(barsNoAddresses), barsNoAddresses).join("\n")).toMatch(/EDGE_TRUST_BARS_ALLOWED_ADDRESSES.*BaRS R4 door/);
    const stu3WeakSecret = { ...ok, EDGE_TRUST_STU3_SHARED_SECRET: "short" };
    expect(productionProblems(readDeploymentConfig(stu3WeakSecret), stu3WeakSecret).join("\n")).toMatch(/EDGE_TRUST_STU3_SHARED_SECRET must be at least 24/);
    // Only the doors' own settings: the shared ones may then be absent.
    const perDoor = { ...live, EDGE_TRUST_STU3: "address-allowlist", EDGE_TRUST_STU3_ALLOWED_ADDRESSES: "10.20.0.0/16", EDGE_TRUST_ITK: "client-cert", EDGE_TRUST_BARS: "client-cert", EDGE_TRUST_STU3_SHARED_SECRET: "c8B2nQ7rT4vX9zA1eG6kM3pS", EDGE_TRUST_ITK_SHARED_SECRET: "d9C3oR8sU5wY0aB2fH7lN4qT", EDGE_TRUST_BARS_SHARED_SECRET: "e0D4pS9tV6xZ1bC3gI8mO5rU" };
    expect(productionProblems(readDeploymentConfig(perDoor), perDoor)).toEqual([]);
  });
});
