import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { listDidNotAttendForReview } from "@/lib/arrivals/list-dna-reviews";
import { describeNhsNumber, formatBirthDate } from "@/lib/format";
import { formatLondonDateTime } from "@/lib/time/london";

export const metadata: Metadata = { title: "Did-not-attend and was-not-brought reviews" };
export const dynamic = "force-dynamic";

export default async function DnaReviewPage() {
  const staff = await requirePageRole(["clinician"]);
  const rows = await listDidNotAttendForReview(staff);
  return (
    <>
      <p className="mb-4">
        <Link href="/arrivals">Back to expected arrivals</Link>
      </p>
      <h1>Did-not-attend and was-not-brought reviews</h1>
      <p className="mb-6 max-w-3xl">Patients booked by 111 who did not come. Children are listed first: a child who was not brought may be a safeguarding concern. Open each booking to record your review.</p>
      {rows.length === 0 ? (
        <p className="bg-white p-4">Nothing to review.</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => (
            <li key={r.id} className={`border-l-8 bg-white p-3 ${r.wasNotBrought ? "border-nhs-red" : "border-nhs-grey-3"}`}>
              {r.wasNotBrought && <p className="font-bold text-nhs-dark-red">Was not brought (child under 18)</p>}
              <Link href={`/arrivals/${r.id}`} className="font-bold">
                {r.patient.name}
              </Link>{" "}
              · Born {formatBirthDate(r.patient.birthDate)}
              {r.patient.age !== null ? ` (${r.patient.age})` : ""} · NHS number {describeNhsNumber(r.patient.nhsNumber, r.patient.nhsNumberStatus).text}
              <div className="text-sm">
                Was due {formatLondonDateTime(r.start)} at {r.serviceName}. {r.description}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
