"use client";

import { useActionState } from "react";
import {
  addDosIdAction,
  changeDosIdAction,
  createScheduleAction,
  createServiceAction,
  updateScheduleAction,
  updateServiceAction,
} from "@/app/(staff)/admin/services/actions";
import type { FormState } from "@/lib/staff/form-state";
import type { AdminServicesData } from "@/lib/services/list-services-admin";
import { SERVICE_KINDS } from "@/lib/services/service-inputs";
import { Button } from "@/components/ui/Button";
import { FormOutcome } from "@/components/capacity/board";
import { Field } from "@/components/capacity/fields";

type Service = AdminServicesData["services"][number];
const initial: FormState = {};

function SelectField({ prefix, name, label, error, defaultValue, children }: { prefix: string; name: string; label: string; error?: string; defaultValue?: string; children: React.ReactNode }) {
  const id = `${prefix}-${name}`;
  return (
    <div className={`mb-3 ${error ? "border-l-4 border-nhs-red pl-3" : ""}`}>
      <label htmlFor={id} className="block font-bold">
        {label}
      </label>
      {error && (
        <p id={`${id}-error`} className="font-bold text-nhs-red">
          <span className="sr-only">Error:</span> {error}
        </p>
      )}
      <select id={id} name={name} defaultValue={defaultValue} aria-describedby={error ? `${id}-error` : undefined} className="block border-2 border-nhs-black bg-white px-2 py-1">
        {children}
      </select>
    </div>
  );
}

