import Link from "next/link";
import { memo } from "react";
import type { BoardRow } from "@/lib/arrivals/load-board";
import { adjustmentsText, allergyText, ageAgainstService, deadlineText, dispositionText, groupByHour, isChild, rowTime, movedText, safeguardingText, statusWords, summaryChangeText, summaryText } from "@/lib/arrivals/board-text";
import { describeNhsNumber, formatBirthDate, GENDER_LABEL } from "@/lib/format";
import { formatLondonDate, type LondonDate } from "@/lib/time/london";

const DOOR_NAME = { bars: "BaRS", uec: "the UEC Booking Standard" } as const;

/**
/**
 * One table, one row group per clock hour, so a screen reader can move hour by hour. Every heading carries its day and
 * each new day opens with a banner, so late in the evening tomorrow's patients are never read as today's. `today` is
 * the server's date (the board's data says when it was read), not the browser's. Clerks get no reason for the call,
 * disposition or flags (HAZ-074): who is coming, when, whether the summary is here, and 111's deadline.
 */
export const BoardTable = memo(function BoardTable({ rows, allRows, seesClinical, today, includesToday = false }: { rows: BoardRow[]; allRows: BoardRow[]; seesClinical: boolean; today: LondonDate; includesToday?: boolean }) {
  if (rows.length === 0) return <p className="bg-white p-4">No bookings match. New bookings appear here automatically.</p>;
  const columns = seesClinical ? 8 : 6;
  const groups = groupByHour(rows, today);
  // Late in the evening the list may hold only tomorrow: say so, rather than leave today's absence to be inferred.
  const noneToday = includesToday && !groups.some((g) => g.date === today);
  return (
    <table className="w-full border-collapse bg-white text-left">
      <caption className="sr-only">Expected arrivals in arrival time order, grouped by hour</caption>
      <thead>
        <tr className="border-b-2 border-nhs-grey-3">
          <th scope="col" className="p-2">Arrival time</th>
          <th scope="col" className="p-2">Patient</th>
          {seesClinical && <th scope="col" className="p-2">Reason</th>}
          <th scope="col" className="p-2">Service and booked by</th>
          <th scope="col" className="p-2">Status</th>
          <th scope="col" className="p-2">111 summary</th>
          <th scope="col" className="p-2">{seesClinical ? "Disposition" : "111 deadline"}</th>
          {seesClinical && <th scope="col" className="p-2">Flags</th>}
        </tr>
      </thead>
      {noneToday && (
        <tbody data-day="today">
          <tr>
            <td colSpan={columns} className="bg-nhs-dark-blue p-2 text-xl font-bold text-white" data-day-banner>
              Today ({formatLondonDate(today)})
            </td>
          </tr>
          <tr>
            <td colSpan={columns} className="p-2">
              No bookings for the rest of today in this list.
            </td>
          </tr>
        </tbody>
      )}
      {groups.map((g) => (
        <tbody key={g.key} data-day={g.date === today ? "today" : g.date}>
          {g.firstOfDay && (
            <tr>
              <td colSpan={columns} className={`p-2 text-xl font-bold ${g.date === today ? "bg-nhs-dark-blue text-white" : "border-t-8 border-nhs-warm-yellow bg-nhs-black text-white"}`} data-day-banner>
                {g.day}
              </td>
            </tr>
          )}
          <tr className="bg-nhs-grey-4">
            <th scope="rowgroup" colSpan={columns} className="p-2 text-left">
              {g.label} <span className="font-normal">({g.rows.length})</span>
            </th>
          </tr>
          {g.rows.map((r) => (
            <BoardRowView key={r.id} r={r} allRows={allRows} seesClinical={seesClinical} today={today} />
          ))}
        </tbody>
      ))}
    </table>
  );
});

