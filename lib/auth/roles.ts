/** Staff roles and what each may open. Safe to import from client components (no server code). */
export const ROLES = ["clerk", "clinician", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABEL: Record<Role, string> = {
  clerk: "ED clerk",
  clinician: "Clinician",
  manager: "Manager",
  admin: "Administrator",
};

export const ROLE_HOME: Record<Role, string> = {
  clerk: "/capacity",
  clinician: "/arrivals",
  manager: "/reports",
  admin: "/admin",
};

/**
 * Which roles may open each staff area. Managers see aggregates only, so never /arrivals (patient data).
 * Admins run accounts, services and consumers, and read reports, but do not see patients' bookings.
 */
export const AREA_ROLES: { prefix: string; roles: readonly Role[] }[] = [
  { prefix: "/admin", roles: ["admin"] },
  { prefix: "/api/admin", roles: ["admin"] },
  { prefix: "/capacity", roles: ["clerk", "admin"] },
  { prefix: "/api/capacity", roles: ["clerk", "admin"] },
  { prefix: "/arrivals", roles: ["clinician", "clerk"] },
  { prefix: "/api/arrivals", roles: ["clinician", "clerk"] },
  { prefix: "/documents", roles: ["clinician", "clerk"] },
  { prefix: "/api/documents", roles: ["clinician", "clerk"] },
  { prefix: "/tasks", roles: ["clinician", "clerk"] },
  { prefix: "/reports", roles: ["manager", "admin"] },
  { prefix: "/api/reports", roles: ["manager", "admin"] },
  { prefix: "/account", roles: ROLES },
  { prefix: "/api/session", roles: ROLES },
  { prefix: "/api/board-watch", roles: ROLES },
];

/** The roles allowed at a path, or null when the path is not a staff area. */
export function rolesForPath(pathname: string): readonly Role[] | null {
  for (const area of AREA_ROLES) {
    if (pathname === area.prefix || pathname.startsWith(area.prefix + "/")) return area.roles;
  }
  return null;
}

export const NAV: { href: string; label: string; roles: readonly Role[] }[] = [
  { href: "/arrivals", label: "Expected arrivals", roles: ["clinician", "clerk"] },
  { href: "/documents", label: "Clinical documents", roles: ["clinician", "clerk"] },
  { href: "/tasks", label: "Contact tasks", roles: ["clinician", "clerk"] },
  { href: "/capacity", label: "Capacity", roles: ["clerk", "admin"] },
  { href: "/reports", label: "Reports", roles: ["manager", "admin"] },
  { href: "/admin", label: "Staff accounts", roles: ["admin"] },
  { href: "/admin/services", label: "Services", roles: ["admin"] },
  { href: "/admin/consumers", label: "111 consumers", roles: ["admin"] },
  { href: "/admin/audit", label: "Audit log", roles: ["admin"] },
];
