/**
 * BaRS Application 1 use cases (CodeSystem usecases-categories-bars): which a service accepts, by the kind of
 * service it is. Codes compare case-insensitively and both system spellings are read (§12 D12); the display
 * names are never shown to users.
 */
export const USE_CASE_SYSTEM = "https://fhir.nhs.uk/CodeSystem/usecases-categories-bars";
const USE_CASE_SYSTEMS = new Set([USE_CASE_SYSTEM.toLowerCase(), "https://fhir.nhs.uk/codesystem/usecase-categories-bars"]);

export const APP1_USE_CASES: Record<string, string> = {
  a1t1: "111 to ED", a1t2: "111 to UTC", a1t3: "IUC CAS to ED", a1t4: "IUC CAS to UTC", a1t5: "999 to ED", a1t6: "999 to UTC",
  a1t7: "111 to SDEC", a1t8: "IUC CAS to SDEC", a1t9: "999 to SDEC", a1t10: "111 to UEC", a1t11: "IUC CAS to UEC", a1t12: "999 to UEC",
};

const BY_KIND: Record<string, string[]> = {
  ED: ["a1t1", "a1t3", "a1t5"],
  UTC: ["a1t2", "a1t4", "a1t6"],
  SDEC: ["a1t7", "a1t8", "a1t9"],
};

export function offeredUseCases(kind: string): string[] {
  return BY_KIND[kind] ?? ["a1t10", "a1t11", "a1t12"];
}

export function isUseCaseSystem(system: unknown): boolean {
  return typeof system === "string" && USE_CASE_SYSTEMS.has(system.trim().toLowerCase());
}

/** The use-case codes among these codings, lower-cased. */
export function codesOfUseCase(codings: readonly Record<string, unknown>[]): string[] {
  return codings.filter((c) => isUseCaseSystem(c.system) && typeof c.code === "string").map((c) => (c.code as string).trim().toLowerCase());
}
