import { bookingBody, clinicalDocument, itkSoapMessage, type FreeSlot } from "./messages";
import { ALL_INCLUDES } from "../stu3-booking-body";
import { DEFAULT_PROVIDER_ASID, fhirHeaders, SCOPE } from "./consumer";
import { seededRandom, seededUuid, simulatedService, syntheticPatient, type Random, type SimulatedService, type SyntheticPatient } from "./synthetic";
import { now as clockNow } from "../../time/clock";

/**
 * Plays one or more NHS 111 services against a running provider, the way a real consumer does and using only
 * what the UEC Booking Standard says: search free slots for a DoS service id (3-day window, every _include),
 * book one (contained Slot, Patient, DocumentReference; X-Request-ID; Ssp-* headers), sometimes resend the
 * same request (which must be 409 naming the booking already made), sometimes read it back, send the clinical
 * report over ITK, and sometimes cancel (PUT with If-Match). Anything the standard does not allow counts as an
 * error: a 5xx, or a status other than the ones listed for each step.
 */

/** The DoS service ids of the assurance and demo seeds (lib/seed/assurance.ts, lib/seed/demo.ts). */
export const DEFAULT_DOS_IDS = ["999999999", "999999993", "2000011001", "2000011002", "2000011003"];

export interface SimulationOptions {
  /** e.g. http://127.0.0.1:3000 (the FHIR base is <baseUrl>/STU3/1, the ITK endpoint <baseUrl>/itk/nhs111). */
  baseUrl: string;
  /** The JWT audience; default the FHIR base. */
  audience?: string;
  services?: number;
  /** Bookings per minute per simulated service (ignored when perSecondOverall is set). */
  perMinutePerService?: number;
  /** Bookings per second across all services. */
  perSecondOverall?: number;
  /** Stop after this long. */
  durationMs?: number;
  /** Stop after this many bookings (201s) in all. */
  count?: number;
  dosIds?: string[];
  /** Probabilities per booking. */
  cancelRate?: number;
  retryRate?: number;
  readRate?: number;
  /** Send the clinical report over ITK after each booking (default true). */
  sendDocuments?: boolean;
  seed?: number;
  providerAsid?: string;
  /** Extra headers on every request (e.g. the edge's x-edge-secret in a test set-up). */
  extraHeaders?: Record<string, string>;
  /** Called after every request (for a live status line). */
  onProgress?: (s: SimulationSummary) => void;
  requestTimeoutMs?: number;
}

export interface SimulatedBooking {
  /** The simulated service that made it (its index and ODS code). */
  serviceIndex: number;
  service: string;
  appointmentId: string;
  slotId: string;
  dosId: string;
  documentId: string;
  patient: SyntheticPatient;
  documentAccepted: boolean;
  cancelled: boolean;
}

export type Step = "search" | "book" | "retry" | "read" | "document" | "cancel";

export interface SimulationSummary {
  elapsedMs: number;
  services: number;
  searches: number;
  /** Searches that found no free slot. */
  emptySearches: number;
  bookings: number;
  /** Booking refused because the slot went to someone else (409 or 422, as the provider is configured). */
  slotTaken409: number;
  slotTaken422: number;
  retries: number;
  /** Retries answered 409 naming the same booking. */
  retriesAnswered409: number;
  reads: number;
  cancels: number;
  documentsAccepted: number;
  /** Errors by step and status ("book 500", "document network"). */
  errors: Record<string, number>;
  errorCount: number;
  /** The first few problems in words. */
  problems: string[];
  /** DoS service ids the provider answered 404 for (dropped for the rest of the run). */
  unknownDosIds: string[];
  latencyMs: Record<Step | "all", { count: number; p50: number; p95: number; max: number }>;
}

class Stats {
  started = Date.now();
  counts = { searches: 0, emptySearches: 0, bookings: 0, slotTaken409: 0, slotTaken422: 0, retries: 0, retriesAnswered409: 0, reads: 0, cancels: 0, documentsAccepted: 0 };
  errors: Record<string, number> = {};
  problems: string[] = [];
  latencies: Record<Step, number[]> = { search: [], book: [], retry: [], read: [], document: [], cancel: [] };

  error(step: Step, status: number | "network" | "unexpected-body", detail: string) {
    const key = `${step} ${status}`;
    this.errors[key] = (this.errors[key] ?? 0) + 1;
    if (this.problems.length < 20) this.problems.push(`${key}: ${detail.slice(0, 300)}`);
  }

