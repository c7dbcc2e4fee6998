import type { MatchPatient } from "../clinical/match-document";

/** What the ED's own patient record told us, whatever the wire format (the HL7v2 door reads ADT into this). */
export type EdRecordEventType = "A01" | "A03" | "A04" | "A08" | "A11" | "A40";

export interface EdRecordPatient {
  nhsNumber: { value: string; problem: string | null } | null;
  /** The ED record's own identifier for the patient (PID-3). */
  localId: string | null;
  family: string | null;
  given: string[];
  /** YYYY-MM-DD */
  birthDate: string | null;
  sex: "male" | "female" | "not-known" | null;
  postcode: string | null;
}

export interface EdRecordEvent {
  type: EdRecordEventType;
  patient: EdRecordPatient;
  visitNumber: string | null;
  controlId: string;
  /** Registration (A04/A01/A08), cancel (A11), departure (A03) or merge (A40) time. */
  at: Date | null;
  /** A40: the ED record's identifier being merged away (MRG-1). */
  priorPatientId?: string;
  /** An A04/A01 whose patient class is not an ED one: stored, acknowledged, nothing done. */
  notEmergency?: boolean;
}

/** The patient as the one matcher reads it. */
export function asMatchPatient(p: EdRecordPatient): MatchPatient {
  return {
    nhsNumber: p.nhsNumber,
    birthDate: p.birthDate,
    name: p.family || p.given.length ? { given: p.given, family: p.family } : null,
    gender: { value: p.sex },
  };
}
