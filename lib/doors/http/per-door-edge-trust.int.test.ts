/**
 * Each door has its own edge trust (lib/config/deployment.ts, edgeTrustFor). 111's ITK reports do not come through
 * the Spine Secure Proxy, so a trust that allow-lists only the proxy's addresses for the FHIR door must still
 * receive every 111 report over the ITK door, whose edge checks the sender's client certificate.
 */
import { describe, expect, it } from "vitest";
import { GET as searchSlotsRoute } from "@/app/STU3/1/Slot/route";
import { db } from "../../db/client";
import { testReportXml } from "../../testing/test-report";
import { soapEnvelope } from "../../testing/fixtures/cda/build-envelope";
import { handleItkRequest } from "../itk/itk-http";

// Read once by deploymentConfig(), before the first request of this file. Only the proxy's range may call FHIR.
process.env.EDGE_TRUST = "client-cert";
process.env.EDGE_SHARED_SECRET = "edge-secret-for-tests";
process.env.EDGE_TRUST_STU3 = "address-allowlist";
process.env.EDGE_TRUST_STU3_ALLOWED_ADDRESSES = "10.20.0.0/16";

// One caller: an ITK sender at 192.168.7.7 with a verified client certificate, through the terminator.
const callerHeaders = { "x-client-verify": "SUCCESS", "x-edge-secret": "edge-secret-for-tests", "x-real-ip": "192.168.7.7" };
const message = () =>
  soapEnvelope({ messageId: "6B1D0C3E-0000-4000-8000-0000000000A7", payloads: [{ id: "D", xml: testReportXml({ documentId: "0F0E0D0C-0000-4000-8000-0000000000A7" }).replace(/^<\?xml[^>]*\?>\s*/, "") }] });

describe("edge trust per door", () => {
  it("accepts an ITK report from a caller the FHIR door refuses when only the proxy is allow-listed for FHIR", async () => {
    const itk = await handleItkRequest(new Request("http://localhost/itk/nhs111", { method: "POST", body: message(), headers: callerHeaders }));
    expect(itk.status).toBe(200);
    expect(await itk.text()).toContain("<wsa:RelatesTo>6B1D0C3E-0000-4000-8000-0000000000A7</wsa:RelatesTo>");
    expect(await db().clinicalDocument.count()).toBe(1);

    const fhir = await searchSlotsRoute(new Request("http://localhost/STU3/1/Slot?status=free", { headers: { ...callerHeaders, Accept: "application/fhir+json" } }), { params: Promise.resolve({}) });
    expect(fhir.status).toBe(403);
    const outcome = await fhir.json();
    expect(outcome.resourceType).toBe("OperationOutcome");
    expect(JSON.stringify(outcome)).toContain("not an allowed proxy address");
  });

  it("lets the proxy's address through the FHIR door's edge", async () => {
    const fhir = await searchSlotsRoute(new Request("http://localhost/STU3/1/Slot?status=free", { headers: { ...callerHeaders, "x-real-ip": "10.20.3.4", Accept: "application/fhir+json" } }), { params: Promise.resolve({}) });
    // Past the edge: refused for the missing JWT (a 403 of another kind), never for the address.
    expect(JSON.stringify(await fhir.json())).not.toContain("not an allowed proxy address");
  });
});
