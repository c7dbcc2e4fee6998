import { describe, expect, it } from "vitest";
import { parseXml } from "../xml/safe-parse";
import { parseClinicalDocument } from "./cda/parse-clinical-document";
import { canonicalDocumentText, documentContentHash, serializeXml } from "./document-content";
import { fixtureBody, readFixture } from "../testing/fixtures/cda/build-envelope";
import { classifyRedelivery, incomingDocument, type StoredDocument } from "./redelivery";

const ID = "6F1C2A9E-3B4D-4E8A-9C71-2D5B8E0F4A13";
const SET = "C0B7E3D2-91A4-4F6B-8D2E-7A3C5B1E9F08";
const stored = (over: Partial<StoredDocument> = {}): StoredDocument => ({
  recordId: "rec-1",
  documentId: ID,
  setId: SET,
  versionNumber: 1,
  contentSha256: "aaa",
  ...over,
});

describe("documentContentHash", () => {
  const original = readFixture("iuc-report-v3.xml");

  it("is the same for the same content however it is laid out", () => {
    const reflowed = original
      .replace(/\n\s*/g, "\n")
      .replace(/npfitlc:/g, "loc:")
      .replace(`xmlns:npfitlc=`, `xmlns:loc=`)
      .replace(`<id root="6F1C2A9E-3B4D-4E8A-9C71-2D5B8E0F4A13"/>`, `<id   root = "6F1C2A9E-3B4D-4E8A-9C71-2D5B8E0F4A13" ></id>`)
      .replace(`classCode="DOCCLIN" moodCode="EVN"`, `moodCode="EVN" classCode="DOCCLIN"`)
      .replace("<!-- Synthetic", "<!-- Re-sent synthetic");
    expect(documentContentHash(reflowed)).toBe(documentContentHash(original));
    expect(documentContentHash(original)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes when anything a reader sees changes", () => {
    expect(documentContentHash(original.replace("No known allergies.", "Penicillin."))).not.toBe(documentContentHash(original));
    expect(documentContentHash(original.replace(`code="2"`, `code="1"`))).not.toBe(documentContentHash(original));
  });

  it("serialises an element taken out of an envelope into a standalone document with the same content", () => {
    const envelope = parseXml(`<w:wrap xmlns:w="urn:w" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:hl7-org:v3">${fixtureBody("iuc-report-v3.xml")}</w:wrap>`);
    const inner = envelope.children.find((c) => c.kind === "element")!;
    if (inner.kind !== "element") throw new Error("expected element");
    const standalone = serializeXml(inner);
    expect(standalone.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"`)).toBe(true);
    expect(canonicalDocumentText(parseXml(standalone))).toBe(canonicalDocumentText(inner));
    expect(parseClinicalDocument(standalone).id.root).toBe(ID);
  });

  it("re-declares a default namespace undone inside the element", () => {
    const root = parseXml(`<a xmlns="urn:a"><b xmlns=""><c/></b></a>`);
    expect(serializeXml(root)).toContain(`<a xmlns="urn:a"><b xmlns=""><c/></b></a>`);
  });
});

describe("classifyRedelivery", () => {
  it("treats the same id and content as a duplicate", () => {
    expect(classifyRedelivery({ documentId: ID.toLowerCase(), setId: SET, versionNumber: 1, contentSha256: "AAA" }, [stored()])).toEqual({ kind: "duplicate", existing: stored() });
  });

  it("treats the same id with new content and a higher version in the same set as a replacement", () => {
    const d = classifyRedelivery({ documentId: ID, setId: SET, versionNumber: 2, contentSha256: "bbb" }, [stored({ linkedBookingId: "booking-1" })]);
    expect(d).toEqual({ kind: "replacement", supersedes: [stored({ linkedBookingId: "booking-1" })], affectsLinkedBooking: true, linkedBookingIds: ["booking-1"] });
  });

  it.each([
    ["the same version", { versionNumber: 1 }, /without a higher version/],
    ["a lower version", { versionNumber: 0 }, /without a higher version/],
    ["no version", { versionNumber: null }, /no version number/],
    ["another set", { setId: "OTHER", versionNumber: 2 }, /different setId/],
  ])("calls the same id with new content and %s a conflict", (_label, over: { versionNumber: number | null; setId?: string }, reason) => {
    const d = classifyRedelivery({ documentId: ID, setId: SET, contentSha256: "bbb", ...over }, [stored()]);
    expect(d).toMatchObject({ kind: "conflict", reason: expect.stringMatching(reason), existing: [stored()] });
  });

  it("treats a new id in a known set as replacement, stale or conflict by version", () => {
    const base = { documentId: "NEW-ID", setId: SET, contentSha256: "ccc" };
    const v1 = stored();
    const v2 = stored({ recordId: "rec-2", documentId: "SECOND", versionNumber: 2, contentSha256: "ddd" });
    expect(classifyRedelivery({ ...base, versionNumber: 3 }, [{ ...v1, superseded: true }, v2])).toMatchObject({ kind: "replacement", supersedes: [v2], affectsLinkedBooking: false });
    expect(classifyRedelivery({ ...base, versionNumber: 1 }, [v2])).toEqual({ kind: "stale", supersededBy: v2 });
    expect(classifyRedelivery({ ...base, versionNumber: 2 }, [v1, v2])).toMatchObject({ kind: "conflict", existing: [v2] });
    expect(classifyRedelivery({ ...base, versionNumber: null }, [v1])).toMatchObject({ kind: "conflict" });
  });

  it("follows relatedDocument RPLC even when the set id differs", () => {
    const d = classifyRedelivery({ documentId: "NEW-ID", setId: "NEW-SET", versionNumber: 2, contentSha256: "e", replacesDocumentId: ID }, [stored()]);
    expect(d).toMatchObject({ kind: "replacement", supersedes: [stored()] });
  });

  it("calls a document never seen before new", () => {
    expect(classifyRedelivery({ documentId: ID, setId: SET, versionNumber: 1, contentSha256: "a" }, [])).toEqual({ kind: "new" });
  });

  it("builds the incoming description from a parsed report", () => {
    const doc = parseClinicalDocument(readFixture("iuc-report-v3.xml"));
    expect(incomingDocument(doc, "hash")).toEqual({ documentId: ID, setId: SET, versionNumber: 1, contentSha256: "hash", replacesDocumentId: null });
  });
});
