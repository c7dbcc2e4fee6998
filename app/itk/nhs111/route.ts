import { handleItkRequest } from "@/lib/doors/itk/itk-http";
import { setNonPageSecurityHeaders } from "@/lib/security/content-security-policy";

export const dynamic = "force-dynamic";

/** NHS 111 reports over ITK 2.2 (SOAP). See lib/doors/itk/itk-http.ts. */
export const POST = handleItkRequest;

export function GET(req: Request) {
  const headers = new Headers({ Allow: "POST", "Content-Type": "text/plain; charset=utf-8" });
  setNonPageSecurityHeaders(headers, req.headers.get("x-forwarded-proto"));
  return new Response("Send NHS 111 reports here with an ITK SOAP POST.", { status: 405, headers });
}