function BoardRowView({ r, allRows, seesClinical, today }: { r: BoardRow; allRows: BoardRow[]; seesClinical: boolean; today: LondonDate }) {
  const nhs = describeNhsNumber(r.patient.nhsNumber, r.patient.nhsNumberStatus);
  const highlighted = r.unseen !== null;
  const cancelled = r.status === "cancelled" || r.status === "arrived-then-cancelled";
  const change = r.summaryChange ? summaryChangeText(r.summaryChange) : null;
  const others = r.otherActiveBookings.map((id) => allRows.find((x) => x.id === id));
  return (
    <tr data-booking-id={r.id} data-unseen={r.unseen ?? undefined} data-summary-change={r.summaryChange?.kind} className={`border-b border-nhs-grey-4 align-top ${highlighted ? "border-l-8 border-l-nhs-warm-yellow bg-nhs-pale-yellow" : ""}`}>
      <td className="p-2 font-bold whitespace-nowrap">
        {rowTime(r.start, today)}
        {highlighted && (
          <strong className="mt-1 block w-max border-2 border-nhs-black bg-white px-1 text-sm">
            {r.unseen === "new" ? (cancelled ? "New, cancelled" : "New") : r.summaryChange && !cancelled ? "Summary changed" : cancelled ? "Cancelled" : "Changed"}
            <span className="block font-normal">not opened by you</span>
          </strong>
        )}
      </td>
      <td className="p-2">
        <Link href={`/arrivals/${r.id}`} className="font-bold">
          {r.patient.name}
        </Link>
        <div className="text-sm">
          Born {formatBirthDate(r.patient.birthDate)}
          {r.patient.age !== null ? ` (${r.patient.age})` : ""} · {GENDER_LABEL[r.patient.gender] ?? r.patient.gender}
        </div>
        <div className="text-sm">
          NHS number {nhs.text} <span className={nhs.verified ? "" : "font-bold"}>({nhs.note})</span>
        </div>
        {r.samePatient
          ? r.samePatient.length > 0 && (
              <div className="mt-1 border-l-4 border-nhs-red pl-2 text-sm" data-same-patient>
                <p className="font-bold">Same patient has another active booking</p>
                {r.samePatient.map((o) => {
                  const other = allRows.find((x) => x.id === o.bookingId);
                  return (
                    <p key={o.bookingId}>
                      <Link href={`/arrivals/${o.bookingId}`}>at {rowTime(o.start, today)}</Link>
                      {other?.door ? `, booked through ${DOOR_NAME[other.door]}` : ""}: {o.how === "verified-nhs-number" ? "one patient, NHS number verified on both" : `one patient, confirmed by ${o.by ?? "a member of staff"}`}
                    </p>
                  );
                })}
              </div>
            )
          : r.otherActiveBookings.length > 0 && (
              <p className="mt-1 border-l-4 border-nhs-red pl-2 text-sm font-bold">
                Same patient has another active booking
                {others.filter(Boolean).map((o) => ` at ${rowTime(o!.start, today)}`)}
              </p>
            )}
        {r.possibleSamePatient && r.possibleSamePatient.length > 0 && (
          <p className="mt-1 border-l-4 border-nhs-warm-yellow pl-2 text-sm font-bold" data-possible-same-patient>
            Possibly the same patient as the booking{r.possibleSamePatient.length > 1 ? "s" : ""} at {r.possibleSamePatient.map((o) => rowTime(o.start, today)).join(", ")}: not confirmed.{" "}
            <Link href={`/arrivals/${r.id}#same-patient-h`}>Compare and confirm</Link>
          </p>
        )}
        {!r.openedByAnyone && r.status === "booked" && <p className="text-sm">Not opened by anyone yet</p>}
      </td>
      {seesClinical && <td className="p-2">{r.description}</td>}
      <td className="p-2">
        {r.serviceName}
        <div className="text-sm text-nhs-grey-1">{r.siteName}</div>
        <div className="text-sm">Booked by {r.bookingOrg ?? "not known"}</div>
        <div className={`text-sm ${isChild(r.patient.age) ? "font-bold" : ""}`}>{ageAgainstService(r.patient.age, r.serviceName)}</div>
      </td>
      <td className="p-2">
        <span className={cancelled ? "font-bold text-nhs-dark-red" : "font-bold"}>{statusWords(r.status, r.patient.age)}</span>
        {(r.status === "arrived" || r.status === "arrived-then-cancelled") && r.arrivedAt && <div className="text-sm">arrived at {rowTime(r.arrivedAt, today)}</div>}
        {cancelled && r.cancelledAt && (
          <div className="text-sm">
            {rowTime(r.cancelledAt, today)} by {r.cancelledBy === "ed" ? "the ED" : "111"}
          </div>
        )}
        {movedText(r, today) && <div className="text-sm font-bold">{movedText(r, today)}</div>}
      </td>
      <td className="p-2">
        {summaryText(r, today)}
        {change && (
          <p className="mt-1 border-l-4 border-nhs-red pl-2 text-sm">
            <strong>{change.title}</strong> {change.detail}
          </p>
        )}
      </td>
      <td className="p-2">
        {seesClinical && dispositionText(r)}
        {deadlineText(r, today).map((t) => (
          <p key={t} className={`text-sm ${t.startsWith("111 deadline") ? "" : "mt-1 border-l-4 border-nhs-red pl-2 font-bold"}`}>
            {t}
          </p>
        ))}
      </td>
      {seesClinical && r.flags && (
        <td className="p-2 text-sm">
          <p className={r.flags.allergies === "recorded" ? "font-bold text-nhs-dark-red" : r.flags.allergies === "no-known-allergies" ? "" : "font-bold"}>{allergyText(r.flags.allergies)}</p>
          <p data-flag="safeguarding" className={r.flags.safeguarding === "possible-concern" ? "font-bold text-nhs-dark-red" : ""}>{safeguardingText(r.flags.safeguarding)}</p>
          {adjustmentsText(r.flags) && <p className="font-bold">{adjustmentsText(r.flags)}</p>}
          {r.flags.otherFlags?.map((f) => (
            <p key={f}>{f}</p>
          ))}
        </td>
      )}
    </tr>
  );
}
