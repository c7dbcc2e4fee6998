import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageRole } from "@/lib/auth/guard";
import { viewBooking } from "@/lib/arrivals/view-booking";
import { ageAgainstService, deadlineText, isChild, statusWords, summaryChangeText } from "@/lib/arrivals/board-text";
import { describeChangedParts } from "@/lib/clinical/changed-parts";
import { DOCUMENT_STATE_TEXT, type DocumentState } from "@/lib/clinical/store/document-states";
import { OUTCOME_TEXT } from "@/lib/arrivals/contact-tasks";
import { NotFound } from "@/lib/errors";
import { ageOn, describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDateTime, formatLondonEnd, formatLondonTimeOn, londonParts, londonToday } from "@/lib/time/london";
import { BookingActions } from "@/components/arrivals/BookingActions";
import { SafeguardingPanel } from "@/components/arrivals/SafeguardingPanel";
import { safeguardingOfBooking } from "@/lib/outbox/bars-feedback-outbox";
import { AttachSummaryForm } from "@/components/arrivals/AttachSummaryForm";
import { chaseText } from "@/lib/arrivals/summary-chase";
import { openOtherRouteSummary, OTHER_ROUTE_TYPES } from "@/lib/arrivals/other-route-summary";
import { ClinicalSummary } from "@/components/clinical/ClinicalSummary";
import { ReportFlags } from "@/components/clinical/ReportFlags";
import { Notice } from "@/components/ui/Notice";
import { SamePatientSection } from "@/components/arrivals/SamePatientSection";
import { loadSamePatient } from "@/lib/arrivals/same-patient";
import { now as clockNow } from "@/lib/time/clock";

export const metadata: Metadata = { title: "Booking" };
export const dynamic = "force-dynamic";

type View = Awaited<ReturnType<typeof viewBooking>>;

