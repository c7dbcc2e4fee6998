"use client";

import { useEffect } from "react";
import { CAPACITY_SERVICE_COOKIE } from "@/lib/capacity/remembered-service";

/**
 * Remembers, in this browser only, the service the clerk chose, so the capacity page opens on it next time. Only a
 * service id (no patient data), for a year, sent to the capacity page alone.
 */
export function RememberService({ serviceId }: { serviceId: string }) {
  useEffect(() => {
    document.cookie = `${CAPACITY_SERVICE_COOKIE}=${encodeURIComponent(serviceId)}; Path=/capacity; Max-Age=${365 * 24 * 3600}; SameSite=Lax`;
  }, [serviceId]);
  return null;
}
