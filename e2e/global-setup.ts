import type { FullConfig } from "@playwright/test";
import { startTestCis2 } from "./cis2-provider";

/** Starts the stand-in NHS CIS2 provider (loopback only) for the whole run; stops it at the end. */
export default async function globalSetup(config: FullConfig) {
  const port = Number(process.env.E2E_OIDC_PORT);
  const appOrigin = String(config.projects[0]?.use.baseURL ?? "");
  const cis2 = await startTestCis2(port, appOrigin);
  return async () => {
    await cis2.close();
  };
}
