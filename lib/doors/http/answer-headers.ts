import { setNonPageSecurityHeaders } from "../../security/content-security-policy";

/**
 * The headers every answer of a system-to-system door carries, whatever its standard: never cached (answers hold
 * patient data or change with every booking), and the security headers for non-page responses.
 */
export function doorAnswerHeaders(req: Request, init: HeadersInit): Headers {
  const h = new Headers(init);
  h.set("Cache-Control", "no-store");
  setNonPageSecurityHeaders(h, req.headers.get("x-forwarded-proto"));
  return h;
}
