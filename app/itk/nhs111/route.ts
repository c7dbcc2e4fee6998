import { handleItkRequest, itkMethodNotAllowed } from "@/lib/doors/itk/itk-http";

export const dynamic = "force-dynamic";

/** NHS 111 reports over ITK 2.2 (SOAP). See lib/doors/itk/itk-http.ts. */
export const POST = handleItkRequest;

export const GET = itkMethodNotAllowed;
