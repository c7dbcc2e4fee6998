import { describe, expect, it } from "vitest";
import { bestPhone, phoneToRing } from "./contact-phone";

describe("the phone number a clerk rings", () => {
  it("takes the patient's rank-1 phone, then the order sent; skips e-mail and old numbers", () => {
    expect(bestPhone([{ system: "email", value: "a@example.org", rank: 1 }, { system: "phone", value: "2", rank: 2 }, { system: "phone", value: "1", rank: 1 }])).toBe("1");
    expect(bestPhone([{ system: "phone", value: "first" }, { system: "phone", value: "second" }])).toBe("first");
    expect(bestPhone([{ system: "phone", value: "old", use: "old", rank: 1 }, { system: "phone", value: "new" }])).toBe("new");
    expect(bestPhone([{ system: "phone", value: "  " }])).toBeNull();
  });

  it("falls back to the first contact person with a phone, named", () => {
    const contacts = JSON.stringify([{ name: { text: "No phone" } }, { name: { given: ["Ana", "Maria"], family: "Lopez" }, telecom: [{ system: "phone", value: "07700 900123" }] }]);
    expect(phoneToRing("[]", contacts)).toEqual({ phone: "07700 900123", from: "contact", contactName: "Ana Maria Lopez" });
  });

  it("copes with whatever arrived: malformed JSON gives no number rather than an error", () => {
    expect(phoneToRing("not json", "{}")).toBeNull();
    expect(phoneToRing("[null, 3]", "[null]")).toBeNull();
  });
});
