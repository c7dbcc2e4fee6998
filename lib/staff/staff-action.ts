import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { IDLE_LOGIN_PATH, readStaffSession, type SessionState, type StaffSession } from "../auth/guard";
import type { Role } from "../auth/roles";
import { DomainError, DuplicateRequest, Forbidden, InvalidInput, NotFound, SlotUnavailable, Throttled, VersionConflict } from "../errors";
import { logger } from "../observability/logger";
import { CROSS_SITE_MESSAGE, crossSiteProblem } from "../security/same-origin";
import type { FormAction, FormState } from "./form-state";

/**
 * The staff door for server actions, the twin of withStaff (lib/auth/with-staff.ts) for JSON routes. Every action
 * in app/(staff) goes through it, so they all refuse the same way: a refusal is an answer the form shows, never a
 * thrown error that becomes an error page and loses what was typed.
 */

export const SOMETHING_WENT_WRONG = "Sorry, something went wrong. Try again, and if it keeps happening, tell the service desk.";
export const NO_ACCESS = "You do not have access to this";
export const CHANGE_PASSWORD_FIRST = "Change your password before you do anything else";
export const SET_UP_TWO_FACTOR_FIRST = "Set up two-factor sign-in before you do anything else";

/** What an action needs from the request. A seam so tests can give a session without a browser or next-auth. */
export interface StaffActionRequest {
  /** The signed-in member of staff, checked against the database. */
  session(): Promise<SessionState>;
  /** The request's headers, for the same-origin check. */
  headers(): Promise<Headers>;
  /** Marks a page's server-rendered data as stale (revalidatePath). */
  revalidate(path: string): void;
}

export interface StaffActionOptions {
  /** Who may run the action. */
  roles: readonly Role[];
  /** The refusal for a signed-in person without one of `roles`; "You do not have access to this" by default. */
  refused?: string;
  /** The change-password action: the one thing someone whose password must be changed may do. */
  allowPasswordChange?: boolean;
  /**
   * The two-factor set-up action: an administrator signed in with a password alone may do only this. It is allowed
   * before a password change too, because a new administrator sets up two-factor sign-in first (as requirePageRole).
   */
  allowTwoFactorSetup?: boolean;
  /** The summary when the schema refuses the input; the first field's message by default. */
  invalidMessage?: string;
  /**
   * What to give back as `values` on a refusal, so the fields keep what was typed: `true` for every text field
   * except passwords, a list of field names, or a function for fields that need joining (checkboxes).
   */
  keepValues?: true | readonly string[] | ((form: FormData) => Record<string, string>);
}

export interface StaffActionContext {
  form: FormData;
  /** The form's text fields (formValues). */
  values: Record<string, string>;
}

export type StaffActionHandler<I> = (input: I, staff: StaffSession, ctx: StaffActionContext) => Promise<FormState>;

interface WithSchema<S extends z.ZodType> extends StaffActionOptions {
  schema: S;
  /** Builds what the schema reads from the form (the text fields by default); may throw InvalidInput for checks the schema cannot make. */
  input?: (form: FormData, values: Record<string, string>) => unknown;
  /** Pages to revalidate once the use case has run, refused or not, so a refusal such as a conflict shows the latest state. */
  refresh?: (input: z.output<S>) => readonly string[];
}

interface WithoutSchema<R> extends StaffActionOptions {
  schema?: undefined;
  input?: (form: FormData, values: Record<string, string>) => R;
  refresh?: (input: R) => readonly string[];
}

export interface StaffActionBuilder {
  <S extends z.ZodType>(options: WithSchema<S>, handler: StaffActionHandler<z.output<S>>): FormAction;
  <R = Record<string, string>>(options: WithoutSchema<R>, handler: StaffActionHandler<R>): FormAction;
}

/**
 * Form fields as strings (never files); repeated names keep their last value; Next's own `$ACTION_…` fields are left
 * out. A date typed in the NHS date input (`name-day`, `name-month`, `name-year`) is also given as `name`, joined.
 */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$")) out[k] = v;
  return joinDateParts(out);
}

/**
 * The NHS date input's three fields joined into the date the schemas read: YYYY-MM-DD when each part is digits ("3",
 * "1", "2027" → "2027-01-03"), "" when all are empty, and otherwise what was typed ("31/13/27"), which the schema
 * refuses as not a real date. The parts stay, so a refused form shows them as typed.
 */
export function joinDateParts(values: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(values)) {
    const name = /^(.+)-day$/.exec(key)?.[1];
    if (!name || !(`${name}-month` in values) || !(`${name}-year` in values)) continue;
    const [d, m, y] = [values[key], values[`${name}-month`], values[`${name}-year`]].map((s) => s.trim());
    if (!d && !m && !y) values[name] = "";
    else if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)) values[name] = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    else values[name] = `${d}/${m}/${y}`;
  }
  return values;
}

/** The first message for each top-level field ("form" for the whole form), as forms show them. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** A schema's refusal as the domain error the staff door answers with. */
export function invalidInput(error: z.ZodError, message?: string): InvalidInput {
  return new InvalidInput(message ?? error.issues[0]?.message ?? "Check the details you entered", fieldErrors(error));
}

