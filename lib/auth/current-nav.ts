/**
 * Which navigation entry is the current page: the longest entry that is the path itself or a folder above it, so
 * /admin/audit marks "Audit log" and not "Staff accounts" (/admin), and /arrivals/abc marks "Expected arrivals".
 */
export function currentNavHref(pathname: string, hrefs: readonly string[]): string | null {
  const path = pathname.split(/[?#]/)[0].replace(/\/+$/, "") || "/";
  let best: string | null = null;
  for (const href of hrefs) {
    const h = href.replace(/\/+$/, "") || "/";
    const matches = h === "/" ? path === "/" : path === h || path.startsWith(`${h}/`);
    if (matches && (best === null || h.length > best.length)) best = href;
  }
  return best;
}
