import { handleItkRequest } from "@/lib/clinical/itk-http";

export const dynamic = "force-dynamic";

/** NHS 111 reports over ITK 2.2 (SOAP). See lib/clinical/itk-http.ts. */
export const POST = handleItkRequest;

export function GET() {
  return new Response("Send NHS 111 reports here with an ITK SOAP POST.", { status: 405, headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" } });
}