  unknownDosIds = new Set<string>();

  summary(services: number): SimulationSummary {
    const pct = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : 0);
      return { count: s.length, p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(s[s.length - 1] ?? 0) };
    };
    const latencyMs = Object.fromEntries(Object.entries(this.latencies).map(([k, v]) => [k, pct(v)])) as SimulationSummary["latencyMs"];
    latencyMs.all = pct(Object.values(this.latencies).flat());
    const errorCount = Object.values(this.errors).reduce((a, b) => a + b, 0);
    return { elapsedMs: Date.now() - this.started, services, ...this.counts, errors: { ...this.errors }, errorCount, problems: [...this.problems], unknownDosIds: [...this.unknownDosIds], latencyMs };
  }
}

interface Answer {
  status: number | null;
  headers: Headers | null;
  text: string;
  error?: string;
}

export interface SimulationResult {
  summary: SimulationSummary;
  bookings: SimulatedBooking[];
}

const LOCATION = /\/Appointment\/([^/]+)\/_history\/(\d+)/;

export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const baseUrl = o.baseUrl.replace(/\/+$/, "");
  const fhirBase = `${baseUrl}/STU3/1`;
  const audience = o.audience ?? fhirBase;
  const serviceCount = Math.max(1, o.services ?? 1);
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const master = seededRandom(seed);
  const dosIds = o.dosIds?.length ? o.dosIds : DEFAULT_DOS_IDS;
  const providerAsid = o.providerAsid ?? DEFAULT_PROVIDER_ASID;
  const cancelRate = o.cancelRate ?? 0.2;
  const retryRate = o.retryRate ?? 0.1;
  const readRate = o.readRate ?? 0.3;
  const sendDocuments = o.sendDocuments ?? true;
  const timeout = o.requestTimeoutMs ?? 30_000;
  const intervalMs = o.perSecondOverall ? (serviceCount * 1000) / o.perSecondOverall : 60_000 / (o.perMinutePerService ?? 12);
  const deadline = o.durationMs !== undefined ? Date.now() + o.durationMs : o.count === undefined ? Date.now() + 60_000 : Infinity;
  const stats = new Stats();
  const bookings: SimulatedBooking[] = [];
  // Ids of services the provider does not know (404) are dropped for the rest of the run.
  const unknownDosIds = stats.unknownDosIds;

  const done = () => Date.now() >= deadline || (o.count !== undefined && stats.counts.bookings >= o.count);
  const progress = () => o.onProgress?.(stats.summary(serviceCount));

  async function send(step: Step, url: string, init: RequestInit): Promise<Answer> {
    const t0 = performance.now();
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeout) });
      const text = await res.text();
      stats.latencies[step].push(performance.now() - t0);
      return { status: res.status, headers: res.headers, text };
    } catch (e) {
      stats.latencies[step].push(performance.now() - t0);
      return { status: null, headers: null, text: "", error: e instanceof Error ? e.message : String(e) };
    } finally {
      progress();
    }
  }

  /** Records a 5xx, a network failure or any status the standard does not list for this step. */
  function unexpected(step: Step, a: Answer): void {
    stats.error(step, a.status ?? "network", a.error ?? a.text);
  }

  const json = (a: Answer): Record<string, unknown> | null => {
    try {
      return JSON.parse(a.text) as Record<string, unknown>;
    } catch {
      return null;
    }
  };

  async function search(service: SimulatedService, dosId: string): Promise<FreeSlot[] | null> {
    const now = clockNow();
    const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    const params = new URLSearchParams();
    params.set("schedule.actor:healthcareservice", dosId);
    params.set("status", "free");
    params.append("start", `ge${fmt(now)}`);
    params.append("start", `le${fmt(new Date(now.getTime() + 3 * 86_400_000))}`);
    for (const inc of ALL_INCLUDES) params.append("_include", inc);
    const a = await send("search", `${fhirBase}/Slot?${params}`, {
      headers: fhirHeaders(service, { interaction: "slot", scope: SCOPE.slotRead, audience, providerAsid, extra: o.extraHeaders }),
    });
    stats.counts.searches++;
    if (a.status === 404) {
      // A DoS id this provider does not have: a real 111 would not ask again (the Directory of Services is wrong).
      unknownDosIds.add(dosId);
      return null;
    }
    if (a.status !== 200) return (unexpected("search", a), null);
    const bundle = json(a);
    if (!bundle || bundle.resourceType !== "Bundle") return (stats.error("search", "unexpected-body", a.text), null);
    const entries = ((bundle.entry as { resource: Record<string, unknown> }[] | undefined) ?? []).map((e) => e.resource);
    const slots = entries.filter((r) => r.resourceType === "Slot" && r.status === "free") as unknown as FreeSlot[];
    if (slots.length === 0) stats.counts.emptySearches++;
    return slots;
  }

  async function readAppointment(service: SimulatedService, id: string): Promise<{ resource: Record<string, unknown>; etag: string } | null> {
    const a = await send("read", `${fhirBase}/Appointment/${id}`, {
      headers: fhirHeaders(service, { interaction: "read", scope: SCOPE.read, audience, providerAsid, extra: o.extraHeaders }),
    });
    stats.counts.reads++;
    if (a.status !== 200) return (unexpected("read", a), null);
    const resource = json(a);
    const etag = a.headers?.get("etag");
    if (!resource || resource.id !== id || !etag) return (stats.error("read", "unexpected-body", `no id ${id} or ETag in ${a.text}`), null);
    return { resource, etag };
  }

  async function oneBooking(service: SimulatedService, rnd: Random): Promise<void> {
    const candidates = dosIds.filter((d) => !unknownDosIds.has(d));
    if (candidates.length === 0) return;
    const dosId = candidates[Math.floor(rnd() * candidates.length)];
    const slots = await search(service, dosId);
    if (!slots || slots.length === 0) return;
    // Callers mostly take one of the earliest times offered.
    const slot = slots[Math.floor(rnd() * rnd() * slots.length)];
    const patient = syntheticPatient(rnd);
    const documentId = seededUuid(rnd);
    const requestId = seededUuid(rnd);
    const body = JSON.stringify(bookingBody(slot, patient, documentId));
    const bookInit = () => ({
      method: "POST",
      headers: { ...fhirHeaders(service, { interaction: "create", scope: SCOPE.write, audience, providerAsid, requestId, extra: o.extraHeaders }), "Content-Type": "application/fhir+json" },
      body,
    });
    const a = await send("book", `${fhirBase}/Appointment`, bookInit());
    if (a.status === 409 || a.status === 422) {
      // Someone else took the slot (another simulated service, or a real caller): the standard's answer. A refusal of
      // the request itself (profile, NHS number) would mean the simulator or the provider is wrong: an error.
      const issue = ((json(a)?.issue as { code?: string }[] | undefined) ?? [])[0];
      if (!issue || ["invalid", "structure", "required", "value", "invariant"].includes(issue.code ?? "")) return unexpected("book", a);
      if (a.status === 409) stats.counts.slotTaken409++;
      else stats.counts.slotTaken422++;
      return;
    }
    if (a.status !== 201) return unexpected("book", a);
    const m = LOCATION.exec(a.headers?.get("location") ?? "");
    if (!m) return stats.error("book", "unexpected-body", `201 without a Location naming the Appointment: ${a.headers?.get("location")}`);
    const appointmentId = m[1];
    stats.counts.bookings++;
    const booking: SimulatedBooking = { serviceIndex: service.index, service: service.ods, appointmentId, slotId: slot.id, dosId, documentId, patient, documentAccepted: false, cancelled: false };
    bookings.push(booking);

    if (rnd() < retryRate) {
      // As if the answer had been lost: the same request, the same X-Request-ID.
      const r = await send("retry", `${fhirBase}/Appointment`, bookInit());
      stats.counts.retries++;
      if (r.status !== 409) unexpected("retry", r);
      else if (!r.text.includes(`/Appointment/${appointmentId}`)) stats.error("retry", "unexpected-body", `409 does not name Appointment/${appointmentId}: ${r.text}`);
      else stats.counts.retriesAnswered409++;
    }

    let current: { resource: Record<string, unknown>; etag: string } | null = null;
    if (rnd() < readRate) {
      current = await readAppointment(service, appointmentId);
      if (current && current.resource.status !== "booked") stats.error("read", "unexpected-body", `status ${String(current.resource.status)} just after booking`);
    }

    if (sendDocuments) {
      const setId = seededUuid(rnd);
      const document = clinicalDocument({ documentId, setId, patient, service, appointmentUrl: `${fhirBase}/Appointment/${appointmentId}`, appointmentStart: slot.start });
      const soap = itkSoapMessage({ document, service, messageId: seededUuid(rnd), trackingId: seededUuid(rnd), payloadId: seededUuid(rnd), to: `${baseUrl}/itk/nhs111` });
      const d = await send("document", `${baseUrl}/itk/nhs111`, {
        method: "POST",
        headers: { "Content-Type": "text/xml; charset=utf-8", SOAPAction: `"urn:nhs-itk:services:201005:SendNHS111Report-v3-0"`, ...o.extraHeaders },
        body: soap,
      });
      if (d.status !== 200) unexpected("document", d);
      else if (!/Envelope/.test(d.text) || /Fault/.test(d.text)) stats.error("document", "unexpected-body", d.text);
      else {
        stats.counts.documentsAccepted++;
        booking.documentAccepted = true;
      }
    }

    if (rnd() < cancelRate) {
      current ??= await readAppointment(service, appointmentId);
      if (!current) return;
      const c = await send("cancel", `${fhirBase}/Appointment/${appointmentId}`, {
        method: "PUT",
        headers: {
          ...fhirHeaders(service, { interaction: "update", scope: SCOPE.write, audience, providerAsid, extra: o.extraHeaders }),
          "Content-Type": "application/fhir+json",
          "If-Match": current.etag,
        },
        body: JSON.stringify({ ...current.resource, status: "cancelled" }),
      });
      if (c.status !== 200) return unexpected("cancel", c);
      stats.counts.cancels++;
      booking.cancelled = true;
    }
  }

  async function serviceLoop(service: SimulatedService, rnd: Random): Promise<void> {
    // Spread the services' first bookings over one interval.
    let next = Date.now() + rnd() * intervalMs;
    while (!done()) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, deadline - Date.now()))));
      if (done()) break;
      next = Math.max(next + intervalMs, Date.now() - intervalMs);
      await oneBooking(service, rnd);
      if (dosIds.every((d) => unknownDosIds.has(d))) {
        stats.error("search", 404, `none of the DoS service ids ${dosIds.join(", ")} is known to the provider`);
        break;
      }
    }
  }

  const services = Array.from({ length: serviceCount }, (_, i) => simulatedService(i, master));
  const randoms = services.map(() => seededRandom(Math.floor(master() * 2 ** 31)));
  await Promise.all(services.map((s, i) => serviceLoop(s, randoms[i])));
  return { summary: stats.summary(serviceCount), bookings };
}

