/**
 * `GET /Slot` parameters, checked in the order the assurance tests need (BARS-RECEIVER §8): service present →
 * status → start (two bounds, each with an accepted offset) → _include minimum → unknown parameters → service id
 * syntax → window width (422 too-costly, judged before any other rule about the window). Whether the service is
 * hosted (404) is the caller's next step.
 */
import { bad, unprocessable } from "./rec-errors";
import { parseServiceId } from "./service-id";

export interface BarsSlotQuery {
  serviceId: string;
  statuses: ("free" | "busy")[];
  from: Date;
  /** Exclusive when the bound was `lt`, inclusive for `le`: both become an instant compared as `start <= until`. */
  until: Date;
  includes: string[];
  /** The query as honoured, for Bundle.link self. */
  selfQuery: string;
}

export interface SlotParamOptions {
  requiredIncludes: readonly string[];
  acceptedOffsets: readonly string[];
  maxWindowDays: number;
  ourServiceIds?: readonly string[];
}

export const KNOWN_INCLUDES = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:providedBy", "HealthcareService:location"];
const SERVICE_PARAM = "schedule.actor:healthcareservice";
const KNOWN = new Set([SERVICE_PARAM, "status", "start", "_include", "_include:iterate", "_format", "_count"]);
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}| \d{2}:\d{2})?$/;

export function normaliseInclude(raw: string): string {
  const parts = raw.trim().split(/[:.]/);
  const canon = KNOWN_INCLUDES.find((k) => k.toLowerCase() === parts.join(":").toLowerCase());
  return canon ?? raw.trim();
}

function parseBound(raw: string, acceptedOffsets: readonly string[]): { prefix: "ge" | "gt" | "le" | "lt" | null; at: Date | null; problem?: string } {
  const m = /^(ge|gt|le|lt|eq|ne|sa|eb|ap)?(.*)$/.exec(raw);
  const prefix = (m?.[1] ?? null) as "ge" | "gt" | "le" | "lt" | null;
  const value = (m?.[2] ?? "").trim() === "" ? "" : (m?.[2] ?? "");
  if (prefix && !["ge", "gt", "le", "lt"].includes(prefix)) return { prefix: null, at: null, problem: `start prefix ${prefix} is not supported: use ge, gt, le or lt` };
  if (!value) return { prefix, at: null, problem: "start has no date-time" };
  const dt = DATE_TIME.exec(value);
  if (!dt) return { prefix, at: null, problem: `start ${value.slice(0, 40)} is not a date-time` };
  const offset = dt[8]?.replace(" ", "+");
  if (!offset) return { prefix, at: null, problem: `start ${value.slice(0, 40)} has no time zone offset` };
  if (!acceptedOffsets.includes(offset)) return { prefix, at: null, problem: `start ${value.slice(0, 40)} has an offset (${offset}) outside UK time: use Z, +00:00 or +01:00` };
  const at = new Date(value.replace(" ", "+"));
  if (Number.isNaN(at.getTime()) || Number(dt[1]) < 1900 || Number(dt[1]) > 2998) return { prefix, at: null, problem: `start ${value.slice(0, 40)} is not a real date-time` };
  return { prefix, at };
}

export function parseBarsSlotParams(params: URLSearchParams, options: SlotParamOptions): BarsSlotQuery {
  const all = [...params];
  const get = (name: string) => all.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
  const services = get(SERVICE_PARAM);
  if (services.length === 0 || !services[0].trim()) throw bad("required", "Schedule.actor:HealthcareService is required: the service's Directory of Services id");

  const statusValues = get("status").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  if (statusValues.length === 0) throw bad("required", "status is required: free, busy or free,busy");
  const badStatus = statusValues.find((s) => s !== "free" && s !== "busy");
  if (badStatus) throw bad("value", `status ${badStatus.slice(0, 20)} is not supported: use free, busy or free,busy`);

  const starts = get("start");
  if (starts.length !== 2) throw bad("required", `start must be given twice, a lower bound (ge or gt) and an upper bound (le or lt); it was given ${starts.length} time${starts.length === 1 ? "" : "s"}`);
  const bounds = starts.map((s) => parseBound(s, options.acceptedOffsets));
  const broken = bounds.find((b) => b.problem);
  if (broken) throw bad("value", broken.problem!);
  const lower = bounds.find((b) => b.prefix === "ge" || b.prefix === "gt");
  const upper = bounds.find((b) => b.prefix === "le" || b.prefix === "lt");
  if (!lower || !upper) throw bad("required", "start needs one lower bound (ge or gt) and one upper bound (le or lt)");
  const from = new Date(lower.at!.getTime() + (lower.prefix === "gt" ? 1 : 0));
  const until = new Date(upper.at!.getTime() - (upper.prefix === "lt" ? 1 : 0));

  const includes = [...get("_include"), ...get("_include:iterate")].map(normaliseInclude);
  if (includes.length === 0) throw bad("required", `_include is required, at least ${options.requiredIncludes.join(", ")}`);
  const missing = options.requiredIncludes.filter((r) => !includes.includes(r));
  if (missing.length) throw bad("required", `_include must include ${missing.join(", ")}`);

  const unknown = all.find(([k]) => !KNOWN.has(k.toLowerCase()));
  if (unknown) throw bad("invalid", `The parameter ${unknown[0].slice(0, 40)} is not supported`);

  const service = parseServiceId(services[0], options.ourServiceIds);
  if (!service.ok) throw bad("value", `Schedule.actor:HealthcareService: ${service.detail}`);
  if (until.getTime() - from.getTime() > options.maxWindowDays * 86_400_000) {
    throw unprocessable("too-costly", `The start time range requested is too wide: at most ${options.maxWindowDays} days`);
  }
  if (until < from) throw bad("value", "start's upper bound is before its lower bound");

  const honoured = [...new Set(includes.filter((i) => KNOWN_INCLUDES.includes(i)))];
  const statuses = [...new Set(statusValues)] as ("free" | "busy")[];
  const self = new URLSearchParams();
  self.append("Schedule.actor:HealthcareService", service.value);
  self.append("status", statuses.join(","));
  for (const s of starts) self.append("start", s);
  for (const i of honoured) self.append("_include", i);
  return { serviceId: service.value, statuses, from, until, includes: honoured, selfQuery: self.toString() };
}
