import { describe, expect, it } from "vitest";
import { summariseDocument } from "../document-summary";
import { readBarsContent } from "./stored-bars-summary";

describe("a stored BaRS referral read back", () => {
  it("content that cannot be read is a summary saying so in place, never an error that hides the referral", () => {
    const doc = readBarsContent("{not json");
    expect(doc.origin).toBe("bars");
    expect(doc.sections[0].problem).toMatch(/^The referral 111 sent could not be read/);
    expect(summariseDocument(doc).noClinicalContent).toBe(true);
  });
});
