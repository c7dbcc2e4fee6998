import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "../../clinical/cda/parse-clinical-document";
import { documentContentHash } from "../../clinical/document-content";
import { fixtureBody, readFixture, SEND_111_REPORT, soapEnvelope } from "../../testing/fixtures/cda/build-envelope";
import { ItkRejected, parseItkMessage, type ItkRejection } from "./itk";

const V2 = () => fixtureBody("nhs111-report-v2.xml");
const V3 = () => fixtureBody("iuc-report-v3.xml");

function rejected(xml: string, limits = {}): { reason: ItkRejection; message: string; context: object } {
  try {
    parseItkMessage(xml, limits);
  } catch (e) {
    if (e instanceof ItkRejected) return { reason: e.reason, message: e.message, context: e.context };
    throw e;
  }
  throw new Error("expected the message to be refused");
}

describe("parseItkMessage: accepted messages", () => {
  it("reads SOAP addressing, the security header (untrusted) and the distribution envelope of an inline payload", () => {
    const m = parseItkMessage(readFixture("itk-soap-inline.xml"));
    expect(m.kind).toBe("soap");
    expect(m.soap).toEqual({
      messageId: "7C1D4B2A-0E3F-4A5B-8C6D-9E0F1A2B3C4D",
      action: SEND_111_REPORT,
      to: "https://ed.example.org/itk/report",
      from: "https://nzz01.example.org/itk",
      replyTo: null,
      security: { timestampCreated: "2026-07-14T08:35:20Z", timestampExpires: "2026-07-14T08:45:20Z", username: "nzz01-111-system" },
    });
    expect(m.envelope).toMatchObject({
      service: SEND_111_REPORT,
      trackingId: "2F3E4D5C-6B7A-4988-A7B6-C5D4E3F2A1B0",
      addresses: [{ uri: "urn:nhs-uk:addressing:ods:NZZ20", type: null }],
      auditIdentities: [{ uri: "urn:nhs-uk:identity:ods:NZZ01", type: null }],
      senderAddress: "urn:nhs-uk:addressing:ods:NZZ01",
      interaction: "urn:nhs-itk:interaction:primaryEmergencyDepartmentRecipientNHS111CDADocument-v2-0",
      manifest: [{ id: "uuid_5A6B7C8D-9E0F-4A1B-8C2D-3E4F5A6B7C8D", mimetype: "text/xml", profileId: "urn:nhs-en:profile:nhs111CDADocument-v2-0", base64: false, compressed: false, encrypted: false }],
    });
    expect(m.payloads).toHaveLength(1);
    expect(m.payloads[0]).toMatchObject({ id: "uuid_5A6B7C8D-9E0F-4A1B-8C2D-3E4F5A6B7C8D", encoding: "inline" });
    expect(parseClinicalDocument(m.payloads[0].document).id.root).toBe("d3a5f0c2-8e71-4b6a-a9d4-5c2e1f7b3a90");
  });

  it("decodes base64 payloads and carries several documents, in order", () => {
    const m = parseItkMessage(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2(), base64: true }, { id: "uuid_B", xml: V3() }] }));
    expect(m.payloads.map((p) => [p.id, p.encoding])).toEqual([["uuid_A", "base64"], ["uuid_B", "inline"]]);
    expect(m.payloads[0].decodedBytes).toBe(Buffer.byteLength(V2()));
    expect(parseClinicalDocument(m.payloads[1].document).reportVersion).toBe("iuc-report-v3");
  });

  it("gives the same content hash for a document sent inline and sent base64", () => {
    const inline = parseItkMessage(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V3() }] }));
    const b64 = parseItkMessage(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V3(), base64: true }] }));
    expect(documentContentHash(b64.payloads[0].document)).toBe(documentContentHash(inline.payloads[0].document));
  });

  it("accepts a gzip-compressed base64 payload when the manifest says so", () => {
    const xml = soapEnvelope({ payloads: [{ id: "uuid_Z", xml: "COMPRESSED" }] })
      .replace(`mimetype="text/xml"`, `mimetype="text/xml" base64="true" compressed="true"`)
      .replace("COMPRESSED", gzipSync(Buffer.from(V2())).toString("base64"));
    expect(parseItkMessage(xml).payloads[0]).toMatchObject({ encoding: "base64", compressed: true });
  });

  it("accepts a bare DistributionEnvelope and a bare ClinicalDocument (clerk upload)", () => {
    const soap = soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }] });
    const bare = soap.slice(soap.indexOf("<itk:DistributionEnvelope"), soap.indexOf("</itk:DistributionEnvelope>") + "</itk:DistributionEnvelope>".length);
    expect(parseItkMessage(bare)).toMatchObject({ kind: "distribution-envelope", soap: null, payloads: [{ id: "uuid_A" }] });
    const doc = parseItkMessage(readFixture("iuc-report-v3.xml"));
    expect(doc).toMatchObject({ kind: "clinical-document", soap: null, envelope: null, payloads: [{ id: "document", manifestItem: null }] });
  });
});

