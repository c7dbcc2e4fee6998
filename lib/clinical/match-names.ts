/**
 * How two spellings of a person's name compare, for the document matcher (match-document.ts) only.
 *
 * 111 systems and bookings spell the same name differently ("O'CONNELL HART" and "O'Connell-Hart", "Zoë" and
 * "Zoe", "B" for "Beth"), so an exact comparison sends too much to review; but every tolerance also makes two
 * different people look alike. So a comparison says not just whether the names agree but how: the matcher links
 * on a tolerant or partial agreement only when no other open booking agrees as well.
 */

/** How two names agree, best first. */
export type NameLevel = "exact" | "tolerant" | "first-name" | "initial";

export type NameComparison = { agree: true; level: NameLevel } | { agree: false };

/** Case, accents, spaces and punctuation removed: "O'Connell-Hart" = "oconnell hart", "Zoë" = "zoe". */
export function normaliseName(name: string): string {
  return foldCaseAndAccents(name).replace(/[^\p{L}\p{N}]/gu, "");
}

function foldCaseAndAccents(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Spaces trimmed and runs of spaces made one: layout, not spelling. */
const tidy = (s: string) => s.trim().replace(/\s+/g, " ");

/** The name's parts without case or accents, split at spaces, hyphens, apostrophes and full stops. */
function nameParts(name: string): string[] {
  return foldCaseAndAccents(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Family names: exactly the same, or the same once case, accents, spaces and punctuation are ignored. */
export function compareFamilyNames(a: string, b: string): NameComparison {
  const na = normaliseName(a);
  if (na === "" || na !== normaliseName(b)) return { agree: false };
  return { agree: true, level: tidy(a) === tidy(b) ? "exact" : "tolerant" };
}

/**
 * Given names. Besides exact and tolerant agreement, two weaker ones: one side gives initials where the other
 * spells the names out ("B" and "Beth", "M. J." and "Mary Jane", "Mary J" and "Mary Jane"), or one side's names
 * begin the other's ("Mary" and "Mary-Jane"). Another order, another middle name or a nickname ("Beth" for
 * "Elizabeth") does not agree: a person decides.
 */
export function compareGivenNames(a: string, b: string): NameComparison {
  const na = normaliseName(a);
  const nb = normaliseName(b);
  if (na === "" || nb === "") return { agree: false };
  if (na === nb) return { agree: true, level: tidy(a) === tidy(b) ? "exact" : "tolerant" };
  const pa = nameParts(a);
  const pb = nameParts(b);
  const [shorter, longer] = pa.length <= pb.length ? [pa, pb] : [pb, pa];
  let byInitial = false;
  for (let i = 0; i < shorter.length; i++) {
    const [x, y] = [shorter[i], longer[i]];
    if (x === y) continue;
    if ((x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y))) {
      byInitial = true;
      continue;
    }
    return { agree: false };
  }
  return { agree: true, level: byInitial ? "initial" : "first-name" };
}
