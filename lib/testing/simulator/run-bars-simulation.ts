import { randomUUID } from "node:crypto";
import { bookingMessage, cancelBookingMessage, findForBooking, referralMessage, revokeReferralMessage, type TestPatient } from "../bars-messages";
import { now as clockNow } from "../../time/clock";
import { addDays, londonToday, startOfLondonDay } from "../../time/london";
import { seededRandom, simulatedService, syntheticPatient, type Random } from "./synthetic";

/**
 * BaRS senders (111, IUC CAS, 999) against a running receiver's `/R4` door, using only the standard: each sender
 * has its own ODS code (NHSD-End-User-Organisation) and plays, at random, one of the Application 1 workflows:
 * a booking then its referral (linked), a referral only (walk-in expected), a booking it then cancels, or a rebook
 * (cancel, then book another slot). Every request carries fresh X-Request-ID and the workflow's X-Correlation-ID;
 * any answer the standard does not allow for the step is an error.
 */
export interface BarsSimulationOptions {
  baseUrl: string;
  senders?: number;
  /** Workflows per second across all senders. */
  perSecond?: number;
  durationMs?: number;
  count?: number;
  dosId?: string;
  seed?: number;
  extraHeaders?: Record<string, string>;
}

export type BarsWorkflow = "book-and-refer" | "refer-only" | "book-and-cancel" | "rebook";

export interface BarsSimulationSummary {
  elapsedMs: number;
  workflows: Record<BarsWorkflow, number>;
  bookings: number;
  referrals: number;
  cancellations: number;
  revocations: number;
  slotTaken: number;
  errors: Record<string, number>;
  errorCount: number;
  problems: string[];
  latencyMs: { count: number; p50: number; p95: number; max: number };
}

type Json = Record<string, unknown>;
const b64 = (o: Json) => Buffer.from(JSON.stringify(o)).toString("base64");

