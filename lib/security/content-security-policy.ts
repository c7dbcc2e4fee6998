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
