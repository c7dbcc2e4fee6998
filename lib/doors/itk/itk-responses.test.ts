import { describe, expect, it } from "vitest";
import { childNamed, parseXml, path, textContent, type XmlElement } from "../../xml/safe-parse";
import { ClinicalDocumentRejected } from "../../clinical/cda/parse-clinical-document";
import { NS } from "../../clinical/cda/vocabulary";
import { soapEnvelope } from "../../testing/fixtures/cda/build-envelope";
import { buildSoapFault, buildSoapOkResponse, ItkRejected, parseItkMessage, soapFaultFor } from "./itk";

const wsa = (root: XmlElement, local: string) => {
  const header = childNamed(root, "Header", NS.soap11)!;
  const el = childNamed(header, local, NS.wsa);
  return el ? textContent(el) : null;
};

const toolkitError = (root: XmlElement) => {
  const info = path(root, "Body", "Fault", "detail", "ToolkitErrorInfo")!;
  expect(info.ns).toBe(NS.itk);
  const field = (local: string) => textContent(childNamed(info, local, NS.itk)!);
  return {
    errorId: field("ErrorID"),
    errorCode: field("ErrorCode"),
    codeSystem: childNamed(info, "ErrorCode", NS.itk)!.attrs.codeSystem,
    errorText: field("ErrorText"),
    diagnostic: childNamed(info, "ErrorDiagnosticText", NS.itk) ? field("ErrorDiagnosticText") : null,
  };
};

describe("buildSoapOkResponse", () => {
  it("answers OK with its own MessageID, RelatesTo the request and the service's Response action", () => {
    const r = buildSoapOkResponse({ relatesTo: "7C1D4B2A-0E3F-4A5B-8C6D-9E0F1A2B3C4D", action: "urn:nhs-itk:services:201005:SendNHS111Report-v2-0" });
    expect(r.status).toBe(200);
    expect(r.contentType).toBe("text/xml; charset=utf-8");
    const root = parseXml(r.body);
    expect([root.local, root.ns]).toEqual(["Envelope", NS.soap11]);
    expect(wsa(root, "Action")).toBe("urn:nhs-itk:services:201005:SendNHS111Report-v2-0Response");
    expect(wsa(root, "RelatesTo")).toBe("7C1D4B2A-0E3F-4A5B-8C6D-9E0F1A2B3C4D");
    expect(wsa(root, "MessageID")).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    const response = path(root, "Body", "SimpleMessageResponse")!;
    expect([response.ns, textContent(response)]).toEqual([NS.itk, "OK"]);
  });

  it("gives each response a new MessageID", () => {
    const a = parseXml(buildSoapOkResponse({ relatesTo: "X" }).body);
    const b = parseXml(buildSoapOkResponse({ relatesTo: "X" }).body);
    expect(wsa(a, "MessageID")).not.toBe(wsa(b, "MessageID"));
  });
});

describe("buildSoapFault and soapFaultFor", () => {
  it("builds a SOAP 1.1 fault with an ITK ToolkitErrorInfo, escaping every value", () => {
    const r = buildSoapFault({
      faultCode: "Client",
      relatesTo: "REQ-1",
      to: "https://sender.example/itk",
      error: { errorId: "0B4C2D1E-0000-4000-8000-000000000001", errorCode: "1000", errorText: "Bad <thing> & more", errorDiagnosticText: "]]><script>x</script>" },
    });
    expect(r.status).toBe(500);
    const root = parseXml(r.body);
    expect(wsa(root, "Action")).toBe("http://www.w3.org/2005/08/addressing/soap/fault");
    expect(wsa(root, "RelatesTo")).toBe("REQ-1");
    expect(wsa(root, "To")).toBe("https://sender.example/itk");
    expect(textContent(path(root, "Body", "Fault", "faultcode")!)).toBe("soap:Client");
    expect(toolkitError(root)).toEqual({
      errorId: "0B4C2D1E-0000-4000-8000-000000000001",
      errorCode: "1000",
      codeSystem: "2.16.840.1.113883.2.1.3.2.4.17.268",
      errorText: "Bad <thing> & more",
      diagnostic: "]]><script>x</script>",
    });
  });

  it("turns a refused message into a Client fault that relates to the request", () => {
    let error: unknown;
    try {
      parseItkMessage(soapEnvelope({ payloads: [{ id: "uuid_A", xml: "<x/>" }], manifestIds: ["uuid_B"] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ItkRejected);
    const root = parseXml(soapFaultFor(error).body);
    expect(wsa(root, "RelatesTo")).toBe("7C1D4B2A-0E3F-4A5B-8C6D-9E0F1A2B3C4D");
    expect(textContent(path(root, "Body", "Fault", "faultcode")!)).toBe("soap:Client");
    expect(toolkitError(root)).toMatchObject({ errorCode: "1000", errorText: "The ITK manifest does not match the payloads", diagnostic: expect.stringContaining("uuid_B") });
    expect(toolkitError(root).errorId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("uses the MustUnderstand fault code for an unsupported mandatory header, and Client for too large or malformed", () => {
    const fault = (e: unknown) => textContent(path(parseXml(soapFaultFor(e).body), "Body", "Fault", "faultcode")!);
    expect(fault(new ItkRejected("must-understand", "header"))).toBe("soap:MustUnderstand");
    expect(fault(new ItkRejected("too-large", "big"))).toBe("soap:Client");
    expect(toolkitError(parseXml(soapFaultFor(new ItkRejected("malformed", "bad")).body)).errorText).toBe("This is not a valid XML message");
    expect(toolkitError(parseXml(soapFaultFor(new ItkRejected("unsupported-service", "svc")).body)).errorText).toBe("The ITK service is not supported by this endpoint");
  });

  it("reports an unreadable clinical document as a Client fault", () => {
    const root = parseXml(soapFaultFor(new ClinicalDocumentRejected("missing-id", "no id"), { messageId: "REQ-2" }).body);
    expect(wsa(root, "RelatesTo")).toBe("REQ-2");
    expect(toolkitError(root)).toMatchObject({ errorCode: "1000", errorText: "The clinical document could not be read", diagnostic: "no id" });
  });

  it("never leaks an internal error's details", () => {
    const root = parseXml(soapFaultFor(new Error("database password is hunter2"), { messageId: "REQ-3" }).body);
    expect(textContent(path(root, "Body", "Fault", "faultcode")!)).toBe("soap:Server");
    expect(toolkitError(root)).toMatchObject({ errorCode: "2200", diagnostic: "Internal Error" });
    expect(soapFaultFor(new Error("database password is hunter2")).body).not.toContain("hunter2");
  });
});
