import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isStaffAction } from "@/lib/staff/staff-action";

/**
 * Every server action on the staff pages goes through staffAction (lib/staff/staff-action.ts), so each one checks
 * the session, role and request the same way and answers refusals as messages. The list is read from the file
 * system, so a new actions.ts with a hand-rolled check fails here.
 */
const STAFF = path.resolve(__dirname);

function actionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...actionFiles(full));
    else if (name === "actions.ts") out.push(full);
  }
  return out;
}

const files = actionFiles(STAFF);
const exported: { name: string; value: unknown }[] = [];
for (const file of files) {
  const mod = (await import(file)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) exported.push({ name: `${path.relative(STAFF, file)} ${name}`, value });
}

describe("staff server actions", () => {
  it("finds the staff actions files", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(exported.map((e) => e.name)).toEqual(expect.arrayContaining(["account/password/actions.ts changePasswordAction", "capacity/actions.ts suspendAction"]));
  });

  it.each(exported.map((e) => [e.name, e.value] as const))("%s is a staffAction", (_name, value) => {
    expect(isStaffAction(value)).toBe(true);
  });
});
