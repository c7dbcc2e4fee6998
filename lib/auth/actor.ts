import type { Role } from "./roles";

/** Who is acting: a signed-in member of staff, a 111 consumer system, or the app itself. */
export type Actor = StaffActor | ConsumerActor | SystemActor;

export interface StaffActor {
  type: "staff";
  id: string;
  name: string;
  role: Role;
  ip?: string;
}

export interface ConsumerActor {
  type: "consumer";
  /** Ssp-From */
  asid?: string;
  /** requesting_organization ODS code from the JWT */
  odsCode?: string;
  orgName?: string;
  practitioner?: string;
  device?: string;
  requestId?: string;
  traceId?: string;
}

export interface SystemActor {
  type: "system";
  name: string;
}

export const SYSTEM: SystemActor = { type: "system", name: "ed-capacity" };
