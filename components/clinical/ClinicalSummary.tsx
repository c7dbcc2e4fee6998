import type { ReactNode } from "react";
import { describeMinutes } from "@/lib/clinical/cda/disposition";
import type { ClinicalDocument, ClinicalSection } from "@/lib/clinical/cda/types";
import { formatNhsNumber } from "@/lib/nhs/nhs-number";
import { formatLondonDate, formatLondonDateTime, formatLondonEnd, type LondonDate } from "@/lib/time/london";
import { CallDetails } from "./CallDetails";
import { Narrative } from "./Narrative";

/** The booked arrival time, when the report is attached to a booking. */
export interface BookedArrival {
  start: Date;
  end: Date;
  /** The London date the page is read on: the end time carries its day when it is not today. */
  today?: LondonDate;
}

/**
 * The 111 report as a clinician reads it before the patient arrives: why they called, where 111 sent
 * them and how soon, allergies (always said explicitly), then every other section in the order 111 sent.
 * Absence is never shown as reassurance: missing allergies read "Not sent by 111", an unreadable section
 * says so in place.
 */
export function ClinicalSummary({ document: doc, booking = null }: { document: ClinicalDocument; booking?: BookedArrival | null }) {
  const shown = new Set<ClinicalSection>();
  // A leading section keeps the sections nested under it, so their context is not lost.
  const lead = (kind: ClinicalSection["kind"]) => {
    const picked: ClinicalSection[] = [];
    for (const s of doc.sections) {
      if (s.kind !== kind || shown.has(s)) continue;
      for (const f of [s, ...nestedUnder(doc.sections, s)]) {
        if (!shown.has(f)) picked.push(f);
        shown.add(f);
      }
    }
    return picked;
  };
  const reason = lead("reason-for-call");
  const disposition = lead("disposition");
  const allergies = lead("allergies");
  const rest = doc.sections.filter((s) => !shown.has(s));

  return (
    <article className="space-y-6 text-gray-900">
      <Header doc={doc} booking={booking} />
      <CallDetails doc={doc} />
      <Group title="Reason for call">
        {reason.length ? reason.map((s) => <LeadSection key={s.index} section={s} showTitle={reason.length > 1} />) : <NotSent what="reason for call" />}
      </Group>
      <Group title="Disposition">
        <DispositionSummary doc={doc} />
        {disposition.map((s) => (
          <LeadSection key={s.index} section={s} showTitle />
        ))}
      </Group>
      <Group title="Allergies">
        {allergies.length ? (
          allergies.map((s) => (s.kind === "allergies" ? <AllergySection key={s.index} section={s} /> : <LeadSection key={s.index} section={s} showTitle />))
        ) : (
          <NotSent what="allergies">Ask the patient. This report does not say whether they have any allergies.</NotSent>
        )}
      </Group>
      {rest.map((s) => (
        <section key={s.index} className={s.depth > 0 ? "ml-4 border-l-2 border-gray-200 pl-4" : ""}>
          <SectionHeading depth={s.depth}>{s.title ?? "Untitled section"}</SectionHeading>
          <SectionBody section={s} />
        </section>
      ))}
    </article>
  );
}

/** The sections nested under `parent` (they follow it, deeper, in document order). */
function nestedUnder(sections: ClinicalSection[], parent: ClinicalSection): ClinicalSection[] {
  const out: ClinicalSection[] = [];
  for (let i = parent.index + 1; i < sections.length && sections[i].depth > parent.depth; i++) out.push(sections[i]);
  return out;
}

function LeadSection({ section, showTitle }: { section: ClinicalSection; showTitle: boolean }) {
  // Nested sections always carry their own title, so they are not read as part of their parent.
  return (
    <div className={section.depth > 0 ? "ml-4 border-l-2 border-gray-200 pl-4" : ""}>
      <SectionBody section={section} showTitle={showTitle || section.depth > 0} />
    </div>
  );
}

/**
 * 111's own idea of the arrival time (the appointment reference entry) is converted from the report and can differ from
 * the narrative's and from the slot actually booked: it is labelled as 111's, the booked time sits beside it, and a
 * difference is a warning, never silently one or the other.
 */
