/**
 * The Content-Security-Policy for staff pages. Scripts run only with this response's nonce (Next.js adds it to
 * its own scripts), so injected markup cannot run script even if it reached a page. Inline styles stay allowed
 * (charts and the framework set style attributes); they cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV !== "production"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** HSTS only when the app is served over https (browsers ignore it otherwise, and it must not pin localhost). */
export function strictTransportSecurity(publicUrl: string | undefined, forwardedProto: string | null): string | null {
  const https = (publicUrl ?? "").startsWith("https://") || forwardedProto === "https";
  return https ? "max-age=31536000; includeSubDomains" : null;
}

/**
 * The policy for everything that is not a page (staff JSON APIs, the FHIR and ITK doors, downloads): nothing may
 * load, run or frame it. Browsers only apply it if such an answer is ever opened as a document.
 */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Adds the non-page policy and, over https, HSTS to an answer's headers (pages get theirs in proxy.ts). */
export function setNonPageSecurityHeaders(headers: Headers, forwardedProto: string | null): void {
  headers.set("Content-Security-Policy", NON_PAGE_CONTENT_SECURITY_POLICY);
  const hsts = strictTransportSecurity(process.env.PUBLIC_URL, forwardedProto);
  if (hsts) headers.set("Strict-Transport-Security", hsts);
}
