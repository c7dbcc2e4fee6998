import type { StaffActor } from "../auth/actor";
import type { CapsInput } from "./limit-inputs";
import { updateServiceLimits } from "./update-service-limits";

/** Sets the service's limits per London hour and per London date (null: no limit). Takes effect at once. */
export async function setCaps(serviceId: string, version: number, input: CapsInput, actor: StaffActor): Promise<{ version: number }> {
  return updateServiceLimits(serviceId, version, { capPerHour: input.capPerHour, capPerDay: input.capPerDay }, { action: "capacity.caps.set", what: "this service's limits" }, actor);
}
