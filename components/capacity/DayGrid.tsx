"use client";

import { useState } from "react";
import { blockSlotAction, releaseSlotAction, setBandPlacesAction, suspendAction } from "@/app/(staff)/capacity/actions";
import type { BandView, CapacityDayView, PlaceView } from "@/lib/capacity/capacity-day-view";
import { addDays, formatLondonDate, formatLondonTime } from "@/lib/time/london";
import { Button } from "@/components/ui/Button";
import { FormOutcome, useBoard, useCapacityAction } from "./board";
import { Field } from "./fields";

const STATE_LABEL: Record<PlaceView["state"], string> = { free: "Free", booked: "Booked", blocked: "Blocked", suspended: "Suspended" };

function SuspendBand({ band }: { band: BandView }) {
  const { serviceId, date } = useBoard();
  const [state, action, pending] = useCapacityAction(suspendAction, `Bookings already made for ${band.label}`);
  const prefix = `band-suspend-${band.key}`;
  const endsNextDay = band.endTime === "24:00";
  return (
    <form key={state.at ?? 0} action={action} noValidate className="mb-4">
      <FormOutcome state={state} prefix={prefix} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <input type="hidden" name="period" value="custom" />
      <input type="hidden" name="startDate" value={date} />
      <input type="hidden" name="startTime" value={band.startTime} />
      <input type="hidden" name="endDate" value={endsNextDay ? addDays(date, 1) : date} />
      <input type="hidden" name="endTime" value={endsNextDay ? "00:00" : band.endTime} />
      <Field
        prefix={prefix}
        name="reason"
        label={`Reason for suspending ${band.label}`}
        error={state.ok ? undefined : (state.fields?.reason ?? state.fields?.endTime)}
        defaultValue={state.ok ? "" : state.values?.reason}
        inputClassName="w-full max-w-md"
      />
      <Button type="submit" variant="warning" disabled={pending}>
        Suspend {band.label}
      </Button>
    </form>
  );
}

function BandPlaces({ band }: { band: BandView }) {
  const { serviceId, date } = useBoard();
  const [state, action, pending] = useCapacityAction(setBandPlacesAction, `Bookings in places withdrawn for ${band.label}`);
  const prefix = `band-places-${band.key}`;
  const f = state.ok ? {} : (state.fields ?? {});
  return (
    <form key={state.at ?? 0} action={action} noValidate className="mb-4">
      <FormOutcome state={state} prefix={prefix} />
      <input type="hidden" name="serviceId" value={serviceId} />
      <input type="hidden" name="date" value={date} />
      <input type="hidden" name="startTime" value={band.startTime} />
      <input type="hidden" name="endTime" value={band.endTime} />
      <input type="hidden" name="version" value={band.bandOverride?.version ?? ""} />
      <div className="flex flex-wrap gap-x-6">
        <Field
          prefix={prefix}
          name="perSlot"
          label="Places per slot time"
          hint={`Now ${band.placesPerSlotTime}. Enter 0 to take no bookings in this hour.`}
          inputMode="numeric"
          defaultValue={state.ok ? String(band.placesPerSlotTime) : (state.values?.perSlot ?? String(band.placesPerSlotTime))}
          error={f.perSlot}
          inputClassName="w-20"
        />
        <Field prefix={prefix} name="reason" label="Reason for changing the places" error={f.reason} defaultValue={state.ok ? "" : state.values?.reason} inputClassName="w-72" />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Change places for {band.label}
      </Button>
    </form>
  );
}

function PlaceRow({ place }: { place: PlaceView }) {
  const [blockState, block, blocking] = useCapacityAction(blockSlotAction, "Bookings caught by blocking this place");
  const [releaseState, release, releasing] = useCapacityAction(releaseSlotAction);
  const time = formatLondonTime(new Date(place.start));
  const name = `${time} place ${place.place}`;
  const prefix = `place-${place.id}`;
  return (
    <tr className="border-b border-nhs-grey-4 align-top">
      <th scope="row" className="p-1 text-left font-normal">
        {name}
      </th>
      <td className="p-1">
        {STATE_LABEL[place.state]}
        {place.blockedReason ? <div className="text-sm">Reason: {place.blockedReason}</div> : null}
      </td>
      <td className="p-1">
        {place.past ? (
          "Already started"
        ) : place.state === "blocked" ? (
          <form action={release}>
            <FormOutcome state={releaseState} prefix={`${prefix}-release`} />
            <input type="hidden" name="slotId" value={place.id} />
            <input type="hidden" name="version" value={place.version} />
            <Button type="submit" variant="secondary" disabled={releasing}>
              Release<span className="sr-only"> {name}</span>
            </Button>
          </form>
        ) : place.state === "booked" ? (
          "Booked places cannot be blocked"
        ) : (
          <form key={blockState.at ?? 0} action={block} noValidate className="flex flex-wrap items-end gap-2">
            <FormOutcome state={blockState} prefix={prefix} />
            <input type="hidden" name="slotId" value={place.id} />
            <input type="hidden" name="version" value={place.version} />
            <Field
              prefix={prefix}
              name="reason"
              label={`Reason for blocking ${name}`}
              className="mb-0"
              inputClassName="w-56"
              error={blockState.ok ? undefined : blockState.fields?.reason}
              defaultValue={blockState.ok ? "" : blockState.values?.reason}
            />
            <Button type="submit" variant="secondary" disabled={blocking}>
              Block<span className="sr-only"> {name}</span>
            </Button>
          </form>
        )}
      </td>
    </tr>
  );
}

