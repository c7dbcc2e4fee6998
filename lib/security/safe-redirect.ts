/**
 * Where to send someone after sign-in: only a path on this site. Browsers read `\` as `/` and drop tabs and new
 * lines inside URLs, so `/\evil.example/x` and `/<TAB>/evil.example/x` become `//evil.example/x`: another site. A
 * value with a backslash, a control character or whitespace anywhere is refused outright, and what is left must
 * still resolve to this origin when a browser parses it.
 */
const PROBE = "https://ed-capacity.invalid";

export function sameOriginPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PROBE);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? fallback : path;
}