function ServiceFields({ prefix, state, data, service }: { prefix: string; state: FormState; data: AdminServicesData; service?: Service }) {
  const v = state.ok ? undefined : state.values;
  const f = state.ok ? {} : (state.fields ?? {});
  return (
    <div className="flex flex-wrap gap-x-6">
      <Field prefix={prefix} name="name" label="Service name" defaultValue={v?.name ?? service?.name ?? ""} error={f.name} inputClassName="w-72" />
      <SelectField prefix={prefix} name="siteId" label="Site" error={f.siteId} defaultValue={v?.siteId ?? service?.siteId}>
        {data.sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <SelectField prefix={prefix} name="kind" label="Kind" error={f.kind} defaultValue={v?.kind ?? service?.kind ?? "ED"}>
        {Object.entries(SERVICE_KINDS).map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </SelectField>
      <Field
        prefix={prefix}
        name="horizonHours"
        label="Slot horizon, in hours"
        hint="How far ahead arrival times are published"
        inputMode="numeric"
        defaultValue={v?.horizonHours ?? String(service?.horizonHours ?? 48)}
        error={f.horizonHours}
        inputClassName="w-24"
      />
    </div>
  );
}

export function CreateServiceForm({ data }: { data: AdminServicesData }) {
  const [state, action, pending] = useActionState(createServiceAction, initial);
  return (
    <form key={state.at ?? 0} action={action} noValidate className="bg-white p-4" aria-labelledby="new-service-title">
      <h2 id="new-service-title">Add a service</h2>
      <FormOutcome state={state} prefix="service-new" />
      <ServiceFields prefix="service-new" state={state} data={data} />
      <Button type="submit" disabled={pending}>
        Add service
      </Button>
    </form>
  );
}

function EditService({ service, data }: { service: Service; data: AdminServicesData }) {
  const [state, action, pending] = useActionState(updateServiceAction, initial);
  const prefix = `service-${service.id}`;
  return (
    <details>
      <summary className="cursor-pointer font-bold text-nhs-blue underline">Change the details of {service.name}</summary>
      <form key={state.at ?? 0} action={action} noValidate className="mt-2">
        <FormOutcome state={state} prefix={prefix} />
        <input type="hidden" name="serviceId" value={service.id} />
        <input type="hidden" name="version" value={service.version} />
        <ServiceFields prefix={prefix} state={state} data={data} service={service} />
        <label className="mb-3 flex items-center gap-2">
          <input type="checkbox" name="active" defaultChecked={service.active} className="h-5 w-5" /> In use (slots are generated and 111 can find it)
        </label>
        <Button type="submit" variant="secondary" disabled={pending}>
          Save {service.name}
        </Button>
      </form>
    </details>
  );
}

function DosIds({ service }: { service: Service }) {
  const [addState, add, adding] = useActionState(addDosIdAction, initial);
  const [changeState, change, changing] = useActionState(changeDosIdAction, initial);
  const prefix = `dos-${service.id}`;
  return (
    <div className="mt-3">
      <h4 className="font-bold">Directory of Services IDs</h4>
      {service.dosIds.length === 0 ? <p>None: 111 cannot find this service.</p> : null}
      <FormOutcome state={changeState} prefix={`${prefix}-change`} />
      {service.dosIds.map((d) => (
        <details key={`${d.id}-${d.value}`} className="mb-2">
          <summary className="cursor-pointer">
            <strong>{d.value}</strong>
            {d.description ? ` (${d.description})` : ""} <span className="text-nhs-blue underline">Change</span>
          </summary>
          <form key={changeState.at ?? 0} action={change} noValidate className="mt-2 border-l-4 border-nhs-warm-yellow pl-3">
            <p className="mb-2 font-bold">
              <span className="sr-only">Warning: </span>111 finds this service by its Directory of Services ID. After a change, 111 searches by {d.value} find nothing until the
              Directory of Services has the new ID.
            </p>
            <input type="hidden" name="dosRowId" value={d.id} />
            <Field prefix={`${prefix}-${d.id}`} name="value" label={`New ID instead of ${d.value}`} hint="Digits only" defaultValue={changeState.ok ? d.value : (changeState.values?.value ?? d.value)} error={changeState.ok ? undefined : changeState.fields?.value} inputClassName="w-48" />
            <label className="mb-3 flex items-center gap-2">
              <input type="checkbox" name="confirmed" className="h-5 w-5" /> The Directory of Services team has the new ID
            </label>
            {!changeState.ok && changeState.fields?.confirmed && <p className="mb-2 font-bold text-nhs-red">{changeState.fields.confirmed}</p>}
            <Button type="submit" variant="warning" disabled={changing}>
              Change ID {d.value}
            </Button>
          </form>
        </details>
      ))}
      <form key={addState.at ?? 0} action={add} noValidate className="flex flex-wrap items-end gap-3">
        <FormOutcome state={addState} prefix={`${prefix}-add`} />
        <input type="hidden" name="serviceId" value={service.id} />
        <Field prefix={`${prefix}-add`} name="value" label="Add a Directory of Services ID" hint="Digits only, like 2000011001" defaultValue={addState.ok ? "" : addState.values?.value} error={addState.ok ? undefined : addState.fields?.value} inputClassName="w-48" />
        <Button type="submit" variant="secondary" disabled={adding} className="mb-3">
          Add ID<span className="sr-only"> to {service.name}</span>
        </Button>
      </form>
    </div>
  );
}

function PractitionerFields({ prefix, data, practitionerId, roleId }: { prefix: string; data: AdminServicesData; practitionerId?: string | null; roleId?: string | null }) {
  return (
    <div className="flex flex-wrap gap-x-6">
      <SelectField prefix={prefix} name="practitionerId" label="Practitioner (optional)" defaultValue={practitionerId ?? ""}>
        <option value="">None</option>
        {data.practitioners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField prefix={prefix} name="practitionerRoleId" label="Practitioner role (optional)" defaultValue={roleId ?? ""}>
        <option value="">None</option>
        {data.practitioners.flatMap((p) =>
          p.roles.map((r) => (
            <option key={r.id} value={r.id}>
              {p.name}: {r.display}
            </option>
          )),
        )}
      </SelectField>
    </div>
  );
}

function EditSchedule({ schedule, data }: { schedule: Service["schedules"][number]; data: AdminServicesData }) {
  const [state, action, pending] = useActionState(updateScheduleAction, initial);
  const prefix = `schedule-${schedule.id}`;
  return (
    <li className="mb-2">
      <details>
        <summary className="cursor-pointer">
          <strong>{schedule.name}</strong> {schedule.active ? "" : "(not in use)"} <span className="text-nhs-blue underline">Change</span>
        </summary>
        <form key={state.at ?? 0} action={action} noValidate className="mt-2 border-l-4 border-nhs-grey-3 pl-3">
          <FormOutcome state={state} prefix={prefix} />
          <input type="hidden" name="scheduleId" value={schedule.id} />
          <input type="hidden" name="version" value={schedule.version} />
          <Field prefix={prefix} name="name" label="Schedule name" defaultValue={state.ok ? schedule.name : (state.values?.name ?? schedule.name)} error={state.ok ? undefined : state.fields?.name} inputClassName="w-72" />
          <PractitionerFields prefix={prefix} data={data} practitionerId={schedule.practitionerId} roleId={schedule.practitionerRoleId} />
          <fieldset className="mb-3">
            <legend className="font-bold">Found by these Directory of Services IDs</legend>
            {data.allDosIds.map((d) => (
              <label key={d.id} className="flex items-center gap-2">
                <input type="checkbox" name="dosRowIds" value={d.id} defaultChecked={schedule.dosRowIds.includes(d.id)} className="h-5 w-5" /> {d.value} ({d.serviceName})
              </label>
            ))}
          </fieldset>
          <label className="mb-3 flex items-center gap-2">
            <input type="checkbox" name="active" defaultChecked={schedule.active} className="h-5 w-5" /> In use
          </label>
          <Button type="submit" variant="secondary" disabled={pending}>
            Save schedule {schedule.name}
          </Button>
        </form>
      </details>
    </li>
  );
}

function Schedules({ service, data }: { service: Service; data: AdminServicesData }) {
  const [state, action, pending] = useActionState(createScheduleAction, initial);
  const prefix = `schedule-new-${service.id}`;
  return (
    <div className="mt-3">
      <h4 className="font-bold">Schedules</h4>
      <ul className="list-none">
        {service.schedules.map((s) => (
          <EditSchedule key={s.id} schedule={s} data={data} />
        ))}
      </ul>
      <details>
        <summary className="cursor-pointer text-nhs-blue underline">Add a schedule to {service.name}</summary>
        <form key={state.at ?? 0} action={action} noValidate className="mt-2 border-l-4 border-nhs-grey-3 pl-3">
          <FormOutcome state={state} prefix={prefix} />
          <input type="hidden" name="serviceId" value={service.id} />
          <Field prefix={prefix} name="name" label="Schedule name" defaultValue={state.ok ? "" : state.values?.name} error={state.ok ? undefined : state.fields?.name} inputClassName="w-72" />
          <PractitionerFields prefix={prefix} data={data} />
          <Button type="submit" variant="secondary" disabled={pending}>
            Add schedule
          </Button>
        </form>
      </details>
    </div>
  );
}

export function ServiceCard({ service, data }: { service: Service; data: AdminServicesData }) {
  return (
    <li className="bg-white p-4">
      <h3>
        {service.name} {service.active ? "" : "(not in use)"}
      </h3>
      <p className="mb-2">
        {SERVICE_KINDS[service.kind as keyof typeof SERVICE_KINDS] ?? service.kind}, {service.siteName}. Slots published {service.horizonHours} hours ahead.
      </p>
      <EditService service={service} data={data} />
      <DosIds service={service} />
      <Schedules service={service} data={data} />
    </li>
  );
}