export default async function BookingPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ document?: string }> }) {
  const staff = await requirePageRole(["clinician", "clerk"]);
  const { id } = await params;
  const { document } = await searchParams;
  let b: View;
  try {
    b = await viewBooking(id, staff, { documentRecordId: document ?? null });
  } catch (e) {
    if (e instanceof NotFound) notFound();
    throw e;
  }
  const now = clockNow();
  const safeguarding = await safeguardingOfBooking(b.id, staff);
  const today = londonToday(now);
  const samePatient = await loadSamePatient(b.id, staff, now);
  const nhs = describeNhsNumber(b.patient.nhsNumber, b.patient.nhsNumberStatus);
  const age = ageOn(b.patient.birthDate, londonParts(b.start).date);
  const site = b.service.site;
  const isClinician = staff.role === "clinician";
  return (
    <>
      <p className="mb-4">
        <Link href="/arrivals">Back to expected arrivals</Link>
      </p>
      <section aria-labelledby="banner" className="mb-6 bg-nhs-dark-blue p-4 text-white">
        <h1 id="banner" className="mb-1 text-white">
          {b.patient.prefix ? `${b.patient.prefix} ` : ""}
          {b.patient.given} {b.patient.family.toUpperCase()}
        </h1>
        <p>
          Born {formatBirthDate(b.patient.birthDate)}
          {age !== null ? ` (${age} years)` : ""} · {GENDER_LABEL[b.patient.gender] ?? b.patient.gender} · NHS number {nhs.text} <strong>({nhs.note})</strong>
        </p>
      </section>
      <StatusNotice b={b} age={age} today={today} />
      <DeadlineNotice b={b} today={today} />
      <SamePatientSection bookingId={b.id} me={b.patient} items={samePatient} today={today} />
      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="booking-h" className="bg-white p-4">
          <h2 id="booking-h">Booking</h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
            <dt className="font-bold">Arrival time</dt>
            <dd>
              {formatLondonDateTime(b.start)} to {formatLondonEnd(b.end, b.start, today)}
              <div className="text-sm">An arrival time, not an appointment: the patient is triaged on arrival.</div>
            </dd>
            <dt className="font-bold">Status</dt>
            <dd>{statusWords(b.boardStatus, age)}</dd>
            <dt className="font-bold">111 deadline</dt>
            <dd>{b.deadline.dueAt ? formatLondonDateTime(new Date(b.deadline.dueAt)) : "Not known: 111 sent no timeframe, or its report has not arrived"}</dd>
            {b.description !== null && (
              <>
                <dt className="font-bold">Reason for the call</dt>
                <dd>{b.description}</dd>
              </>
            )}
            <dt className="font-bold">Service</dt>
            <dd>
              {b.service.name}, {site.name}
              <div className="text-sm">{[site.addressLine1, site.addressLine2, site.town, site.postcode].filter(Boolean).join(", ")}</div>
              <div className={`text-sm ${isChild(age) ? "font-bold" : ""}`}>{ageAgainstService(age, b.service.name)}</div>
            </dd>
            <dt className="font-bold">Booked by</dt>
            <dd>
              {b.bookingOrg ?? "Not known"}
              {b.bookingOrgOds && b.bookingOrg !== b.bookingOrgOds ? ` (${b.bookingOrgOds})` : ""}
            </dd>
            <dt className="font-bold">Booked at</dt>
            <dd>{formatLondonDateTime(b.createdAt)}</dd>
            {b.otherOrgAccess.length > 0 && (
              <>
                <dt className="font-bold">Other organisations</dt>
                <dd>
                  <ul data-testid="other-org-access">
                    {b.otherOrgAccess.map((o, i) => (
                      <li key={i}>
                        {o.refused ? "Refused: " : ""}
                        {o.interaction === "cancel" ? "Cancelled" : "Looked at"} by {o.org}, not the organisation that booked, {formatLondonDateTime(o.at)}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </section>
        <ContactSection b={b} />
      </div>
      <section aria-labelledby="summary-h" className="mt-6 bg-white p-4">
        <h2 id="summary-h">111 clinical summary</h2>
        <SummarySection b={b} isClinician={isClinician} today={today} />
        <OtherRouteSection b={b} isClinician={isClinician} staff={staff} />
      </section>
      <SafeguardingPanel s={safeguarding} />
      <section aria-labelledby="actions-h" className="mt-6">
        <h2 id="actions-h">Actions</h2>
        <BookingActions
          bookingId={b.id}
          workflowVersion={b.workflowVersion}
          fhirVersion={b.fhirVersion}
          status={b.boardStatus}
          dnaAllowed={now >= b.dnaAllowedFrom}
          dnaAllowedFromText={formatLondonTimeOn(b.dnaAllowedFrom, today)}
          child={isChild(age)}
          dnaReviewNeeded={b.boardStatus === "did-not-attend" && !b.dnaReview}
          isClinician={isClinician}
          feedbackTo={safeguarding.offer && b.boardStatus === "did-not-attend" && !b.dnaReview ? (safeguarding.to ?? "the referring 111 service") : null}
        />
      </section>
      <section aria-labelledby="notes-h" className="mt-6 bg-white p-4">
        <h2 id="notes-h">Notes</h2>
        {b.notes.length === 0 ? (
          <p>No notes.</p>
        ) : (
          <ul className="space-y-2">
            {b.notes.map((n) => (
              <li key={n.id} className="border-l-4 border-nhs-grey-3 pl-3">
                <p className="whitespace-pre-wrap">{n.text}</p>
                <p className="text-sm text-nhs-grey-1">
                  {n.author}, {formatLondonDateTime(n.at)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {b.tasks.length > 0 && (
        <section aria-labelledby="tasks-h" className="mt-6 bg-white p-4">
          <h2 id="tasks-h">Contact tasks</h2>
          <ul className="space-y-2">
            {b.tasks.map((t) => (
              <li key={t.id}>
                {t.status === "open" ? <strong>Open: </strong> : "Done: "}
                {t.reason} ({formatLondonDateTime(t.createdAt)})
                {t.outcome ? ` Outcome: ${OUTCOME_TEXT[t.outcome] ?? t.outcome}.` : ""} <Link href="/tasks">Contact tasks</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="history-h" className="mt-6 bg-white p-4">
        <h2 id="history-h">Booking history</h2>
        <ol className="list-decimal pl-6">
          {b.history.map((h) => (
            <li key={h.versionId}>
              Version {h.versionId}: {h.status === "booked" ? "booked" : h.status} at {formatLondonDateTime(h.at)} by {h.changedByName}
            </li>
          ))}
          {b.arrivedAt && (
            <li className="list-none">
              ED: arrived at {formatLondonDateTime(b.arrivedAt)}
              {b.arrivalSource === "ed-record" ? ", registered by reception in the ED record" : b.arrivalSource === "both" ? ", marked here and registered in the ED record" : ""}
            </li>
          )}
          {b.registeredAt && b.arrivedAt && b.registeredAt.getTime() !== b.arrivedAt.getTime() && <li className="list-none">ED record: registered at {formatLondonDateTime(b.registeredAt)}</li>}
          {b.departedAt && <li className="list-none">ED record: left the department at {formatLondonDateTime(b.departedAt)}</li>}
          {b.dnaAt && (
            <li className="list-none">
              ED: {statusWords("did-not-attend", age).toLowerCase()}, recorded {formatLondonDateTime(b.dnaAt)}
            </li>
          )}
        </ol>
      </section>
    </>
  );
}

/** 111's deadline being missed is said at the top of the page, not left in a table cell. */
function DeadlineNotice({ b, today }: { b: View; today: string }) {
  const warnings = deadlineText({ status: b.boardStatus, due: b.deadline }, today).filter((t) => !t.startsWith("111 deadline"));
  if (warnings.length === 0) return null;
  return (
    <Notice tone="danger" title={b.deadline.overdue ? "Overdue: not arrived" : "Booked later than 111's deadline"}>
      {warnings.join(". ")}. 111 asked for the patient to be seen by {b.deadline.dueAt ? formatLondonTimeOn(new Date(b.deadline.dueAt), today) : "a time it did not give"}.
    </Notice>
  );
}

function StatusNotice({ b, age, today }: { b: View; age: number | null; today: string }) {
  if (b.boardStatus === "arrived-then-cancelled") {
    return (
      <Notice tone="warning" title={`Arrived, then cancelled by 111${b.cancelledAt ? ` at ${formatLondonDateTime(b.cancelledAt)}` : ""}`}>
        The patient arrived{b.arrivedAt ? ` at ${formatLondonDateTime(b.arrivedAt)}` : ""} and is in the department. 111 cancelled the booking afterwards
        {b.cancelReason ? ` (reason: ${b.cancelReason})` : ""}. Their 111 summary stays here for the clinicians treating them.
      </Notice>
    );
  }
  if (b.status === "cancelled") {
    return (
      <Notice tone="danger" title="This booking was cancelled">
        Cancelled {b.cancelledAt ? formatLondonDateTime(b.cancelledAt) : ""} by {b.cancelledBy === "ed" ? "the ED" : b.cancelledByOtherOrg ? `${b.cancelledByOtherOrg}, not the organisation that booked` : "the booking 111 service"}
        {b.cancelReason ? `. Reason: ${b.cancelReason}` : ""}.
      </Notice>
    );
  }
  if (b.boardStatus === "arrived" && b.arrivedAt) return <Notice tone="success" title={`Arrived at ${formatLondonTimeOn(b.arrivedAt, today)}`}>The patient is here.</Notice>;
  if (b.boardStatus === "did-not-attend") {
    return (
      <Notice tone="warning" title={statusWords("did-not-attend", age)}>
        Recorded {b.dnaAt ? formatLondonDateTime(b.dnaAt) : ""}. {b.dnaReview ? `Reviewed by ${b.dnaReview.by}, ${formatLondonDateTime(b.dnaReview.at)}: ${b.dnaReview.note ?? ""}` : "Waiting for a clinician's review."}
      </Notice>
    );
  }
  return null;
}

function ContactSection({ b }: { b: View }) {
  const p = b.patient;
  return (
    <section aria-labelledby="contact-h" className="bg-white p-4">
      <h2 id="contact-h">Contact</h2>
      {p.contacts.length === 0 ? (
        <p className="font-bold">No phone number was sent by 111.</p>
      ) : (
        <table className="mb-3 w-full border-collapse text-left text-sm">
          <caption className="sr-only">Phone numbers, the one to ring first at the top</caption>
          <thead>
            <tr className="border-b border-nhs-grey-3">
              <th scope="col" className="py-1 pr-2">Who</th>
              <th scope="col" className="py-1 pr-2">Number</th>
              <th scope="col" className="py-1">Order</th>
            </tr>
          </thead>
          <tbody>
            {p.contacts.map((c, i) => (
              <tr key={i} className="border-b border-nhs-grey-4 align-top">
                <td className="py-1 pr-2">
                  {c.who}
                  {c.relationship ? ` (${c.relationship})` : ""}
                </td>
                <td className="py-1 pr-2 font-bold">
                  {c.value}
                  {c.use ? <span className="font-normal"> ({c.use})</span> : null}
                </td>
                <td className="py-1">{i === 0 ? "Ring first" : c.rank ? `Rank ${c.rank}` : "Unranked"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
        <dt className="font-bold">Communication</dt>
        <dd>
          {p.communication.length === 0
            ? "No language or interpreter needs sent by 111"
            : p.communication.map((c, i) => (
                <div key={i}>
                  {c.language}
                  {c.preferred ? " (preferred)" : ""}
                  {c.interpreterRequired === true ? <strong>: interpreter needed</strong> : c.interpreterRequired === false ? ": no interpreter needed" : ""}
                </div>
              ))}
        </dd>
        <dt className="font-bold">Address</dt>
        <dd>{p.address ?? "Not sent by 111"}</dd>
        <dt className="font-bold">GP practice</dt>
        <dd>{p.gpPracticeName ? `${p.gpPracticeName}${p.gpPracticeOds ? ` (${p.gpPracticeOds})` : ""}` : p.gpPracticeOds ?? "Not sent by 111"}</dd>
      </dl>
    </section>
  );
}

function SummarySection({ b, isClinician, today }: { b: View; isClinician: boolean; today: string }) {
  const d = b.documents;
  const replacement = d.pendingReplacement;
  const change = b.summaryChange ? summaryChangeText(b.summaryChange) : null;
  const pending = (
    <>
      {change && (
        <Notice tone="danger" title={change.title} role="alert">
          {change.detail}
        </Notice>
      )}
      {replacement && (
        <Notice tone="danger" title="111 sent a changed version of this summary" role="alert">
          Received {formatLondonDateTime(replacement.receivedAt)}.{replacement.parts.length ? ` What changed: ${describeChangedParts(replacement.parts)}.` : ""} The earlier version is shown below
          until a person confirms the new one. <Link href={`/documents/${replacement.recordId}`}>Check and confirm the new version</Link>
        </Notice>
      )}
      {d.pendingReview > (replacement ? 1 : 0) && (
        <Notice tone="warning" title="A 111 report for this booking is being checked">
          A clerk must confirm it belongs to this patient before it is shown here.
        </Notice>
      )}
      <MovedNotice b={b} />
      {d.takenOff.map((t, i) => (
        <Notice key={i} tone="warning" title="A 111 report was taken off this booking">
          {t.by} {t.moved ? "moved it to another booking" : "took it off"} on {formatLondonDateTime(t.at)}: it was not this patient&apos;s. Do not rely on anything read in it.
          {t.reason ? ` Reason given: ${t.reason}` : ""}
        </Notice>
      ))}
    </>
  );
  if (!d.shown) {
    if (d.otherRoute.length > 0) return pending;
    return (
      <>
        {pending}
        {d.chase ? (
          <Notice tone="danger" title={chaseText(d.chase)}>
            It has not arrived {formatLondonDateTime(d.chase.overdueSince)} or since. A task to phone 111 for it is on the contact tasks list. If it came another way (e-mail, post), attach it below.
          </Notice>
        ) : (
          <p className="border-l-4 border-nhs-grey-3 pl-3 font-bold">
            {b.status === "cancelled" ? "No 111 clinical summary arrived for this booking before it was cancelled." : "The 111 clinical summary has not arrived yet. It normally arrives within minutes of the booking."}
          </p>
        )}
      </>
    );
  }
  const earlier = d.versions.filter((v) => v.recordId !== d.shown!.recordId);
  if (!isClinician) {
    return (
      <>
        {pending}
        <p>Received {formatLondonDateTime(d.shown.receivedAt)}. The clinical summary is shown to clinicians only.</p>
      </>
    );
  }
  return (
    <>
      {pending}
      {d.shown.state === "superseded" && !d.moved.some((m) => m.recordId === d.shown!.recordId) && (
        <Notice tone="warning" title="You are looking at an earlier version of this report">
          {d.versions.some((v) => v.state === "linked") ? <Link href={`/arrivals/${b.id}`}>Show the current version</Link> : "A newer version arrived and is being checked by a clerk."}
        </Notice>
      )}
      {d.replacedAt && <p className="mb-2 font-bold">Replaced at {formatLondonDateTime(d.replacedAt)}: this report replaced an earlier version, which is kept below.</p>}
      <p className="mb-4 text-sm">
        Received {formatLondonDateTime(d.shown.receivedAt)} ({d.shown.source === "itk" ? "by ITK" : d.shown.source === "bars" ? "as a BaRS referral" : "uploaded by a clerk"}). <a href={`/api/documents/${d.shown.recordId}/download`}>{d.shown.source === "bars" ? "Download the referral as 111 sent it (FHIR JSON)" : "Download the original report (XML)"}</a>
      </p>
      {b.clinical && <ReportFlags document={b.clinical} />}
      {b.clinical && <ClinicalSummary document={b.clinical} booking={{ start: b.start, end: b.end, today }} />}
      {earlier.length > 0 && (
        <div className="mt-6">
          <h3>Other versions of this report</h3>
          <ul className="list-disc pl-6">
            {earlier.map((v) => (
              <li key={v.recordId}>
                Received {formatLondonDateTime(v.receivedAt)}
                {v.supersededAt ? `, replaced ${formatLondonDateTime(v.supersededAt)}` : ""}: <Link href={`/arrivals/${b.id}?document=${v.recordId}`}>view this version</Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** Summaries attached because they came another way (HAZ-072): HTML shown only as text, PDF only as a download. */
async function OtherRouteSection({ b, isClinician, staff }: { b: View; isClinician: boolean; staff: Parameters<typeof openOtherRouteSummary>[1] }) {
  const list = b.documents.otherRoute;
  const texts = new Map<string, string>();
  if (isClinician) {
    for (const o of list) if (o.mediaType === "text/html") texts.set(o.id, (await openOtherRouteSummary(o.id, staff, b.id)).text ?? "");
  }
  return (
    <>
      {list.map((o) => (
        <div key={o.id} className="mt-4 border-l-8 border-nhs-warm-yellow bg-white p-3">
          <h3>111 summary received by another route</h3>
          <p>
            {OTHER_ROUTE_TYPES[o.mediaType]} file, {Math.max(1, Math.round(o.sizeBytes / 1024))} KB. How it came: {o.receivedHow}. Attached by {o.uploadedByName}, {formatLondonDateTime(o.uploadedAt)}.
          </p>
          <p className="font-bold">It was not sent by ITK, so allergies and safeguarding are not read from it onto the board: read it.</p>
          {!isClinician ? (
            <p>The summary is shown to clinicians only.</p>
          ) : (
            <>
              {texts.has(o.id) && <div className="mt-2 max-h-[40rem] overflow-auto border border-nhs-grey-3 p-3 whitespace-pre-wrap">{texts.get(o.id)}</div>}
              <p className="mt-2">
                <a href={`/api/arrivals/${b.id}/summaries/${o.id}`}>{o.mediaType === "application/pdf" ? `Download the PDF (${o.filename})` : "Download as text"}</a>
              </p>
            </>
          )}
        </div>
      ))}
      {b.status === "booked" && <AttachSummaryForm bookingId={b.id} />}
    </>
  );
}

/** A cancelled booking says what became of the 111 report that came with it. */
function MovedNotice({ b }: { b: View }) {
  const moved = b.documents.moved;
  if (moved.length === 0) return null;
  const latest = moved[0];
  const where = latest.nowWith ? (
    <>
      It is now attached to this patient&apos;s other booking, arriving {formatLondonDateTime(latest.nowWith.start)}: <Link href={`/arrivals/${latest.nowWith.bookingId}`}>open that booking</Link>.
    </>
  ) : latest.state === "needs-review" ? (
    <>
      It is waiting for a person to check whether the patient is still coming: <Link href={`/documents/${latest.recordId}`}>check the report</Link>.
    </>
  ) : latest.state === "booking-cancelled" ? (
    <>
      It is kept here for the record and listed for checking on <Link href="/documents">the clinical documents page</Link>.
    </>
  ) : (
    <>
      It is now: {DOCUMENT_STATE_TEXT[latest.state as DocumentState] ?? latest.state}. <Link href={`/documents/${latest.recordId}`}>See the report&apos;s record</Link>.
    </>
  );
  return (
    <Notice tone="warning" title="The 111 summary for this booking was moved when the booking was cancelled">
      Received {formatLondonDateTime(latest.receivedAt)} with this booking. {where} It stays readable here, for the record.
    </Notice>
  );
}
