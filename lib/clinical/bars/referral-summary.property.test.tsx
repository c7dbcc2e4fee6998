/**
 * Nothing 111 sends is lost from the page: over generated referrals, every value put anywhere in the message (known
 * elements, unknown elements, extensions, nested questionnaire answers, flags of any category) appears in the text
 * of the rendered summary, and no sent text ever becomes markup.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referralMessage } from "../../testing/bars-messages";
import { addEntries, flag, firstEntry } from "../../testing/fixtures/bars/referral-fixtures";
import { summaryMarkup, visibleText } from "../../testing/fixtures/bars/render-summary";
import { clinicalDocumentFromBars } from "./referral-summary";

type Json = Record<string, unknown>;

/** Words a sender might write, hostile characters included (never "/n" or "\n", which are line breaks by design). */
const token = fc
  .tuple(fc.stringMatching(/^[A-Z][a-z]{3,8}$/), fc.stringMatching(/^[a-z0-9 <>&'"()-]{0,12}$/), fc.integer({ min: 100, max: 999 }))
  .map(([a, b, n]) => `${a}${b.replace(/\s+/g, " ")}${n}`.trim());

type Placement = (b: Json, value: string) => void;

const resourceTypes = ["ServiceRequest", "Patient", "Encounter", "CarePlan", "Consent", "Practitioner", "PractitionerRole", "HealthcareService", "Organization", "MessageHeader"] as const;

const placements: fc.Arbitrary<Placement>[] = [
  fc.constantFrom(...resourceTypes).map((t): Placement => (b, v) => {
    const r = firstEntry(b, t).resource;
    r.localRemark = [...((r.localRemark as string[] | undefined) ?? []), v];
  }),
  fc.constantFrom(...resourceTypes).map((t): Placement => (b, v) => {
    const r = firstEntry(b, t).resource;
    r.extension = [...((r.extension as Json[]) ?? []), { url: "https://sender.example/StructureDefinition/Remark", valueString: v }];
  }),
  fc.constant<Placement>((b, v) => {
    const cp = firstEntry(b, "CarePlan").resource;
    ((cp.activity as Json[])[0].outcomeCodeableConcept as Json[]).push({ text: v });
  }),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "Observation", status: "final", code: { text: "Observation" }, valueString: v })),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "Observation", status: "final", code: { coding: [{ code: "X1", display: v }] }, note: [{ text: `${v} noted` }] })),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "AllergyIntolerance", code: { text: v }, reaction: [{ description: `${v} reaction` }] })),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "MedicationStatement", status: "active", medicationCodeableConcept: { text: v }, dosage: [{ text: `${v} dose` }] })),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "Condition", code: { text: v }, note: [{ text: `${v} note` }] })),
  fc.constantFrom("SG", "RA", "RS", "SS", "IR", "ZZ").map((cat): Placement => (b, v) => void addEntries(b, flag(cat, null, [{ text: v }]))),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "QuestionnaireResponse", status: "completed", item: [{ linkId: "g", text: "Group", item: [{ linkId: "q", text: "Question", answer: [{ valueString: v, item: [{ linkId: "n", answer: [{ valueString: `${v} nested` }] }] }] }] }] })),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "RelatedPerson", relationship: [{ text: "aunt" }], name: [{ text: v }] })),
  fc.constant<Placement>((b, v) => {
    const p = firstEntry(b, "Patient").resource;
    (p.contact as Json[]).push({ extension: [{ url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank", valuePositiveInt: 2 }], relationship: [{ text: "friend" }], name: { text: v }, telecom: [{ system: "phone", value: "01632 960777", rank: 1 }] });
  }),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "Task", status: "requested", intent: "plan", description: v })),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "Communication", status: "completed", payload: [{ contentString: v }] })),
  fc.constant<Placement>((b, v) => void addEntries(b, { resourceType: "DocumentReference", status: "current", description: v, custodianNote: { deeper: [v] } })),
];

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

describe("BaRS summary: nothing sent is lost (property)", () => {
  it("every value placed anywhere in a referral is in the rendered page's text, and none becomes markup", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(...placements), token), { minLength: 1, maxLength: 8 }), (placed) => {
        const bundle = referralMessage();
        for (const [place, value] of placed) place(bundle, value);
        const html = summaryMarkup(clinicalDocumentFromBars(bundle, { recordId: "r", reference: "EDR-PROP01" }));
        const text = visibleText(html);
        for (const [, value] of placed) expect(text).toContain(norm(value));
        // Every "<" a sender wrote is escaped: the only tags are the ones the renderer made.
        expect(html).not.toMatch(/<(?!\/?(article|header|h[1-6]|p|dl|dt|dd|div|section|span|ul|li|strong|b|i|u|em|br|sub|sup|table|thead|tbody|tfoot|tr|th|td|caption|ol|a)\b)[a-zA-Z]/);
      }),
      { numRuns: 150 },
    );
  });
});
