import { describe, expect, it } from "vitest";
import { DatabaseUnavailable, DuplicateRequest, InvalidInput, NotFound, SlotUnavailable, VersionConflict } from "../../errors";
import { BARS_ERROR_SYSTEM, barsErrorForDomainError, operationOutcome } from "./rec-errors";

describe("the BaRS error table", () => {
  it("maps the core's errors to REC_ codes: a taken slot is 409 conflict, a duplicate 409 duplicate, an outage 503 with Retry-After", () => {
    const cases: [unknown, number, string, string][] = [
      [new SlotUnavailable("taken"), 409, "REC_CONFLICT", "conflict"],
      [new DuplicateRequest("again"), 409, "REC_CONFLICT", "duplicate"],
      [new VersionConflict("changed"), 409, "REC_CONFLICT", "conflict"],
      [new NotFound("gone"), 404, "REC_NOT_FOUND", "not-found"],
      [new InvalidInput("no"), 422, "REC_UNPROCESSABLE_ENTITY", "business-rule"],
      [new DatabaseUnavailable(), 503, "REC_UNAVAILABLE", "transient"],
    ];
    for (const [e, status, rec, issue] of cases) {
      const b = barsErrorForDomainError(e)!;
      expect([b.status, b.rec, b.issue]).toEqual([status, rec, issue]);
    }
    expect(barsErrorForDomainError(new DatabaseUnavailable())!.headers["Retry-After"]).toBe("5");
    expect(barsErrorForDomainError(new Error("boom"))).toBeNull();
  });

  it("writes one issue with one coding from the published error CodeSystem", () => {
    const oo = operationOutcome("REC_BAD_REQUEST", "invariant", "A rule failed") as { issue: { code: string; details: { coding: { system: string; code: string }[] } }[] };
    expect(oo.issue).toHaveLength(1);
    expect(oo.issue[0].details.coding).toEqual([expect.objectContaining({ system: BARS_ERROR_SYSTEM, code: "REC_BAD_REQUEST" })]);
    expect(oo.issue[0].code).toBe("invariant");
  });
});