describe("parseItkMessage: refused messages", () => {
  it("refuses malformed XML and any DOCTYPE (XXE) in the message", () => {
    expect(rejected("<soap:Envelope").reason).toBe("malformed");
    const xxe = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>` + soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }] }).replace(/^<\?xml[^>]*\?>/, "");
    expect(rejected(xxe)).toMatchObject({ reason: "doctype", message: "XML with a DOCTYPE is not accepted" });
  });

  it("refuses a DOCTYPE hidden inside a base64 payload", () => {
    const hidden = `<!DOCTYPE ClinicalDocument [<!ENTITY e SYSTEM "file:///etc/passwd">]>${V2()}`;
    expect(rejected(soapEnvelope({ payloads: [{ id: "uuid_A", xml: hidden, base64: true }] }))).toMatchObject({ reason: "doctype", message: expect.stringContaining("uuid_A") });
  });

  it("refuses an over-large base64 payload before decoding it, and a decompression bomb while inflating", () => {
    const big = soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2(), base64: true }] });
    expect(rejected(big, { maxPayloadBytes: 1000 })).toMatchObject({ reason: "payload-too-large", message: expect.stringMatching(/decodes to \d+ bytes/) });
    const bomb = soapEnvelope({ payloads: [{ id: "uuid_Z", xml: "BOMB" }] })
      .replace(`mimetype="text/xml"`, `mimetype="text/xml" base64="true" compressed="true"`)
      .replace("BOMB", gzipSync(Buffer.alloc(2_000_000, 0x20)).toString("base64"));
    expect(rejected(bomb, { maxPayloadBytes: 100_000 })).toMatchObject({ reason: "payload-too-large", message: expect.stringMatching(/decompresses/) });
    expect(rejected(big, { maxMessageBytes: 1000 }).reason).toBe("too-large");
  });

  it("checks that the manifest matches the payloads", () => {
    const two = [{ id: "uuid_A", xml: V2() }, { id: "uuid_B", xml: V3() }];
    expect(rejected(soapEnvelope({ payloads: two, manifestIds: ["uuid_A"] })).message).toMatch(/payload uuid_B is not in the manifest/);
    expect(rejected(soapEnvelope({ payloads: two, manifestIds: ["uuid_A", "uuid_B", "uuid_C"] })).message).toMatch(/manifest item uuid_C has no payload/);
    expect(rejected(soapEnvelope({ payloads: two, manifestCount: 3 })).message).toMatch(/manifest count="3" but 2/);
    expect(rejected(soapEnvelope({ payloads: two, payloadsCount: 1 })).message).toMatch(/payloads count="1" but 2/);
    expect(rejected(soapEnvelope({ payloads: [two[0], { ...two[1], id: "uuid_A" }] })).message).toMatch(/id uuid_A appears more than once/);
    expect(rejected(soapEnvelope({ payloads: two, manifestIds: ["uuid_A", "uuid_B"] }), { maxPayloads: 1 }).reason).toBe("payload-too-large");
    expect(rejected(soapEnvelope({ payloads: two, manifestIds: ["uuid_A"] })).reason).toBe("manifest-mismatch");
  });

  it("refuses an unsupported service and an Action that is not the envelope's service", () => {
    const other = "urn:nhs-itk:services:201005:SendCDADocument-v2-0";
    expect(rejected(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }], service: other }))).toMatchObject({
      reason: "unsupported-service",
      context: { messageId: "7C1D4B2A-0E3F-4A5B-8C6D-9E0F1A2B3C4D", trackingId: "2F3E4D5C-6B7A-4988-A7B6-C5D4E3F2A1B0" },
    });
    expect(rejected(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }], action: `${SEND_111_REPORT}_DMS` })).reason).toBe("action-mismatch");
    expect(parseItkMessage(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }], service: other }), { acceptedServices: [other] }).kind).toBe("soap");
  });

  it("refuses payloads that are not clinical documents, or that disagree with their manifest item", () => {
    expect(rejected(soapEnvelope({ payloads: [{ id: "uuid_A", xml: "<note>hi</note>" }] }))).toMatchObject({ reason: "unsupported-payload", message: expect.stringContaining("found note") });
    expect(rejected(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2(), mimetype: "application/pdf" }] })).reason).toBe("unsupported-payload");
    expect(rejected(soapEnvelope({ payloads: [{ id: "uuid_A", xml: Buffer.from(V2()).toString("base64") }] })).message).toMatch(/base64="true"/);
    expect(rejected(soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }] }).replace(`mimetype="text/xml"`, `mimetype="text/xml" encrypted="true"`)).reason).toBe("unsupported-payload");
    const notB64 = soapEnvelope({ payloads: [{ id: "uuid_A", xml: "%%%" }] }).replace(`mimetype="text/xml"`, `mimetype="text/xml" base64="true"`);
    expect(rejected(notB64)).toMatchObject({ reason: "bad-payload", message: expect.stringMatching(/not valid base64/) });
  });

  it("refuses SOAP 1.2, missing addressing, an unknown mustUnderstand header and a body without an envelope", () => {
    const ok = soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }] });
    expect(rejected(ok.replace("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")).reason).toBe("soap-version");
    expect(rejected(ok.replace(/<wsa:MessageID>[^<]*<\/wsa:MessageID>/, "")).reason).toBe("missing-addressing");
    const unknownHeader = soapEnvelope({ payloads: [{ id: "uuid_A", xml: V2() }], extraHeader: `<x:Routing xmlns:x="urn:x" soap:mustUnderstand="1"/>` });
    expect(rejected(unknownHeader)).toMatchObject({ reason: "must-understand", message: expect.stringContaining("{urn:x}Routing") });
    expect(rejected(ok.replace(/<itk:DistributionEnvelope[\s\S]*<\/itk:DistributionEnvelope>/, V2())).reason).toBe("not-itk");
    expect(rejected("<html><body>hi</body></html>").reason).toBe("not-itk");
  });
});
