import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { listRegistrationReviews } from "@/lib/arrivals/list-registration-reviews";
import { listUndeliverableExpectedPatients } from "@/lib/outbox/hl7-outbox";
import { formatBirthDate } from "@/lib/format";
import { formatNhsNumber } from "@/lib/nhs/nhs-number";
import { formatLondonDateTime } from "@/lib/time/london";
import { ResolveRegistrationForm, RetryExpectedPatientForm } from "@/components/arrivals/EdRecordForms";

export const metadata: Metadata = { title: "ED record: registrations to check" };
export const dynamic = "force-dynamic";

const REASON: Record<string, string> = {
  "multiple-candidates": "More than one booking could be this patient",
  "nhs-number-invalid": "The NHS number from the ED record is not valid",
  "demographics-disagree": "The details do not agree",
  "demographics-incomplete": "Not enough details agree to be sure",
};

const formatNhs = (n: string | null) => (n ? (/^\d{10}$/.test(n) ? formatNhsNumber(n) : n) : "not given");

export default async function EdRecordPage() {
  const staff = await requirePageRole(["clerk", "clinician"]);
  const [reviews, undeliverable] = await Promise.all([listRegistrationReviews(staff), listUndeliverableExpectedPatients(staff)]);
  return (
    <>
      <p className="mb-4">
        <Link href="/arrivals">Back to expected arrivals</Link>
      </p>
      <h1>ED record: registrations to check</h1>
      <p className="mb-6 max-w-3xl">
        Reception registered these patients in the ED record, but we could not be sure which 111 booking each one is, so none was marked as arrived. Check the patient against the bookings listed, mark the right booking as arrived on its page, then mark the registration here as dealt with.
      </p>
      <section aria-labelledby="reviews-h">
        <h2 id="reviews-h">To check ({reviews.length})</h2>
        {reviews.length === 0 ? (
          <p className="bg-white p-4">Nothing to check.</p>
        ) : (
          <ul className="space-y-4">
            {reviews.map((r) => (
              <li key={r.id} className="border-l-8 border-nhs-warm-yellow bg-white p-4">
                <h3>{r.patientName || "No name given"}</h3>
                <p>
                  Born {r.patientBirthDate ? formatBirthDate(r.patientBirthDate) : "not given"} · NHS number {formatNhs(r.patientNhsNumber)} · registered {r.registeredAt ? formatLondonDateTime(r.registeredAt) : "(no time given)"}
                </p>
                <p className="my-2 font-bold">{REASON[r.reason] ?? r.reason}</p>
                <p>{r.message}</p>
                {r.bookings.length > 0 && (
                  <>
                    <p className="mt-2">Bookings to compare:</p>
                    <ul className="list-disc pl-6">
                      {r.bookings.map((b) => (
                        <li key={b.id}>
                          <Link href={`/arrivals/${b.id}`}>
                            {b.patient.given} {b.patient.family}
                          </Link>
                          , born {formatBirthDate(b.patient.birthDate)}, NHS number {formatNhs(b.patient.nhsNumber)}, due {formatLondonDateTime(b.start)}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <ResolveRegistrationForm reviewId={r.id} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="undeliverable-h" className="mt-8">
        <h2 id="undeliverable-h">Expected patients the ED record did not accept ({undeliverable.length})</h2>
        <p className="mb-4 max-w-3xl">The ED record&apos;s board may not show these patients. Tell reception, and send again once the ED record&apos;s interface is working.</p>
        {undeliverable.length === 0 ? (
          <p className="bg-white p-4">None.</p>
        ) : (
          <ul className="space-y-3">
            {undeliverable.map((m) => (
              <li key={m.id} className="border-l-8 border-nhs-red bg-white p-3">
                {m.booking ? (
                  <Link href={`/arrivals/${m.booking.id}`} className="font-bold">
                    {m.booking.patient.given} {m.booking.patient.family}
                  </Link>
                ) : (
                  "Booking not found"
                )}{" "}
                · {m.messageType} · {m.attempts} attempt{m.attempts === 1 ? "" : "s"} · {m.lastError}
                <RetryExpectedPatientForm messageId={m.id} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
