import { describe, expect, it } from "vitest";
import { currentNavHref } from "./current-nav";

const ADMIN = ["/capacity", "/reports", "/admin", "/admin/services", "/admin/consumers", "/admin/audit"];

describe("currentNavHref", () => {
  it("marks the entry for the page, and for the pages under it", () => {
    expect(currentNavHref("/capacity", ADMIN)).toBe("/capacity");
    expect(currentNavHref("/capacity/rules/abc", ADMIN)).toBe("/capacity");
    expect(currentNavHref("/reports/", ADMIN)).toBe("/reports");
  });

  it("prefers the most specific entry", () => {
    expect(currentNavHref("/admin", ADMIN)).toBe("/admin");
    expect(currentNavHref("/admin/audit", ADMIN)).toBe("/admin/audit");
    expect(currentNavHref("/admin/services/s1", ADMIN)).toBe("/admin/services");
  });

  it("marks nothing for a page outside the navigation, and never a mere prefix of a word", () => {
    expect(currentNavHref("/account/password", ADMIN)).toBeNull();
    expect(currentNavHref("/administrator", ADMIN)).toBeNull();
    expect(currentNavHref("/", ADMIN)).toBeNull();
  });
});
