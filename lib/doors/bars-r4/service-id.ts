/**
 * A service identifier as senders write it (§12 D9, D22): `[system|]value`, the system any spelling of the DoS
 * service id system (`http`/`https`, `Id`/`id`). A value of digits is a plausible DoS id (any length: a 19-digit
 * id is unknown, not malformed); anything else is malformed unless it is one of our own configured ids.
 */
const DOS_SYSTEM = /^https?:\/\/fhir\.nhs\.uk\/id\/dos-service-id$/i;
export const DOS_SERVICE_ID_SYSTEM = "https://fhir.nhs.uk/Id/dos-service-id";

export function isDosSystem(system: string): boolean {
  return DOS_SYSTEM.test(system.trim());
}

export function parseServiceId(raw: string, ours: readonly string[] = []): { ok: true; value: string } | { ok: false; detail: string } {
  const text = raw.trim();
  const bar = text.lastIndexOf("|");
  const system = bar >= 0 ? text.slice(0, bar) : null;
  const value = (bar >= 0 ? text.slice(bar + 1) : text).trim();
  if (system !== null && system !== "" && !isDosSystem(system)) return { ok: false, detail: `${system} is not the Directory of Services service id system` };
  if (!value) return { ok: false, detail: "The service id is empty" };
  if (/^\d{1,30}$/.test(value) || ours.includes(value)) return { ok: true, value };
  return { ok: false, detail: `${value.slice(0, 40)} is not a Directory of Services service id` };
}
