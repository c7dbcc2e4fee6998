import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { boardStalenessSeconds, documentsByState } from "./database-metrics";

/** Prometheus metrics for this instance. Scraped at /api/metrics with METRICS_TOKEN. */
interface Metrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method" | "status">;
  bookings: Counter<"source">;
  cancellations: Counter<"by">;
  refusals: Counter<"reason">;
  slotSearches: Counter<"result">;
  documents: Counter<"state">;
  boardStaleness: Gauge<"board">;
  documentsHeld: Gauge<"state">;
  consumerAlerts: Counter<"asid">;
}

const globalForMetrics = globalThis as unknown as { __edMetrics?: Metrics };

export function metrics(): Metrics {
  if (globalForMetrics.__edMetrics) return globalForMetrics.__edMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m: Metrics = {
    registry,
    httpRequests: new Counter({ name: "ed_http_requests_total", help: "HTTP requests by route, method and status", labelNames: ["route", "method", "status"], registers: [registry] }),
    httpDuration: new Histogram({
      name: "ed_http_request_duration_seconds",
      help: "HTTP request duration by route, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    bookings: new Counter({ name: "ed_bookings_total", help: "Bookings made", labelNames: ["source"], registers: [registry] }),
    cancellations: new Counter({ name: "ed_cancellations_total", help: "Bookings cancelled, by who cancelled", labelNames: ["by"], registers: [registry] }),
    refusals: new Counter({ name: "ed_booking_refusals_total", help: "Booking attempts refused, by reason", labelNames: ["reason"], registers: [registry] }),
    slotSearches: new Counter({ name: "ed_slot_searches_total", help: "FHIR slot searches, by whether any free slot was found", labelNames: ["result"], registers: [registry] }),
    documents: new Counter({ name: "ed_clinical_documents_total", help: "Clinical documents received, by resulting state", labelNames: ["state"], registers: [registry] }),
    // Read from the database at each scrape (the same on every instance).
    boardStaleness: new Gauge({
      name: "ed_arrivals_board_staleness_seconds",
      help: "Seconds since a clinician or clerk last had the expected-arrivals board open (absent until watching has started)",
      // A label, so the series can be absent (a gauge without labels always shows 0).
      labelNames: ["board"],
      registers: [registry],
      async collect() {
        this.reset();
        const s = await boardStalenessSeconds().catch(() => null);
        if (s !== null) this.set({ board: "arrivals" }, Math.round(s));
      },
    }),
    documentsHeld: new Gauge({
      name: "ed_clinical_documents",
      help: "Clinical documents held, by current state",
      labelNames: ["state"],
      registers: [registry],
      async collect() {
        this.reset();
        const by = await documentsByState().catch(() => ({}) as Record<string, number>);
        for (const [state, n] of Object.entries(by)) this.set({ state }, n);
      },
    }),
    consumerAlerts: new Counter({
      name: "fhir_consumer_alerts_total",
      help: "Minutes in which a FHIR consumer (by ASID) was above the alert threshold of the abuse ceiling",
      labelNames: ["asid"],
      registers: [registry],
    }),
  };
  globalForMetrics.__edMetrics = m;
  return m;
}

/** Records one finished request. */
export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  const m = metrics();
  const labels = { route, method, status: String(status) };
  m.httpRequests.inc(labels);
  m.httpDuration.observe(labels, seconds);
}
