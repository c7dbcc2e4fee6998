/**
 * Which service the capacity page shows: the one asked for in the address, else the one this browser last chose
 * (a cookie), else the first. A remembered service that no longer exists is ignored.
 */
export const CAPACITY_SERVICE_COOKIE = "ed-capacity-service";

export function chooseService<T extends { id: string }>(services: readonly T[], asked: string | undefined, remembered: string | undefined): T | undefined {
  return services.find((s) => s.id === asked) ?? services.find((s) => s.id === remembered) ?? services[0];
}
