import { describe, expect, it } from "vitest";
import { productionProblems, readDeploymentConfig } from "./deployment";

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
      EDGE_SHARED_SECRET: "s3cret",
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
});