function BandRow({ band, past }: { band: BandView; past: boolean }) {
  // The forms are rendered only while open: a day has hundreds of places.
  const [open, setOpen] = useState(false);
  return (
    <tr className="border-b border-nhs-grey-4 align-top">
      <th scope="row" className="p-2 text-left whitespace-nowrap">
        {band.label}
      </th>
      <td className="p-2 text-right">{band.free}</td>
      <td className="p-2 text-right">{band.booked}</td>
      <td className="p-2 text-right">{band.blocked}</td>
      <td className="p-2 text-right">{band.suspended}</td>
      <td className="p-2 text-right">
        {band.placesPerSlotTime}
        {band.bandOverride ? <div className="text-sm">Changed: {band.bandOverride.reason}</div> : null}
      </td>
      <td className="p-2">
        {past ? (
          <span className="text-nhs-grey-1">Past</span>
        ) : (
          <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
            <summary className="cursor-pointer font-bold text-nhs-blue underline">Change {band.label}</summary>
            {open && (
            <div className="mt-2 border-l-4 border-nhs-grey-3 pl-3">
              <SuspendBand band={band} />
              <BandPlaces band={band} />
              <table className="w-full border-collapse text-left">
                <caption className="text-left font-bold">Places from {band.label}</caption>
                <thead>
                  <tr className="border-b border-nhs-grey-3">
                    <th scope="col" className="p-1">
                      Place
                    </th>
                    <th scope="col" className="p-1">
                      State
                    </th>
                    <th scope="col" className="p-1">
                      Change
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {band.places.map((p) => (
                    <PlaceRow key={p.id} place={p} />
                  ))}
                </tbody>
              </table>
            </div>
            )}
          </details>
        )}
      </td>
    </tr>
  );
}

/** Places for the chosen day, one row per London hour (two rows for 01:00 on the night the clocks go back). */
export function DayGrid({ view, now }: { view: CapacityDayView; now: number }) {
  const { totals } = view;
  return (
    <section aria-labelledby="grid-title" className="mb-8">
      <h2 id="grid-title">Arrival places on {formatLondonDate(view.date)}</h2>
      <p className="mb-2">
        Free {totals.free}, booked {totals.booked}, blocked {totals.blocked}, suspended {totals.suspended}. &ldquo;Free&rdquo; places are offered to 111 unless a limit
        below holds them back.
      </p>
      {view.dateOverride && (
        <p className="mb-2 border-l-8 border-nhs-warm-yellow bg-nhs-pale-yellow p-2">
          <strong>Changed for this date:</strong>{" "}
          {view.dateOverride.kind === "closed" ? "closed all day" : `open ${view.dateOverride.startTime} to ${view.dateOverride.endTime} only`} ({view.dateOverride.reason})
        </p>
      )}
      {view.bands.length === 0 ? (
        <p>There are no arrival places on this date. Add a weekly rule to publish some.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">Arrival places per hour on {formatLondonDate(view.date)}</caption>
            <thead>
              <tr className="border-b-2 border-nhs-grey-3">
                <th scope="col" className="p-2">
                  Time
                </th>
                <th scope="col" className="p-2 text-right">
                  Free
                </th>
                <th scope="col" className="p-2 text-right">
                  Booked
                </th>
                <th scope="col" className="p-2 text-right">
                  Blocked
                </th>
                <th scope="col" className="p-2 text-right">
                  Suspended
                </th>
                <th scope="col" className="p-2 text-right">
                  Places per slot time
                </th>
                <th scope="col" className="p-2">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {view.bands.map((b) => {
                const lastStart = b.places.reduce((m, p) => Math.max(m, Date.parse(p.start)), 0);
                return <BandRow key={b.key} band={b} past={lastStart < now} />;
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
