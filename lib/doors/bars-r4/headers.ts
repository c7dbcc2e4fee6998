/**
 * The BaRS request headers (BARS-RECEIVER §1.2): the transaction-integrity pair every request must carry, and the
 * base64 NHSD-* headers the NHS England proxy passes on, decoded leniently (a sender's malformed header is
 * recorded, never a reason to refuse: the proxy has already checked them).
 */
import { bad } from "./rec-errors";
import { parseServiceId } from "./service-id";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Integrity {
  requestId: string;
  correlationId: string;
}

/** The two integrity headers as sent (for echoing back, even when they are not valid). */
export function integrityEcho(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  const r = headers.get("x-request-id");
  const c = headers.get("x-correlation-id");
  if (r !== null) out["X-Request-ID"] = r;
  if (c !== null) out["X-Correlation-ID"] = c;
  return out;
}

/** Missing → 400 `required`; not a UUID → 400 `invalid` (§6). */
export function checkIntegrity(headers: Headers): Integrity {
  const requestId = headers.get("x-request-id")?.trim() ?? "";
  const correlationId = headers.get("x-correlation-id")?.trim() ?? "";
  if (!requestId || !correlationId) {
    throw bad("required", `${!requestId ? "X-Request-ID" : "X-Correlation-ID"} is required on every request`);
  }
  if (!UUID.test(requestId)) throw bad("invalid", "X-Request-ID must be a UUID");
  if (!UUID.test(correlationId)) throw bad("invalid", "X-Correlation-ID must be a UUID");
  return { requestId: requestId.toLowerCase(), correlationId };
}

export interface SenderHeaders {
  /** The addressed service's DoS id (NHSD-Target-Identifier), when it decodes. */
  targetServiceId: string | null;
  /** The header was sent but could not be read. */
  targetUnreadable: boolean;
  endUserOrganisation: { odsCode: string | null; name: string | null } | null;
  requestingSoftware: { id: string | null; name: string | null } | null;
  requestingPractitioner: { roleProfileId: string | null; role: string | null } | null;
  /** Headers that were sent but could not be decoded: recorded with the request. */
  unreadable: string[];
}

function decodeJson(value: string | null): { ok: true; json: Record<string, unknown> } | { ok: false } | null {
  if (value === null || value.trim() === "") return null;
  const text = value.trim();
  // Plain JSON first (a test harness sends it), else base64 of JSON, as the API platform does; only text that can be
  // a JSON object is parsed, so a base64 header costs no thrown exception.
  for (const candidate of [text, safeBase64(text)]) {
    if (candidate === null || !candidate.trimStart().startsWith("{")) continue;
    try {
      const json = JSON.parse(candidate);
      if (json && typeof json === "object" && !Array.isArray(json)) return { ok: true, json };
    } catch {
      // try the next form
    }
  }
  return { ok: false };
}

function safeBase64(text: string): string | null {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text) || text.length > 8192) return null;
  return Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim().slice(0, 200) : null;
}

function firstIdentifier(json: Record<string, unknown>): Record<string, unknown> {
  const ids = json.identifier;
  if (Array.isArray(ids) && ids[0] && typeof ids[0] === "object") return ids[0] as Record<string, unknown>;
  if (ids && typeof ids === "object") return ids as Record<string, unknown>;
  return {};
}

export function senderHeaders(headers: Headers): SenderHeaders {
  const unreadable: string[] = [];
  const target = decodeJson(headers.get("nhsd-target-identifier"));
  let targetServiceId: string | null = null;
  if (target && target.ok) {
    const value = str(target.json.value);
    const system = str(target.json.system);
    const parsed = value ? parseServiceId(system ? `${system}|${value}` : value) : null;
    targetServiceId = parsed && parsed.ok ? parsed.value : value;
  } else if (target && !target.ok) {
    unreadable.push("NHSD-Target-Identifier");
  }
  const org = decodeJson(headers.get("nhsd-end-user-organisation"));
  const software = decodeJson(headers.get("nhsd-requesting-software"));
  const practitioner = decodeJson(headers.get("nhsd-requesting-practitioner"));
  for (const [name, d] of [["NHSD-End-User-Organisation", org], ["NHSD-Requesting-Software", software], ["NHSD-Requesting-Practitioner", practitioner]] as const) {
    if (d && !d.ok) unreadable.push(name);
  }
  const deviceName = (j: Record<string, unknown>) => {
    const n = j.deviceName;
    if (Array.isArray(n)) return str((n[0] as Record<string, unknown> | undefined)?.name);
    if (n && typeof n === "object") return str((n as Record<string, unknown>).name);
    return str(n);
  };
  const roleText = (j: Record<string, unknown>) => {
    const code = Array.isArray(j.code) ? (j.code[0] as Record<string, unknown>) : null;
    const coding = code && Array.isArray(code.coding) ? (code.coding[0] as Record<string, unknown>) : null;
    return str(coding?.display) ?? str(code?.text);
  };
  return {
    targetServiceId,
    targetUnreadable: Boolean(target && !target.ok),
    endUserOrganisation: org && org.ok ? { odsCode: str(firstIdentifier(org.json).value)?.toUpperCase() ?? null, name: str(org.json.name) } : null,
    requestingSoftware: software && software.ok ? { id: str(firstIdentifier(software.json).value), name: deviceName(software.json) } : null,
    requestingPractitioner: practitioner && practitioner.ok ? { roleProfileId: str(firstIdentifier(practitioner.json).value), role: roleText(practitioner.json) } : null,
    unreadable,
  };
}
