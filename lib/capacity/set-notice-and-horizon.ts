import type { StaffActor } from "../auth/actor";
import type { NoticeAndHorizonInput } from "./limit-inputs";
import { updateServiceLimits } from "./update-service-limits";

/** Sets the minimum notice (minutes) and the booking horizon (hours, null: as far as slots exist). */
export async function setNoticeAndHorizon(serviceId: string, version: number, input: NoticeAndHorizonInput, actor: StaffActor): Promise<{ version: number }> {
  return updateServiceLimits(
    serviceId,
    version,
    { minNoticeMinutes: input.minNoticeMinutes, maxAheadHours: input.maxAheadHours },
    { action: "capacity.notice-horizon.set", what: "this service's notice and horizon" },
    actor,
  );
}