function Header({ doc, booking }: { doc: ClinicalDocument; booking: BookedArrival | null }) {
  const p = doc.patient;
  const sent = doc.effectiveTime?.instant;
  const reference = doc.appointmentReferences.find((a) => a.start?.instant);
  const reportTime = reference?.start?.instant ?? null;
  const differs = reportTime !== null && booking !== null && Math.floor(reportTime.getTime() / 60_000) !== Math.floor(booking.start.getTime() / 60_000);
  return (
    <header className="space-y-2 border-b border-gray-300 pb-4">
      <h2 className="text-xl font-bold">{doc.title ?? "NHS 111 report"}</h2>
      <p className="text-sm text-gray-700">
        From {doc.sender?.name ?? "an unnamed 111 service"}
        {doc.sender?.odsCode ? ` (${doc.sender.odsCode})` : ""}
        {sent ? `, ${formatLondonDateTime(sent)}` : ""}
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <Field label="Patient">{p?.name?.text ?? "Not sent by 111"}</Field>
        <Field label="NHS number">
          {p?.nhsNumber ? `${formatNhsNumber(p.nhsNumber.value)} (${p.nhsNumber.problem ? "not a valid NHS number" : p.nhsNumber.verification})` : "Not sent by 111"}
        </Field>
        <Field label="Born">{p?.birthDate ? formatLondonDate(p.birthDate) : "Not sent by 111"}</Field>
        <Field label="GP practice">
          {doc.registeredGp ? (doc.registeredGp.unknown ? "Not known to 111" : [doc.registeredGp.name, doc.registeredGp.odsCode].filter(Boolean).join(", ")) : "Not sent by 111"}
        </Field>
        {reportTime && (
          <Field label="Arrival time in 111's report">
            {formatLondonDateTime(reportTime)}
            {reference?.start?.zone === "assumed-london" ? " (111 sent no time zone: read as UK time)" : ""}
          </Field>
        )}
        {booking && (
          <Field label="Booked arrival time">
            {formatLondonDateTime(booking.start)} to {formatLondonEnd(booking.end, booking.start, booking.today ?? null)}
          </Field>
        )}
      </dl>
      <p className="text-sm">An arrival time is not an appointment: the patient is still triaged on arrival and seen in order of clinical need.</p>
      {differs && (
        <div role="alert" className="rounded border-l-4 border-red-600 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p className="font-semibold">The arrival time in 111&apos;s report is not the booked arrival time</p>
          <p>
            The booking says {formatLondonDateTime(booking!.start)}; 111&apos;s report says {formatLondonDateTime(reportTime!)}. The booked time is the one this ED holds. If the patient may have been told
            the other time, phone them or 111.
          </p>
        </div>
      )}
      {doc.warnings.length > 0 && (
        <div role="note" className="rounded border-l-4 border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-semibold">Please check</p>
          <ul className="list-disc pl-5">
            {doc.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </header>
  );
}

function DispositionSummary({ doc }: { doc: ClinicalDocument }) {
  const d = doc.encounter?.disposition;
  if (!d) return <NotSent what="disposition" />;
  return (
    <div className="mb-2">
      <p className="font-semibold">
        {d.displayName ?? "Disposition without wording"}
        {d.code ? ` (${d.code})` : ""}
      </p>
      <p className="text-sm">{d.timeframeMinutes !== null ? `Timeframe: within ${describeMinutes(d.timeframeMinutes)}` : "Timeframe: not stated by 111"}</p>
    </div>
  );
}

const ALLERGY_LABEL = {
  "no-known-allergies": "No known allergies, as recorded by 111",
  recorded: "Allergies recorded by 111",
  "not-recorded": "Not recorded by 111: ask the patient",
} as const;

function AllergySection({ section }: { section: ClinicalSection }) {
  const status = section.allergyStatus ?? "not-recorded";
  return (
    <div className="mb-2">
      <p className={status === "recorded" ? "font-semibold text-red-800" : "font-semibold"}>{ALLERGY_LABEL[status]}</p>
      <SectionBody section={section} />
    </div>
  );
}

function SectionBody({ section, showTitle = false }: { section: ClinicalSection; showTitle?: boolean }) {
  return (
    <div className="mb-2">
      {showTitle && section.title && <p className="text-sm font-semibold text-gray-700">{section.title}</p>}
      {section.problem ? (
        <p role="alert" className="rounded border-l-4 border-red-600 bg-red-50 px-3 py-2 text-sm text-red-900">
          This section could not be read and is not shown. {section.problem}. Ask 111 or the patient for this information.
        </p>
      ) : section.narrative && section.plainText !== "" ? (
        <Narrative narrative={section.narrative} />
      ) : (
        <p className="text-sm italic text-gray-700">111 sent this section empty.</p>
      )}
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="mb-2 text-lg font-bold">{title}</h3>
      {children}
    </section>
  );
}

function SectionHeading({ depth, children }: { depth: number; children: ReactNode }) {
  return depth === 0 ? <h3 className="mb-2 text-lg font-bold">{children}</h3> : <h4 className="mb-1 font-semibold">{children}</h4>;
}

function NotSent({ what, children }: { what: string; children?: ReactNode }) {
  return (
    <p className="rounded border-l-4 border-gray-400 bg-gray-50 px-3 py-2">
      <span className="font-semibold">Not sent by 111</span>
      <span className="sr-only"> ({what})</span>
      {children ? <span className="block text-sm">{children}</span> : null}
    </p>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-semibold">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}