/** Cancels bookings the simulator made and left active (e.g. to hand the slots back after a test). */
export async function cancelSimulatedBookings(o: Pick<SimulationOptions, "baseUrl" | "audience" | "providerAsid" | "extraHeaders">, bookings: SimulatedBooking[]): Promise<number> {
  const fhirBase = `${o.baseUrl.replace(/\/+$/, "")}/STU3/1`;
  const audience = o.audience ?? fhirBase;
  const providerAsid = o.providerAsid ?? DEFAULT_PROVIDER_ASID;
  let cancelled = 0;
  for (const b of bookings.filter((x) => !x.cancelled)) {
    // The organisation that booked it cancels it (its ASID and ODS code follow from its index).
    const service = simulatedService(b.serviceIndex, seededRandom(b.serviceIndex + 1));
    const read = await fetch(`${fhirBase}/Appointment/${b.appointmentId}`, { headers: fhirHeaders(service, { interaction: "read", scope: SCOPE.read, audience, providerAsid, extra: o.extraHeaders }) });
    if (read.status !== 200) continue;
    const resource = (await read.json()) as Record<string, unknown>;
    const res = await fetch(`${fhirBase}/Appointment/${b.appointmentId}`, {
      method: "PUT",
      headers: { ...fhirHeaders(service, { interaction: "update", scope: SCOPE.write, audience, providerAsid, extra: o.extraHeaders }), "Content-Type": "application/fhir+json", "If-Match": read.headers.get("etag") ?? "" },
      body: JSON.stringify({ ...resource, status: "cancelled" }),
    });
    await res.text();
    if (res.status === 200) {
      b.cancelled = true;
      cancelled++;
    }
  }
  return cancelled;
}
