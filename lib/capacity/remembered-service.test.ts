import { describe, expect, it } from "vitest";
import { chooseService } from "./remembered-service";

const S = [{ id: "uti" }, { id: "ed" }, { id: "minor" }];

describe("chooseService", () => {
  it("shows the service asked for in the address first", () => {
    expect(chooseService(S, "minor", "ed")?.id).toBe("minor");
  });
  it("otherwise the one this browser last chose", () => {
    expect(chooseService(S, undefined, "ed")?.id).toBe("ed");
    expect(chooseService(S, "gone", "ed")?.id).toBe("ed");
  });
  it("otherwise the first, also when the remembered one no longer exists", () => {
    expect(chooseService(S, undefined, undefined)?.id).toBe("uti");
    expect(chooseService(S, undefined, "deleted")?.id).toBe("uti");
    expect(chooseService([], "ed", "ed")).toBeUndefined();
  });
});
