import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageRole } from "@/lib/auth/guard";
import { viewBooking } from "@/lib/arrivals/view-booking";
import { NotFound } from "@/lib/errors";
import { ageOn, describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDateTime, formatLondonTime, londonToday } from "@/lib/time/london";
import { Notice } from "@/components/ui/Notice";

export const metadata: Metadata = { title: "Booking" };
export const dynamic = "force-dynamic";

export default async function BookingPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requirePageRole(["clinician", "clerk"]);
  const { id } = await params;
  let b;
  try {
    b = await viewBooking(id, staff);
  } catch (e) {
    if (e instanceof NotFound) notFound();
    throw e;
  }
  const nhs = describeNhsNumber(b.patient.nhsNumber, b.patient.nhsNumberStatus);
  const age = ageOn(b.patient.birthDate, londonToday());
  const rank1 = b.patient.telecom.find((t) => t.rank === 1) ?? b.patient.telecom[0];
  const site = b.service.site;
  return (
    <>
      <p className="mb-4">
        <Link href="/arrivals">Back to expected arrivals</Link>
      </p>
      <section aria-labelledby="banner" className="mb-6 bg-nhs-dark-blue p-4 text-white">
        <h1 id="banner" className="mb-1 text-white">
          {b.patient.given} {b.patient.family.toUpperCase()}
        </h1>
        <p>
          Born {formatBirthDate(b.patient.birthDate)}
          {age !== null ? ` (${age} years)` : ""} · {GENDER_LABEL[b.patient.gender] ?? b.patient.gender} · NHS number {nhs.text}{" "}
          <strong>({nhs.note})</strong>
        </p>
      </section>
      {b.status === "cancelled" && (
        <Notice tone="danger" title="This booking was cancelled">
          Cancelled {b.cancelledAt ? formatLondonDateTime(b.cancelledAt) : ""} by {b.cancelledBy === "ed" ? "the ED" : "the booking 111 service"}.
        </Notice>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="booking-h" className="bg-white p-4">
          <h2 id="booking-h">Booking</h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
            <dt className="font-bold">Arrival time</dt>
            <dd>
              {formatLondonDateTime(b.start)} to {formatLondonTime(b.end)}
            </dd>
            <dt className="font-bold">Reason</dt>
            <dd>{b.description}</dd>
            <dt className="font-bold">Service</dt>
            <dd>
              {b.service.name}, {site.name}
              <div className="text-sm">{[site.addressLine1, site.addressLine2, site.town, site.postcode].filter(Boolean).join(", ")}</div>
            </dd>
            <dt className="font-bold">Booked by</dt>
            <dd>{b.bookingOrg ?? "Not known"}</dd>
            <dt className="font-bold">Booked at</dt>
            <dd>{formatLondonDateTime(b.createdAt)}</dd>
          </dl>
        </section>
        <section aria-labelledby="contact-h" className="bg-white p-4">
          <h2 id="contact-h">Contact</h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
            <dt className="font-bold">Main phone number</dt>
            <dd>{rank1?.value ?? "Not sent by 111"}</dd>
            <dt className="font-bold">GP practice</dt>
            <dd>{b.patient.gpPracticeName ? `${b.patient.gpPracticeName}${b.patient.gpPracticeOds ? ` (${b.patient.gpPracticeOds})` : ""}` : "Not sent by 111"}</dd>
          </dl>
        </section>
      </div>
      <section aria-labelledby="history-h" className="mt-6 bg-white p-4">
        <h2 id="history-h">History</h2>
        <ol className="list-decimal pl-6">
          {b.history.map((h) => (
            <li key={h.versionId}>
              Version {h.versionId}: {h.status} at {formatLondonDateTime(h.at)} ({h.changedBy === "consumer" ? "by 111" : h.changedBy === "staff" ? "by ED staff" : h.changedBy})
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
