/**
 * Configuration of the HL7v2 door (README "The ED's own patient record"). Read once at start.
 *
 * HL7_MLLP_PORT: 2575 (the registered MLLP port) in production, off elsewhere (development, ED_TEST_MODE), so test
 * servers and several checkouts never fight over one port; 0 turns it off anywhere.
 */
export interface Hl7Config {
  port: number;
  host: string;
  maxMessageBytes: number;
  maxNoiseBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  /** PV1-2 patient classes that are ED registrations (A04/A01 of any other class are acknowledged and left). */
  patientClasses: string[];
  application: string;
  facility: string;
  tls: { certFile: string; keyFile: string; caFile: string | null } | null;
}

export type Env = Record<string, string | undefined>;

function int(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return n;
}

export function readHl7Config(env: Env = process.env): Hl7Config {
  const production = env.NODE_ENV === "production" && env.ED_TEST_MODE !== "1";
  const port = int(env.HL7_MLLP_PORT, production ? 2575 : 0, "HL7_MLLP_PORT");
  if (port > 65535) throw new Error("HL7_MLLP_PORT must be at most 65535");
  const cert = env.HL7_MLLP_TLS_CERT_FILE?.trim();
  const key = env.HL7_MLLP_TLS_KEY_FILE?.trim();
  if (!!cert !== !!key) throw new Error("HL7_MLLP_TLS_CERT_FILE and HL7_MLLP_TLS_KEY_FILE go together");
  return {
    port,
    host: env.HL7_MLLP_HOST?.trim() || (production ? "0.0.0.0" : "127.0.0.1"),
    maxMessageBytes: int(env.HL7_MAX_MESSAGE_BYTES, 1024 * 1024, "HL7_MAX_MESSAGE_BYTES", 1024),
    maxNoiseBytes: 64 * 1024,
    idleTimeoutMs: int(env.HL7_IDLE_TIMEOUT_SECONDS, 300, "HL7_IDLE_TIMEOUT_SECONDS", 1) * 1000,
    maxConnections: int(env.HL7_MAX_CONNECTIONS, 50, "HL7_MAX_CONNECTIONS", 1),
    patientClasses: (env.HL7_ED_PATIENT_CLASSES ?? "E").split(",").map((s) => s.trim().toUpperCase()).filter(Boolean),
    application: env.HL7_APPLICATION?.trim() || "ED-CAPACITY",
    facility: env.HL7_FACILITY?.trim() || "",
    tls: cert && key ? { certFile: cert, keyFile: key, caFile: env.HL7_MLLP_TLS_CA_FILE?.trim() || null } : null,
  };
}
