"use client";

import { useState } from "react";
import { removeQuotaAction, setCapsAction, setNoticeAction, setQuotaAction } from "@/app/(staff)/capacity/actions";
import type { CapacityDayView } from "@/lib/capacity/capacity-day-view";
import { Button } from "@/components/ui/Button";
import { FormOutcome, useBoard, useCapacityAction } from "./board";
import { Field } from "./fields";

const str = (n: number | null) => (n === null ? "" : String(n));

function CapsForm({ view }: { view: CapacityDayView }) {
  const [state, action, pending] = useCapacityAction(setCapsAction);
  const s = view.service;
  const v = state.ok ? undefined : state.values;
  const f = state.ok ? {} : (state.fields ?? {});
  return (
    <form key={`${state.at ?? 0}-${s.version}`} action={action} noValidate className="bg-white p-4" aria-labelledby="caps-title">
      <h3 id="caps-title">Limits for the whole service</h3>
      <FormOutcome state={state} prefix="caps" />
      <input type="hidden" name="serviceId" value={s.id} />
      <input type="hidden" name="version" value={s.version} />
      <Field prefix="caps" name="capPerHour" label="Limit per hour" hint="Most bookings in one clock hour. Leave blank for no limit." inputMode="numeric" defaultValue={v?.capPerHour ?? str(s.capPerHour)} error={f.capPerHour} inputClassName="w-24" />
      <Field prefix="caps" name="capPerDay" label="Limit per day" hint="Most bookings in one day. Leave blank for no limit." inputMode="numeric" defaultValue={v?.capPerDay ?? str(s.capPerDay)} error={f.capPerDay} inputClassName="w-24" />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save limits
      </Button>
    </form>
  );
}

function NoticeForm({ view }: { view: CapacityDayView }) {
  const [state, action, pending] = useCapacityAction(setNoticeAction);
  const s = view.service;
  const v = state.ok ? undefined : state.values;
  const f = state.ok ? {} : (state.fields ?? {});
  return (
    <form key={`${state.at ?? 0}-${s.version}`} action={action} noValidate className="bg-white p-4" aria-labelledby="notice-title">
      <h3 id="notice-title">Notice and booking horizon</h3>
      <FormOutcome state={state} prefix="notice" />
      <input type="hidden" name="serviceId" value={s.id} />
      <input type="hidden" name="version" value={s.version} />
      <Field
        prefix="notice"
        name="minNoticeMinutes"
        label="Minimum notice, in minutes"
        hint="111 cannot book a time that starts sooner than this. 111 patients told to attend within 1 hour need 60 or less."
        inputMode="numeric"
        defaultValue={v?.minNoticeMinutes ?? String(s.minNoticeMinutes)}
        error={f.minNoticeMinutes}
        inputClassName="w-24"
      />
      <Field
        prefix="notice"
        name="maxAheadHours"
        label="Booking horizon, in hours"
        hint={`111 cannot book further ahead than this. Leave blank to allow every published time (up to ${s.horizonHours} hours ahead).`}
        inputMode="numeric"
        defaultValue={v?.maxAheadHours ?? str(s.maxAheadHours)}
        error={f.maxAheadHours}
        inputClassName="w-24"
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save notice and horizon
      </Button>
    </form>
  );
}

function RemoveQuota({ q }: { q: CapacityDayView["quotas"][number] }) {
  const [state, action, pending] = useCapacityAction(removeQuotaAction);
  return (
    <form action={action}>
      <FormOutcome state={state} prefix={`quota-remove-${q.id}`} />
      <input type="hidden" name="quotaId" value={q.id} />
      <input type="hidden" name="version" value={q.version} />
      <Button type="submit" variant="link" disabled={pending}>
        Remove<span className="sr-only"> the limit for {q.odsCode}</span>
      </Button>
    </form>
  );
}

function QuotaForm({ view }: { view: CapacityDayView }) {
  const [state, action, pending] = useCapacityAction(setQuotaAction);
  const v = state.ok ? undefined : state.values;
  const f = state.ok ? {} : (state.fields ?? {});
  const [ods, setOds] = useState(v?.odsCode ?? "");
  const existing = view.quotas.find((q) => q.odsCode === ods.trim().toUpperCase());
  return (
    <form key={state.at ?? 0} action={action} noValidate className="bg-white p-4" aria-labelledby="quota-form-title">
      <h4 id="quota-form-title" className="mb-2 text-lg font-bold">
        Set a limit for one organisation
      </h4>
      <FormOutcome state={state} prefix="quota" />
      <input type="hidden" name="serviceId" value={view.service.id} />
      <input type="hidden" name="quotaVersion" value={existing?.version ?? ""} />
      <Field
        prefix="quota"
        name="odsCode"
        label="Organisation's ODS code"
        hint={existing ? `This changes the existing limit for ${existing.odsCode}.` : "The 111 organisation's code, like NR3"}
        defaultValue={v?.odsCode ?? ods}
        onChange={(e) => setOds(e.target.value)}
        error={f.odsCode}
        inputClassName="w-28"
      />
      <div key={`${existing?.id ?? "new"}-${existing?.version ?? 0}`} className="flex flex-wrap gap-x-6">
        <Field prefix="quota" name="perHour" label="Limit per hour" hint="Blank for no limit" inputMode="numeric" defaultValue={v?.perHour ?? str(existing?.perHour ?? null)} error={f.perHour} inputClassName="w-24" />
        <Field prefix="quota" name="perDay" label="Limit per day" hint="Blank for no limit" inputMode="numeric" defaultValue={v?.perDay ?? str(existing?.perDay ?? null)} error={f.perDay} inputClassName="w-24" />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Save organisation limit
      </Button>
    </form>
  );
}

export function LimitsForms({ view }: { view: CapacityDayView }) {
  const { serviceName } = useBoard();
  return (
    <section aria-labelledby="limits-title" className="mb-8">
      <h2 id="limits-title">Limits on what 111 can book at {serviceName}</h2>
      <p className="mb-3">Limits count bookings already made. They apply at once, to new bookings only: nobody already booked loses their time.</p>
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        <CapsForm view={view} />
        <NoticeForm view={view} />
      </div>
      <h3>Limits for one 111 organisation</h3>
      {view.quotas.length === 0 ? (
        <p className="mb-3">No organisation has a limit of its own.</p>
      ) : (
        <table className="mb-4 w-full border-collapse bg-white text-left">
          <caption className="sr-only">Limits for one 111 organisation</caption>
          <thead>
            <tr className="border-b-2 border-nhs-grey-3">
              <th scope="col" className="p-2">
                Organisation
              </th>
              <th scope="col" className="p-2 text-right">
                Per hour
              </th>
              <th scope="col" className="p-2 text-right">
                Per day
              </th>
              <th scope="col" className="p-2">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {view.quotas.map((q) => (
              <tr key={q.id} className="border-b border-nhs-grey-4">
                <th scope="row" className="p-2 text-left">
                  {q.odsCode}
                  {q.orgName ? <div className="text-sm font-normal">{q.orgName}</div> : null}
                </th>
                <td className="p-2 text-right">{q.perHour ?? "No limit"}</td>
                <td className="p-2 text-right">{q.perDay ?? "No limit"}</td>
                <td className="p-2">
                  <RemoveQuota q={q} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <QuotaForm view={view} />
    </section>
  );
}
