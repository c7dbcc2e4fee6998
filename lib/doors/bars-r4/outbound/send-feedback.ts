/**
 * One delivery attempt of a feedback message to the NHS BaRS proxy, and what its answer means
 * (BARS-RECEIVER §9.4, §6): 2xx delivered; 409 with issue.code duplicate delivered (an earlier attempt was processed);
 * 401/403 refresh the token once and send again at once; 408, 425, 429, 5xx, a timeout or no answer retried later
 * with the same body and ids; any other 4xx failed, for clerks and the safeguarding lead to act on.
 */
import type { AttemptOutcome, ClaimedFeedback } from "../../../outbox/bars-feedback-outbox";
import { DOS_SERVICE_ID, FEEDBACK_USE_CONTEXT, ODS_CODE } from "../../../referrals/feedback-message";
import type { FeedbackConfig } from "./feedback-config";
import { TokenError, type NhsTokenSource } from "./nhs-token";

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o), "utf8").toString("base64");

/** The headers of every attempt; only Authorization may differ between retries. */
export function feedbackHeaders(m: Pick<ClaimedFeedback, "requestId" | "correlationId" | "targetDosId">, cfg: Pick<FeedbackConfig, "ods" | "orgName" | "softwareName" | "softwareVersion">, token: string): Record<string, string> {
  return {
    Authorization: `Bearer ${token}`,
    Accept: "application/fhir+json; version=1.0.0",
    "Content-Type": "application/fhir+json",
    "X-Request-ID": m.requestId,
    "X-Correlation-ID": m.correlationId,
    "NHSD-Target-Identifier": b64({ value: m.targetDosId, system: DOS_SERVICE_ID }),
    "NHSD-End-User-Organisation": b64({ resourceType: "Organization", identifier: [{ system: ODS_CODE, value: cfg.ods }], name: cfg.orgName }),
    "NHSD-Requesting-Software": b64({ resourceType: "Device", identifier: [{ system: "https://fhir.nhs.uk/Id/local-device-id", value: cfg.softwareName }], deviceName: [{ name: cfg.softwareName, type: "manufacturer-name" }], version: [{ value: cfg.softwareVersion }] }),
    "use-context": FEEDBACK_USE_CONTEXT,
  };
}

function issueCodes(text: string): string[] {
  try {
    const j = JSON.parse(text) as { resourceType?: string; issue?: { code?: string }[] };
    return j.resourceType === "OperationOutcome" ? (j.issue ?? []).map((i) => String(i.code ?? "")) : [];
  } catch {
    return [];
  }
}

function retryAfterMs(res: Response): number | null {
  const v = res.headers.get("retry-after");
  if (!v) return null;
  const s = Number(v);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const d = Date.parse(v);
  return Number.isFinite(d) ? Math.max(0, d - Date.now()) : null;
}

export async function sendFeedbackOnce(m: ClaimedFeedback, cfg: FeedbackConfig, tokens: NhsTokenSource): Promise<AttemptOutcome> {
  const url = `${cfg.proxyUrl}/$process-message`;
  let refreshed = false;
  for (;;) {
    let token: string;
    try {
      token = await tokens.get(refreshed);
    } catch (e) {
      return { kind: "retry", status: null, error: e instanceof TokenError ? e.message : `Token: ${String(e)}` };
    }
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method: "POST", headers: feedbackHeaders(m, cfg, token), body: m.body, signal: AbortSignal.timeout(cfg.requestTimeoutMs) });
      text = await res.text();
    } catch (e) {
      const timeout = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      return { kind: "retry", status: null, error: timeout ? `No answer within ${cfg.requestTimeoutMs / 1000} s` : `Could not reach the NHS proxy (${e instanceof Error ? e.message : String(e)})` };
    }
    const s = res.status;
    if (s >= 200 && s < 300) return { kind: "delivered", status: s, duplicate: false };
    if (s === 409 && issueCodes(text).includes("duplicate")) return { kind: "delivered", status: s, duplicate: true };
    if ((s === 401 || s === 403) && !refreshed) {
      refreshed = true;
      continue;
    }
    const detail = `${s}: ${text.slice(0, 300)}`;
    if (s === 401 || s === 403) return { kind: "retry", status: s, error: `Refused our access token twice (${detail})` };
    if (s === 408 || s === 425 || s === 429 || s >= 500) return { kind: "retry", status: s, error: `The NHS proxy answered ${detail}`, retryAfterMs: retryAfterMs(res) };
    return { kind: "failed", status: s, error: `111 refused the message (${detail}): phone 111 and tell the safeguarding lead` };
  }
}
