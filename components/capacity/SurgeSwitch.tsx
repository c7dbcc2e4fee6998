"use client";

import { useState } from "react";
import { reopenAction, suspendAction } from "@/app/(staff)/capacity/actions";
import type { SuspensionView } from "@/lib/capacity/capacity-day-view";
import { formatLondonDateTime, formatLondonTime, londonParts } from "@/lib/time/london";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { FormOutcome, useBoard, useCapacityAction } from "./board";
import { DateField, Field, TextArea } from "./fields";

type Period = "next-2-hours" | "rest-of-today" | "custom";

const TITLE: Record<Period, string> = {
  "next-2-hours": "Suspend bookings for the next 2 hours",
  "rest-of-today": "Suspend bookings for the rest of today",
  custom: "Suspend bookings for another time",
};

function SuspendForm({ period, onClose }: { period: Period; onClose: () => void }) {
  const { serviceId, serviceName } = useBoard();
  const [state, action, pending] = useCapacityAction(suspendAction, "Bookings already made in the suspended time");
  const now = new Date();
  const p = londonParts(now);
  const reopensAt =
    period === "next-2-hours" ? `at ${formatLondonTime(new Date(now.getTime() + 2 * 3600_000))} (in 2 hours)` : period === "rest-of-today" ? "at midnight" : null;
  const v = state.ok ? {} : (state.values ?? {});
  const f = state.ok ? {} : (state.fields ?? {});
  const prefix = "suspend";
  if (state.ok) {
    // Done: the confirmation only, so the same suspension cannot be made twice by a second press.
    return (
      <div className="mt-3 max-w-2xl border-2 border-nhs-grey-3 bg-white p-4">
        <FormOutcome state={state} prefix={prefix} />
        <Button type="button" variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    );
  }
  return (
    <form key={state.at ?? 0} action={action} noValidate className="mt-3 max-w-2xl border-2 border-nhs-grey-3 bg-white p-4" aria-labelledby="suspend-form-title">
      <h3 id="suspend-form-title">{TITLE[period]}</h3>
      <FormOutcome state={state} prefix={prefix} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <input type="hidden" name="period" value={period} />
      <p className="mb-3">
        From now, 111 will not be offered any arrival time at {serviceName}
        {reopensAt ? ` until bookings reopen automatically ${reopensAt}` : " in the time you choose"}. Nobody already booked loses their time.
      </p>
      <TextArea prefix={prefix} name="reason" label="Reason for suspending bookings" hint="For example: department at full capacity, major incident" error={f.reason} defaultValue={v.reason} />
      {period === "custom" ? (
        <div className="flex flex-wrap gap-x-6">
          <DateField prefix={prefix} name="startDate" label="Start date" defaultValue={v.startDate ?? p.date} values={v} error={f.startDate} />
          <Field prefix={prefix} name="startTime" label="Start time" hint="24-hour clock, like 14:30" defaultValue={v.startTime ?? p.time} error={f.startTime} inputClassName="w-24" />
          <DateField prefix={prefix} name="endDate" label="Reopen date (optional)" defaultValue={v.endDate ?? ""} values={v} error={f.endDate} />
          <Field
            prefix={prefix}
            name="endTime"
            label="Reopen time (optional)"
            hint="Leave both blank to keep bookings suspended until someone reopens them"
            defaultValue={v.endTime ?? ""}
            error={f.endTime}
            inputClassName="w-24"
          />
        </div>
      ) : (
        <Field
          prefix={prefix}
          name="reopenTime"
          label="Reopen at a different time (optional)"
          hint={`24-hour clock, like 16:00. Leave blank to reopen automatically ${reopensAt}.`}
          defaultValue={v.reopenTime ?? ""}
          error={f.reopenTime}
          inputClassName="w-24"
        />
      )}
      {f.reopenTomorrow && (
        <div className="mb-3 border-l-4 border-nhs-red pl-3">
          <p id={`${prefix}-reopenTomorrow-error`} className="font-bold text-nhs-red">
            <span className="sr-only">Error:</span> {f.reopenTomorrow}
          </p>
          <label className="flex items-start gap-2">
            <input id={`${prefix}-reopenTomorrow`} type="checkbox" name="reopenTomorrow" value="yes" className="mt-1 h-5 w-5" aria-describedby={`${prefix}-reopenTomorrow-error`} />
            Yes, keep bookings suspended until then
          </label>
        </div>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="warning" disabled={pending}>
          Suspend bookings
        </Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** The surge switch: one click from the top of the capacity page. */
export function SurgeSwitch({ suspensions }: { suspensions: SuspensionView[] }) {
  const { serviceName } = useBoard();
  const [open, setOpen] = useState<Period | null>(null);
  // Held here, not in the list item: a lifted suspension leaves the list, and its confirmation must stay on screen.
  const [reopenState, reopen, reopening] = useCapacityAction(reopenAction);
  // The last reopen's message is shown only until the next suspension is started, so a green "open again" never
  // sits above a new suspension; what is in force is always the list below, read again after every action.
  const [reopenShownAfter, setReopenShownAfter] = useState(0);
  const buttons: [Period, string, "warning" | "secondary"][] = [
    ["next-2-hours", "Suspend next 2 hours", "warning"],
    ["rest-of-today", "Suspend rest of today", "warning"],
    ["custom", "Suspend for another time", "secondary"],
  ];
  return (
    <section aria-labelledby="surge-title" className="mb-8">
      <h2 id="surge-title">Suspend bookings from 111</h2>
      <Notice tone="warning" title="The Directory of Services still sends 111 patients here">
        Suspending stops 111 booking arrival times at {serviceName}, but the Directory of Services still routes 111 to this service. A service that
        takes 111 patients only by booking then gets no referrals from 111 until bookings reopen.
      </Notice>
      <div className="flex flex-wrap gap-3">
        {buttons.map(([period, label, variant]) => (
          <Button
            key={period}
            type="button"
            variant={variant}
            aria-expanded={open === period}
            aria-controls="suspend-form"
            onClick={() => {
              setReopenShownAfter(reopenState.at ?? 0);
              setOpen(open === period ? null : period);
            }}
          >
            {label}
          </Button>
        ))}
      </div>
      <div id="suspend-form">{open && <SuspendForm key={open} period={open} onClose={() => setOpen(null)} />}</div>
      <div className="mt-4">
        {(reopenState.at ?? 0) > reopenShownAfter && <FormOutcome state={reopenState} prefix="reopen" />}
      </div>
      <SuspensionList suspensions={suspensions} reopen={reopen} reopening={reopening} />
    </section>
  );
}

type FormAction = (form: FormData) => void;

function ReopenButton({ s, action, pending }: { s: SuspensionView; action: FormAction; pending: boolean }) {
  return (
    <form action={action}>
      <input type="hidden" name="suspensionId" value={s.id} />
      <input type="hidden" name="version" value={s.version} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Reopen now<span className="sr-only"> (bookings suspended {s.current ? "since" : "from"} {formatLondonDateTime(new Date(s.startsAt))})</span>
      </Button>
    </form>
  );
}

function SuspensionList({ suspensions, reopen, reopening }: { suspensions: SuspensionView[]; reopen: FormAction; reopening: boolean }) {
  if (suspensions.length === 0) return <p>Bookings are open: there is no suspension now or planned.</p>;
  return (
    <div>
      <h3>Suspensions in force or planned</h3>
      <ul className="space-y-3">
        {suspensions.map((s) => (
          <li key={s.id} className="border-l-8 border-nhs-red bg-white p-3">
            <p className="font-bold">
              {s.current ? "Suspended now" : "Planned"}: from {formatLondonDateTime(new Date(s.startsAt))}{" "}
              {s.endsAt ? `until ${formatLondonDateTime(new Date(s.endsAt))}` : "until someone reopens bookings"}
            </p>
            <p>
              Reason: {s.reason}
              {s.createdBy ? ` (by ${s.createdBy})` : ""}
            </p>
            <ReopenButton s={s} action={reopen} pending={reopening} />
          </li>
        ))}
      </ul>
    </div>
  );
}