/** Parses with `schema`, or throws InvalidInput with a message for each field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, message?: string): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw invalidInput(r.error, message);
  return r.data;
}

/** What a member of staff reads for a domain error: its own message, which use cases write for people. */
export function staffMessage(e: DomainError): string {
  if (e.message) return e.message;
  if (e instanceof InvalidInput) return "Check the details you entered";
  if (e instanceof NotFound) return "That record no longer exists. Reload the page.";
  if (e instanceof Forbidden) return NO_ACCESS;
  if (e instanceof VersionConflict) return "Someone else changed this while you were looking at it. Check it and try again.";
  if (e instanceof SlotUnavailable) return "That place is no longer available";
  if (e instanceof DuplicateRequest) return "This has already been done";
  if (e instanceof Throttled) {
    const minutes = Math.max(1, Math.ceil(e.retryAfterSeconds / 60));
    return `Too many attempts. Wait ${minutes === 1 ? "a minute" : `${minutes} minutes`} and try again.`;
  }
  return "That could not be done. Check the details and try again.";
}

/** Why this session may not run the action, or null when it may. */
function accessRefusal(staff: StaffSession, o: StaffActionOptions): string | null {
  if (staff.twoFactorPending && !o.allowTwoFactorSetup) return SET_UP_TWO_FACTOR_FIRST;
  if (staff.mustChangePassword && !o.allowPasswordChange && !o.allowTwoFactorSetup) return CHANGE_PASSWORD_FIRST;
  if (!o.roles.includes(staff.role)) return o.refused ?? NO_ACCESS;
  return null;
}

/** The action's request as lib/security/same-origin.ts reads one: server actions are always POSTs to this site. */
function requestFrom(h: Headers): Request {
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "").split(",")[0].trim();
  const proto = h.get("x-forwarded-proto")?.split(",")[0].trim() || "http";
  let url = "http://localhost/";
  try {
    if (host) url = new URL(`${proto}://${host}/`).href;
  } catch {
    // A malformed Host leaves the configured origins (NEXTAUTH_URL, PUBLIC_URL) to decide.
  }
  return new Request(url, { method: "POST", headers: h });
}

function keptValues(keep: StaffActionOptions["keepValues"], form: FormData): Record<string, string> | undefined {
  if (!keep) return undefined;
  if (typeof keep === "function") return keep(form);
  const all = formValues(form);
  if (keep === true) return Object.fromEntries(Object.entries(all).filter(([k]) => !/password/i.test(k)));
  return Object.fromEntries(keep.map((k) => [k, all[k] ?? ""]));
}

const STAFF_ACTION = Symbol.for("ed-capacity.staff-action");

/** Builds the wrapper over a request; `staffAction` is the one over the real request. */
export function makeStaffAction(request: StaffActionRequest): StaffActionBuilder {
  function build(options: StaffActionOptions & { schema?: z.ZodType; input?: (form: FormData, values: Record<string, string>) => unknown; refresh?: (input: unknown) => readonly string[] }, handler: StaffActionHandler<unknown>): FormAction {
    const action: FormAction = async (_prev, form) => {
      let kept: Record<string, string> | undefined;
      const answer = (state: FormState): FormState => ({ ...state, at: Date.now() });
      const refuse = (error: string, fields?: Record<string, string>): FormState =>
        answer({ error, ...(fields && Object.keys(fields).length ? { fields } : {}), ...(kept ? { values: kept } : {}) });
      let staff: StaffSession | undefined;
      try {
        kept = keptValues(options.keepValues, form);
        const crossSite = crossSiteProblem(requestFrom(await request.headers()));
        if (crossSite) {
          logger().warn({ problem: crossSite }, "cross-site staff action refused");
          return refuse(CROSS_SITE_MESSAGE);
        }
        const session = await request.session();
        if (session.kind === "idle") redirect(IDLE_LOGIN_PATH);
        if (session.kind === "none") redirect("/login");
        staff = session.staff;
        const refusal = accessRefusal(staff, options);
        if (refusal) return refuse(refusal);

        const values = formValues(form);
        let reached = false;
        let input: unknown;
        const refresh = () => {
          for (const path of options.refresh?.(input) ?? []) request.revalidate(path);
        };
        try {
          const raw = options.input ? options.input(form, values) : values;
          input = options.schema ? parseInput(options.schema, raw, options.invalidMessage) : raw;
          reached = true;
          const result = await handler(input, staff, { form, values });
          refresh();
          return answer(result);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          if (reached) refresh();
          return refuse(staffMessage(e), e.fieldErrors);
        }
      } catch (e) {
        // redirect(), notFound() and forbidden() work by throwing; Next must see them.
        unstable_rethrow(e);
        logger().error({ err: e, staffId: staff?.id, role: staff?.role }, "staff action failed");
        return answer({ error: SOMETHING_WENT_WRONG, ...(kept ? { values: kept } : {}) });
      }
    };
    Object.defineProperty(action, STAFF_ACTION, { value: true });
    return action;
  }
  return build as StaffActionBuilder;
}

/** Whether `fn` came from staffAction: app/(staff) checks every exported action does. */
export function isStaffAction(fn: unknown): boolean {
  return typeof fn === "function" && (fn as unknown as Record<symbol, unknown>)[STAFF_ACTION] === true;
}

/**
 * Wraps a staff server action: same-origin request, a session (none → the sign-in page), a complete sign-in
 * (two-factor set up, temporary password changed), one of `roles`, then the schema; a domain error becomes its
 * message and an unexpected one is logged and answered calmly.
 */
export const staffAction: StaffActionBuilder = makeStaffAction({
  session: readStaffSession,
  headers: async () => new Headers(await headers()),
  revalidate: (path) => revalidatePath(path),
});
