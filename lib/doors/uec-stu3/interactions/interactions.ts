/** The interactions the FHIR door serves, with what each needs of the caller. */
export type InteractionId = "metadata" | "search-slot" | "create-appointment" | "read-appointment" | "update-appointment" | "search-appointment";

export interface Interaction {
  id: InteractionId;
  /** Ssp-InteractionID the standard names for it */
  sspInteraction: string;
  /** Does the request carry a body? */
  body: boolean;
  /** Is it a write (needs X-Request-ID, idempotency)? */
  write: boolean;
  /** Does it need the consumer's JWT? The CapabilityStatement is always returnable. */
  auth: boolean;
  /** Route label for metrics and logs */
  route: string;
  /**
   * Does a successful answer show a patient's record that the request did not itself create or change? Its use
   * case writes the one audit record of that view, before handing the record over, so the route records only a
   * refusal of it; bookings and cancellations are audited with the change and recorded by the route as well.
   */
  showsPatient: boolean;
}

const PREFIX = "urn:nhs:names:services:careconnect:fhir:rest:";

export const INTERACTIONS: Record<InteractionId, Interaction> = {
  metadata: { id: "metadata", sspInteraction: `${PREFIX}read:metadata`, body: false, write: false, auth: false, route: "/STU3/1/metadata", showsPatient: false },
  "search-slot": { id: "search-slot", sspInteraction: `${PREFIX}search:slot`, body: false, write: false, auth: true, route: "/STU3/1/Slot", showsPatient: false },
  "create-appointment": { id: "create-appointment", sspInteraction: `${PREFIX}create:appointment`, body: true, write: true, auth: true, route: "/STU3/1/Appointment", showsPatient: false },
  "read-appointment": { id: "read-appointment", sspInteraction: `${PREFIX}read:appointment`, body: false, write: false, auth: true, route: "/STU3/1/Appointment/{id}", showsPatient: true },
  "update-appointment": { id: "update-appointment", sspInteraction: `${PREFIX}update:appointment`, body: true, write: true, auth: true, route: "/STU3/1/Appointment/{id}", showsPatient: false },
  "search-appointment": { id: "search-appointment", sspInteraction: `${PREFIX}search:appointment`, body: false, write: false, auth: true, route: "/STU3/1/Appointment", showsPatient: true },
};
