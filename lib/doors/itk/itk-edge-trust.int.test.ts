import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { testReportXml } from "../../testing/test-report";
import { soapEnvelope } from "../../testing/fixtures/cda/build-envelope";
import { handleItkRequest } from "./itk-http";

// Read once by deploymentConfig(), before the first request of this file.
process.env.EDGE_TRUST = "client-cert";
process.env.EDGE_SHARED_SECRET = "edge-secret-for-tests";

const message = () => soapEnvelope({ messageId: "6B1D0C3E-0000-4000-8000-000000000001", payloads: [{ id: "D", xml: testReportXml({ documentId: "0F0E0D0C-0000-4000-8000-000000000001" }).replace(/^<\?xml[^>]*\?>\s*/, "") }] });

describe("the ITK endpoint behind the edge", () => {
  it("refuses a caller the edge does not vouch for with a SOAP fault and HTTP 403, storing nothing", async () => {
    const res = await handleItkRequest(new Request("http://localhost/itk/nhs111", { method: "POST", body: message(), headers: { "x-client-verify": "SUCCESS" } }));
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain("<soap:Fault>");
    expect(text).toContain("The sender is not trusted");
    expect(await db().clinicalDocument.count()).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "itk.receive", outcome: "refused" } })).toBe(1);
  });

  it("accepts the same message through the edge, and refuses a body over the limit", async () => {
    const headers = { "x-client-verify": "SUCCESS", "x-edge-secret": "edge-secret-for-tests" };
    const ok = await handleItkRequest(new Request("http://localhost/itk/nhs111", { method: "POST", body: message(), headers }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("<wsa:RelatesTo>6B1D0C3E-0000-4000-8000-000000000001</wsa:RelatesTo>");
    const big = await handleItkRequest(new Request("http://localhost/itk/nhs111", { method: "POST", body: "x".repeat(5 * 1024 * 1024 + 1), headers }));
    expect(big.status).toBe(500);
    expect(await big.text()).toContain("The message is too large");
  });
});
