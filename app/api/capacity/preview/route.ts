import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { previewWhat111Sees } from "@/lib/capacity/preview-what-111-sees";
import { now as clockNow } from "@/lib/time/clock";

export const dynamic = "force-dynamic";

/** "What 111 sees now" for one organisation: the same answer the FHIR slot search gives it. */
export const GET = withStaff(["clerk", "admin"], async (req) => {
  const params = new URL(req.url).searchParams;
  const ods = (params.get("ods") ?? "").trim().toUpperCase();
  if (ods && !/^[A-Z0-9]{3,6}$/.test(ods)) {
    return NextResponse.json({ error: "ODS code must be 3 to 6 letters or numbers, like NR3", fields: { ods: "ODS code must be 3 to 6 letters or numbers, like NR3" } }, { status: 400 });
  }
  const preview = await previewWhat111Sees({ serviceId: params.get("service") ?? "", odsCode: ods || null, dosId: params.get("dos") });
  return NextResponse.json({ fetchedAt: clockNow().toISOString(), preview });
});
