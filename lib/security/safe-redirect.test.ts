import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./safe-redirect";

describe("sameOriginPath: where sign-in may send someone", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(sameOriginPath("/arrivals")).toBe("/arrivals");
    expect(sameOriginPath("/arrivals/123?hours=24#summary")).toBe("/arrivals/123?hours=24#summary");
    // Encoded characters stay encoded: the browser stays on this site.
    expect(sameOriginPath("/%5Cevil.example/x")).toBe("/%5Cevil.example/x");
    expect(sameOriginPath("/a/../b")).toBe("/b");
  });

  it.each([
    ["backslash (browsers read it as a slash)", "/\\evil.example/x"],
    ["backslash first", "\\\\evil.example/x"],
    ["tab after the slash (browsers drop it)", "/\t/evil.example/x"],
    ["new line after the slash", "/\n/evil.example/x"],
    ["carriage return", "/\r/evil.example"],
    ["protocol-relative", "//evil.example/x"],
    ["absolute URL", "https://evil.example/x"],
    ["javascript URL", "javascript:alert(1)"],
    ["leading space", " /arrivals"],
    ["NUL", "/arrivals\u0000"],
    ["no slash", "arrivals"],
    ["empty", ""],
    ["not a string", ["/arrivals"]],
    ["dot segments climbing to //", "/.//evil.example"],
  ])("refuses %s", (_name, value) => {
    expect(sameOriginPath(value)).toBe("/");
  });
});
