import { afterEach, describe, expect, it, vi } from "vitest";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { IDLE_LOGIN_PATH, type SessionState, type StaffSession } from "../auth/guard";
import { InvalidInput, NotFound, SlotUnavailable, Throttled, VersionConflict, DomainError, Forbidden } from "../errors";
import { logger } from "../observability/logger";
import { CROSS_SITE_MESSAGE } from "../security/same-origin";
import type { FormState } from "./form-state";
import {
  CHANGE_PASSWORD_FIRST,
  NO_ACCESS,
  SET_UP_TWO_FACTOR_FIRST,
  SOMETHING_WENT_WRONG,
  fieldErrors,
  joinDateParts,
  isStaffAction,
  makeStaffAction,
  staffAction,
  staffMessage,
  type StaffActionRequest,
} from "./staff-action";

function staff(over: Partial<StaffSession> = {}): StaffSession {
  return {
    type: "staff",
    id: "staff-1",
    name: "Sam Clerk",
    username: "sam",
    role: "clerk",
    mustChangePassword: false,
    method: "pwd",
    twoFactorPending: false,
    lastActivity: 0,
    idleForSeconds: 0,
    ...over,
  };
}

const SAME_ORIGIN = { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" };

/** A request as the wrapper sees one: the session and headers given, and the pages it revalidated. */
function request(session: SessionState | (() => Promise<SessionState>), headers: Record<string, string> = SAME_ORIGIN) {
  const revalidated: string[] = [];
  const req: StaffActionRequest = {
    session: typeof session === "function" ? session : async () => session,
    headers: async () => new Headers(headers),
    revalidate: (path) => revalidated.push(path),
  };
  return { action: makeStaffAction(req), revalidated };
}

const signedIn = (over: Partial<StaffSession> = {}): SessionState => ({ kind: "staff", staff: staff(over) });

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

const noteInput = z.object({ bookingId: z.string().min(1, "Choose a booking"), text: z.string().trim().min(1, "Enter the note") });

/** Runs an action and fails the test if it throws instead of answering. */
async function answer(run: (prev: FormState, f: FormData) => Promise<FormState>, f = form({})): Promise<FormState> {
  return run({}, f);
}

async function thrown(p: Promise<unknown>): Promise<{ digest?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { digest?: string };
  }
  throw new Error("expected the action to throw");
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("staffAction refusals are answers, never throws", () => {
  it("refuses a request from another site before reading the session", async () => {
    const session = vi.fn(async () => signedIn());
    for (const headers of [{ ...SAME_ORIGIN, "sec-fetch-site": "cross-site" }, { host: "127.0.0.1:3000", origin: "https://evil.example" }, { host: "127.0.0.1:3000" }] as Record<string, string>[]) {
      const { action } = request(session, headers);
      const handler = vi.fn(async () => ({ ok: "done" }));
      const s = await answer(action({ roles: ["clerk"] }, handler));
      expect(s.error).toBe(CROSS_SITE_MESSAGE);
      expect(handler).not.toHaveBeenCalled();
    }
    expect(session).not.toHaveBeenCalled();
  });

  it("accepts an older browser's same-site Origin without Sec-Fetch-Site", async () => {
    const { action } = request(signedIn(), { host: "ed.example.nhs.uk", "x-forwarded-proto": "https", origin: "https://ed.example.nhs.uk" });
    expect(await answer(action({ roles: ["clerk"] }, async () => ({ ok: "done" })))).toMatchObject({ ok: "done" });
  });

  it("sends someone without a session to the sign-in page, and an idle one to it saying why", async () => {
    const none = request({ kind: "none" }).action({ roles: ["clerk"] }, async () => ({ ok: "done" }));
    expect((await thrown(answer(none))).digest).toMatch(/^NEXT_REDIRECT;\w+;\/login;/);
    const idle = request({ kind: "idle", minutes: 30 }).action({ roles: ["clerk"] }, async () => ({ ok: "done" }));
    expect((await thrown(answer(idle))).digest).toContain(`;${IDLE_LOGIN_PATH};`);
  });

  it("refuses the wrong role with the action's message, or a plain default", async () => {
    const { action } = request(signedIn({ role: "manager" }));
    const handler = vi.fn(async () => ({ ok: "done" }));
    expect(await answer(action({ roles: ["clerk", "admin"] }, handler))).toMatchObject({ error: NO_ACCESS });
    expect(await answer(action({ roles: ["admin"], refused: "Only administrators can change staff accounts" }, handler))).toMatchObject({
      error: "Only administrators can change staff accounts",
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("lets someone who must change their password run only the change-password action", async () => {
    const { action } = request(signedIn({ mustChangePassword: true }));
    const other = vi.fn(async () => ({ ok: "changed capacity" }));
    expect(await answer(action({ roles: ["clerk"] }, other))).toMatchObject({ error: CHANGE_PASSWORD_FIRST });
    expect(other).not.toHaveBeenCalled();
    expect(await answer(action({ roles: ["clerk"], allowPasswordChange: true }, async () => ({ ok: "password changed" })))).toMatchObject({ ok: "password changed" });
  });

  it("lets an administrator signed in with a password alone set up two-factor sign-in and nothing else", async () => {
    const { action } = request(signedIn({ role: "admin", twoFactorPending: true, mustChangePassword: true }));
    expect(await answer(action({ roles: ["admin"] }, async () => ({ ok: "done" })))).toMatchObject({ error: SET_UP_TWO_FACTOR_FIRST });
    expect(await answer(action({ roles: ["admin"], allowPasswordChange: true }, async () => ({ ok: "done" })))).toMatchObject({ error: SET_UP_TWO_FACTOR_FIRST });
    // A new administrator sets up two-factor sign-in before changing the temporary password.
    expect(await answer(action({ roles: ["admin"], allowTwoFactorSetup: true }, async () => ({ ok: "set up" })))).toMatchObject({ ok: "set up" });
  });

  it("turns a schema's refusal into field errors, keeping what was typed but never a password", async () => {
    const { action, revalidated } = request(signedIn());
    const handler = vi.fn(async () => ({ ok: "Note added." }));
    const run = action({ roles: ["clerk"], schema: noteInput, invalidMessage: "Check the note", keepValues: true, refresh: () => ["/arrivals"] }, handler);
    const s = await answer(run, form({ bookingId: "", text: "  ", temporaryPassword: "secret-secret", $ACTION_ID_abc: "" }));
    expect(s).toMatchObject({ error: "Check the note", fields: { bookingId: "Choose a booking", text: "Enter the note" }, values: { bookingId: "", text: "  " } });
    expect(s.values).not.toHaveProperty("temporaryPassword");
    expect(s.values).not.toHaveProperty("$ACTION_ID_abc");
    expect(handler).not.toHaveBeenCalled();
    // Nothing ran, so nothing to refresh.
    expect(revalidated).toEqual([]);
    // Without a summary of its own, the first field's message is the summary.
    expect(await answer(action({ roles: ["clerk"], schema: noteInput }, handler), form({ bookingId: "b1", text: "" }))).toMatchObject({ error: "Enter the note", fields: { text: "Enter the note" } });
  });

  it("keeps only the fields named, and refuses a check made while reading the form", async () => {
    const { action } = request(signedIn());
    const run = action(
      {
        roles: ["clerk"],
        schema: noteInput,
        keepValues: ["text"],
        input: (f) => {
          if (f.get("understood") !== "on") throw new InvalidInput("Confirm that someone will phone the patient", { understood: "Confirm that someone will phone the patient" });
          return { bookingId: f.get("bookingId"), text: f.get("text") };
        },
      },
      async () => ({ ok: "done" }),
    );
    expect(await answer(run, form({ bookingId: "b1", text: "hello" }))).toEqual({
      error: "Confirm that someone will phone the patient",
      fields: { understood: "Confirm that someone will phone the patient" },
      values: { text: "hello" },
      at: expect.any(Number),
    });
  });

  it("answers a domain error with its message and field errors, and still refreshes the page", async () => {
    const { action, revalidated } = request(signedIn());
    const cases: [DomainError, string][] = [
      [new InvalidInput("That user name is already taken", { username: "That user name is already taken" }), "That user name is already taken"],
      [new NotFound("No booking with that reference"), "No booking with that reference"],
      [new VersionConflict("Someone else updated this booking while you were looking at it. Check it again."), "Someone else updated this booking while you were looking at it. Check it again."],
      [new SlotUnavailable("That place has just been booked", "cap-per-hour"), "That place has just been booked"],
      [new Forbidden("Only clinicians review patients who did not attend"), "Only clinicians review patients who did not attend"],
      [new Throttled("Too many attempts. Wait a minute and try again.", 60), "Too many attempts. Wait a minute and try again."],
    ];
    for (const [error, message] of cases) {
      const run = action({ roles: ["clerk"], schema: noteInput, refresh: (input) => [`/arrivals/${input.bookingId}`] }, async () => {
        throw error;
      });
      const s = await answer(run, form({ bookingId: "b1", text: "hello" }));
      expect(s.error).toBe(message);
      expect(s.fields).toEqual(Object.keys(error.fieldErrors).length ? error.fieldErrors : undefined);
      expect(s.ok).toBeUndefined();
    }
    expect(revalidated).toEqual(cases.map(() => "/arrivals/b1"));
  });

  it("logs an unexpected error and answers calmly, keeping what was typed", async () => {
    const error = vi.spyOn(logger(), "error");
    const { action, revalidated } = request(signedIn());
    const run = action({ roles: ["clerk"], keepValues: true, refresh: () => ["/capacity"] }, async () => {
      throw new Error("database is locked");
    });
    const s = await answer(run, form({ capPerHour: "4" }));
    expect(s).toEqual({ error: SOMETHING_WENT_WRONG, values: { capPerHour: "4" }, at: expect.any(Number) });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0][0]).toMatchObject({ err: expect.objectContaining({ message: "database is locked" }), staffId: "staff-1", role: "clerk" });
    expect(revalidated).toEqual([]);
  });

  it("answers calmly when the session itself cannot be read", async () => {
    const error = vi.spyOn(logger(), "error");
    const { action } = request(async () => {
      throw new Error("connection refused");
    });
    expect(await answer(action({ roles: ["clerk"] }, async () => ({ ok: "done" })))).toMatchObject({ error: SOMETHING_WENT_WRONG });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("lets Next.js see a redirect or notFound from the use case", async () => {
    const { action } = request(signedIn());
    const toHome = action({ roles: ["clerk"], allowPasswordChange: true }, async () => redirect("/capacity?password=changed"));
    expect((await thrown(answer(toHome))).digest).toMatch(/^NEXT_REDIRECT;\w+;\/capacity\?password=changed;/);
    const missing = action({ roles: ["clerk"] }, async () => notFound());
    expect((await thrown(answer(missing))).digest).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
  });
});

describe("staffAction when it may run", () => {
  it("gives the use case the parsed input, the member of staff and the form, then refreshes", async () => {
    const { action, revalidated } = request(signedIn());
    const handler = vi.fn(async (input: z.output<typeof noteInput>, s: StaffSession) => ({ ok: `Note added to ${input.bookingId} by ${s.name}.` }));
    const run = action({ roles: ["clerk"], schema: noteInput, keepValues: true, refresh: (input) => [`/arrivals/${input.bookingId}`, "/arrivals"] }, handler);
    const s = await answer(run, form({ bookingId: "b1", text: "  Rang the patient  " }));
    expect(s).toEqual({ ok: "Note added to b1 by Sam Clerk.", at: expect.any(Number) });
    expect(handler.mock.calls[0][0]).toEqual({ bookingId: "b1", text: "Rang the patient" });
    expect(revalidated).toEqual(["/arrivals/b1", "/arrivals"]);
  });

  it("without a schema, gives the form's text fields, last value winning", async () => {
    const { action } = request(signedIn());
    let seen: Record<string, string> | undefined;
    await answer(
      action({ roles: ["clerk"] }, async (values) => {
        seen = values;
        return { ok: "done" };
      }),
      form({ serviceId: "s1", days: ["1", "2"], $ACTION_KEY: "k" }),
    );
    expect(seen).toEqual({ serviceId: "s1", days: "2" });
  });

  it("marks what it builds, so every staff action can be checked to use it", () => {
    expect(isStaffAction(staffAction({ roles: ["clerk"] }, async () => ({})))).toBe(true);
    expect(isStaffAction(async () => ({}))).toBe(false);
  });
});

describe("messages", () => {
  it("takes each field's first message, by its top-level name", () => {
    const schema = z.object({ days: z.array(z.enum(["1", "2"])), name: z.string().min(1, "Enter a name").max(3, "Too long") }).refine(() => false, { message: "Something about the whole form" });
    const r = schema.safeParse({ days: ["9"], name: "" });
    expect(r.success).toBe(false);
    const fields = fieldErrors(r.error!);
    expect(fields.days).toBeDefined();
    expect(fields.name).toBe("Enter a name");
    const whole = schema.safeParse({ days: ["1"], name: "ab" });
    expect(fieldErrors(whole.error!)).toEqual({ form: "Something about the whole form" });
  });

  it("gives a plain message for a domain error that has none of its own", () => {
    expect(staffMessage(new NotFound(""))).toBe("That record no longer exists. Reload the page.");
    expect(staffMessage(new VersionConflict(""))).toMatch(/^Someone else changed this/);
    expect(staffMessage(new Throttled("", 300))).toBe("Too many attempts. Wait 5 minutes and try again.");
    expect(staffMessage(new DomainError(""))).toBe("That could not be done. Check the details and try again.");
  });
});

describe("the NHS date input's three fields", () => {
  it("are joined into YYYY-MM-DD, empty as empty, and anything else as typed for the schema to refuse, keeping the parts", () => {
    expect(joinDateParts({ "startDate-day": "3", "startDate-month": "1", "startDate-year": "2027" })).toMatchObject({ startDate: "2027-01-03", "startDate-day": "3" });
    expect(joinDateParts({ "endDate-day": " ", "endDate-month": "", "endDate-year": "" })).toMatchObject({ endDate: "" });
    expect(joinDateParts({ "d-day": "31", "d-month": "13", "d-year": "27" }).d).toBe("31/13/27");
    // A field merely named "…-day" without its month and year is left alone.
    expect(joinDateParts({ "rest-of-day": "x" })).toEqual({ "rest-of-day": "x" });
  });
});
