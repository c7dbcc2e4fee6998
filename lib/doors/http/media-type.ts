/** A media type and its parameters, as in Content-Type or one range of Accept (RFC 9110 §8.3.1, leniently). */
export function parseMediaType(value: string): { type: string; params: Record<string, string> } {
  const [type, ...rest] = value.split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  // A `+` in a header never decodes to a space, but tolerate `application/fhir json` from sloppy clients.
  return { type: type.trim().toLowerCase().replace(/\s+/g, "+"), params };
}