export async function runBarsSimulation(o: BarsSimulationOptions): Promise<BarsSimulationSummary> {
  const base = `${o.baseUrl.replace(/\/+$/, "")}/R4`;
  const dosId = o.dosId ?? "999999999";
  const rnd: Random = seededRandom(o.seed ?? Math.floor(Math.random() * 2 ** 31));
  const senders = Array.from({ length: Math.max(1, o.senders ?? 2) }, (_, i) => simulatedService(i, rnd));
  const started = Date.now();
  const deadline = o.durationMs !== undefined ? started + o.durationMs : o.count === undefined ? started + 30_000 : Infinity;
  const interval = 1000 / (o.perSecond ?? 1);
  const s: BarsSimulationSummary = {
    elapsedMs: 0, workflows: { "book-and-refer": 0, "refer-only": 0, "book-and-cancel": 0, rebook: 0 }, bookings: 0, referrals: 0, cancellations: 0, revocations: 0, slotTaken: 0,
    errors: {}, errorCount: 0, problems: [], latencyMs: { count: 0, p50: 0, p95: 0, max: 0 },
  };
  const times: number[] = [];
  const err = (step: string, status: number | string, detail: string) => {
    const k = `${step} ${status}`;
    s.errors[k] = (s.errors[k] ?? 0) + 1;
    s.errorCount++;
    if (s.problems.length < 20) s.problems.push(`${k}: ${detail.slice(0, 300)}`);
  };

  async function call(sender: { ods: string; name: string }, correlationId: string, path: string, body?: Json): Promise<{ status: number; json: Json | null }> {
    const t0 = performance.now();
    try {
      const res = await fetch(`${base}${path}`, {
        method: body ? "POST" : "GET",
        headers: {
          Accept: "application/fhir+json; version=1.0.0",
          "Content-Type": "application/fhir+json",
          "X-Request-ID": randomUUID(),
          "X-Correlation-ID": correlationId,
          "NHSD-Target-Identifier": b64({ value: dosId, system: "https://fhir.nhs.uk/Id/dos-service-id" }),
          "NHSD-End-User-Organisation": b64({ resourceType: "Organization", identifier: [{ system: "https://fhir.nhs.uk/Id/ods-organization-code", value: sender.ods }], name: sender.name }),
          ...(o.extraHeaders ?? {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let json: Json | null = null;
      try {
        json = JSON.parse(text) as Json;
      } catch {
        // not JSON: an error below
      }
      return { status: res.status, json };
    } catch (e) {
      return { status: 0, json: { error: (e as Error).message } };
    } finally {
      times.push(performance.now() - t0);
    }
  }

  const slotPath = () => {
    const today = londonToday(clockNow());
    const fmt = (d: Date) => encodeURIComponent(d.toISOString().replace(/\.\d{3}Z$/, "Z"));
    const inc = ["Slot:schedule", "Schedule:actor:HealthcareService", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "HealthcareService:location", "HealthcareService:providedBy"].map((i) => `&_include=${encodeURIComponent(i)}`).join("");
    return `/Slot?Schedule.actor%3AHealthcareService=${dosId}&status=free&start=ge${fmt(startOfLondonDay(addDays(today, 1)))}&start=le${fmt(startOfLondonDay(addDays(today, 4)))}${inc}`;
  };

  async function book(sender: { ods: string; name: string }, corr: string, patient: TestPatient): Promise<Json | null> {
    const found = await call(sender, corr, slotPath());
    if (found.status !== 200 || !found.json) return err("search", found.status, JSON.stringify(found.json)), null;
    const free = ((found.json.entry as Json[]) ?? []).filter((e) => (e.resource as Json).resourceType === "Slot").length;
    if (free === 0) return null;
    const answer = await call(sender, corr, "/$process-message", bookingMessage(findForBooking(found.json, Math.floor(rnd() * Math.min(free, 20))), { serviceId: dosId, patient }));
    if (answer.status === 409) return s.slotTaken++, null;
    if (answer.status !== 200) return err("book", answer.status, JSON.stringify(answer.json)), null;
    s.bookings++;
    return answer.json;
  }

  const appointmentId = (bundle: Json) => String(((bundle.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Appointment") ?? {}).id);

  async function cancel(sender: { ods: string; name: string }, corr: string, booked: Json): Promise<void> {
    const read = await call(sender, corr, `/Appointment/${appointmentId(booked)}`);
    if (read.status !== 200) return err("read", read.status, JSON.stringify(read.json));
    const c = await call(sender, corr, "/$process-message", cancelBookingMessage(booked));
    if (c.status === 200) s.cancellations++;
    else err("cancel", c.status, JSON.stringify(c.json));
  }

  async function refer(sender: { ods: string; name: string }, corr: string, patient: TestPatient, apptId?: string): Promise<Json | null> {
    const r = await call(sender, corr, "/$process-message", referralMessage({ serviceId: dosId, patient, appointmentId: apptId }));
    if (r.status !== 200) return err("refer", r.status, JSON.stringify(r.json)), null;
    s.referrals++;
    return r.json;
  }

  async function workflow(i: number): Promise<void> {
    const sender = senders[i % senders.length];
    const p = syntheticPatient(rnd);
    const patient: TestPatient = { nhsNumber: p.nhsNumber, family: p.family, given: p.given, birthDate: p.birthDate, gender: p.gender, postcode: p.postcode, phone: "07700 900123" };
    const corr = randomUUID();
    const kind: BarsWorkflow = (["book-and-refer", "refer-only", "book-and-cancel", "rebook"] as const)[Math.floor(rnd() * 4)];
    s.workflows[kind]++;
    if (kind === "refer-only") {
      const r = await refer(sender, corr, patient);
      if (r && rnd() < 0.3) {
        const v = await call(sender, corr, "/$process-message", revokeReferralMessage(r));
        if (v.status === 200) s.revocations++;
        else err("revoke", v.status, JSON.stringify(v.json));
      }
      return;
    }
    const booked = await book(sender, corr, patient);
    if (!booked) return;
    if (kind === "book-and-refer") await refer(sender, corr, patient, appointmentId(booked));
    else if (kind === "book-and-cancel") await cancel(sender, corr, booked);
    else {
      await cancel(sender, corr, booked);
      await book(sender, corr, patient);
    }
  }

  const running: Promise<void>[] = [];
  for (let i = 0; Date.now() < deadline && (o.count === undefined || i < o.count); i++) {
    running.push(workflow(i));
    await new Promise((r) => setTimeout(r, interval));
  }
  await Promise.all(running);
  const sorted = times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0);
  s.latencyMs = { count: sorted.length, p50: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1) ?? 0) };
  s.elapsedMs = Date.now() - started;
  return s;
}
