/**
 * The number a clerk rings about a booking: the patient's rank-1 phone (FHIR ContactPoint, lowest rank
 * first, then the order sent), else the first contact person's. Tolerates malformed JSON: it is as received.
 */

interface ContactPoint {
  system?: unknown;
  value?: unknown;
  use?: unknown;
  rank?: unknown;
}

export interface PhoneToRing {
  phone: string;
  /** Whose number it is. */
  from: "patient" | "contact";
  /** The contact person's name, when the number is a contact's. */
  contactName: string | null;
}

function parseArray(json: string): unknown[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** The best phone number among ContactPoints, or null. Numbers marked `old` are skipped. */
export function bestPhone(telecom: unknown[]): string | null {
  const phones = telecom
    .map((t, i) => ({ t: (t ?? {}) as ContactPoint, i }))
    .filter(({ t }) => (t.system === "phone" || t.system === "sms") && typeof t.value === "string" && t.value.trim() !== "" && t.use !== "old");
  phones.sort((a, b) => rankOf(a.t) - rankOf(b.t) || a.i - b.i);
  return phones.length ? String(phones[0].t.value).trim() : null;
}

function rankOf(t: ContactPoint): number {
  return typeof t.rank === "number" && t.rank > 0 ? t.rank : Number.MAX_SAFE_INTEGER;
}

function contactName(contact: Record<string, unknown>): string | null {
  const name = (contact.name ?? {}) as { text?: unknown; given?: unknown; family?: unknown };
  if (typeof name.text === "string" && name.text.trim()) return name.text.trim();
  const given = Array.isArray(name.given) ? name.given.filter((g) => typeof g === "string").join(" ") : "";
  const family = typeof name.family === "string" ? name.family : "";
  const full = `${given} ${family}`.trim();
  return full || null;
}

export function phoneToRing(telecomJson: string, contactJson: string): PhoneToRing | null {
  const own = bestPhone(parseArray(telecomJson));
  if (own) return { phone: own, from: "patient", contactName: null };
  for (const c of parseArray(contactJson)) {
    if (!c || typeof c !== "object") continue;
    const contact = c as Record<string, unknown>;
    const phone = bestPhone(Array.isArray(contact.telecom) ? contact.telecom : []);
    if (phone) return { phone, from: "contact", contactName: contactName(contact) };
  }
  return null;
}
