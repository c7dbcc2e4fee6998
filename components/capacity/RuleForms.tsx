"use client";

import { useActionState, useState } from "react";
import { addOverrideAction, createRuleAction, deactivateRuleAction, previewStopRuleAction, removeOverrideAction, restartRuleAction, updateRuleAction } from "@/app/(staff)/capacity/rules/actions";
import type { RuleRow, RulesPageData } from "@/lib/capacity/list-capacity-rules";
import type { FormState } from "@/lib/staff/form-state";
import { formatLondonDate, formatLondonDateTime } from "@/lib/time/london";
import { Button } from "@/components/ui/Button";
import { FormOutcome, useCapacityAction } from "./board";
import { AffectedWorklist } from "./AffectedWorklist";
import { DateField, Field, TextArea } from "./fields";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function Affected({ state, title }: { state: FormState; title: string }) {
  const [closedAt, setClosedAt] = useState<number | undefined>(undefined);
  if (!state.ok || !state.affectedCount || closedAt === state.at) return null;
  return <AffectedWorklist worklist={{ title, state }} onClose={() => setClosedAt(state.at)} />;
}

function RuleFields({ prefix, state, rule, schedules, today }: { prefix: string; state: FormState; rule?: RuleRow; schedules: RulesPageData["service"]["schedules"]; today: string }) {
  const v = state.ok ? undefined : state.values;
  const f = state.ok ? {} : (state.fields ?? {});
  const chosenDays = v?.days !== undefined ? v.days.split(",").filter(Boolean).map(Number) : (rule?.days ?? [1, 2, 3, 4, 5, 6, 7]);
  return (
    <>
      <div className={`mb-3 ${f.scheduleId ? "border-l-4 border-nhs-red pl-3" : ""}`}>
        <label htmlFor={`${prefix}-scheduleId`} className="block font-bold">
          Schedule
        </label>
        {f.scheduleId && (
          <p id={`${prefix}-scheduleId-error`} className="font-bold text-nhs-red">
            <span className="sr-only">Error:</span> {f.scheduleId}
          </p>
        )}
        <select
          id={`${prefix}-scheduleId`}
          name="scheduleId"
          defaultValue={v?.scheduleId ?? rule?.scheduleId ?? schedules[0]?.id}
          aria-describedby={f.scheduleId ? `${prefix}-scheduleId-error` : undefined}
          className="block border-2 border-nhs-black bg-white px-2 py-1"
        >
          {schedules.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <Field prefix={prefix} name="name" label="Name of the rule" hint="For example: Weekday evenings" defaultValue={v?.name ?? rule?.name ?? ""} error={f.name} inputClassName="w-full max-w-md" />
      <fieldset className={`mb-3 ${f.days ? "border-l-4 border-nhs-red pl-3" : ""}`} aria-describedby={f.days ? `${prefix}-days-error` : undefined}>
        <legend className="font-bold">Days</legend>
        {f.days && (
          <p id={`${prefix}-days-error`} className="font-bold text-nhs-red">
            <span className="sr-only">Error:</span> {f.days}
          </p>
        )}
        <div className="flex flex-wrap gap-4">
          {DAYS.map((d, i) => (
            <label key={d} className="flex items-center gap-1">
              <input type="checkbox" id={i === 0 ? `${prefix}-days` : undefined} name="days" value={i + 1} defaultChecked={chosenDays.includes(i + 1)} className="h-5 w-5" />
              {d}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-x-6">
        <Field prefix={prefix} name="startTime" label="Start time" hint="24-hour clock, like 08:00" defaultValue={v?.startTime ?? rule?.startTime ?? ""} error={f.startTime} inputClassName="w-24" />
        <Field prefix={prefix} name="endTime" label="End time" hint="Like 20:00. Use 24:00 for midnight at the end of the day" defaultValue={v?.endTime ?? rule?.endTime ?? ""} error={f.endTime} inputClassName="w-24" />
        <Field prefix={prefix} name="slotMinutes" label="Slot length, in minutes" inputMode="numeric" defaultValue={v?.slotMinutes ?? String(rule?.slotMinutes ?? 30)} error={f.slotMinutes} inputClassName="w-24" />
        <Field prefix={prefix} name="perSlot" label="Places per slot time" hint="Patients who can arrive at each time" inputMode="numeric" defaultValue={v?.perSlot ?? String(rule?.perSlot ?? 1)} error={f.perSlot} inputClassName="w-24" />
      </div>
      <div className="flex flex-wrap gap-x-6">
        <DateField prefix={prefix} name="effectiveFrom" label="Start date" defaultValue={v?.effectiveFrom ?? rule?.effectiveFrom ?? today} values={v} error={f.effectiveFrom} />
        <DateField prefix={prefix} name="effectiveTo" label="End date (optional)" hint="Leave blank to keep the rule going. For example, 12 1 2027" defaultValue={v?.effectiveTo ?? rule?.effectiveTo ?? ""} values={v} error={f.effectiveTo} />
      </div>
    </>
  );
}

export function AddRuleForm({ data }: { data: RulesPageData }) {
  const [state, action, pending] = useCapacityAction(createRuleAction);
  return (
    <form key={state.at ?? 0} action={action} noValidate className="mb-8 bg-white p-4" aria-labelledby="add-rule-title">
      <h2 id="add-rule-title">Add a weekly rule</h2>
      <FormOutcome state={state} prefix="rule-new" />
      <input type="hidden" name="serviceId" value={data.service.id} />
      <RuleFields prefix="rule-new" state={state} schedules={data.service.schedules} today={data.today} />
      <Button type="submit" disabled={pending}>
        Add rule
      </Button>
    </form>
  );
}

function EditRule({ rule, data }: { rule: RuleRow; data: RulesPageData }) {
  const [state, action, pending] = useCapacityAction(updateRuleAction);
  const prefix = `rule-${rule.id}`;
  return (
    <details className="mt-2">
      <summary className="cursor-pointer font-bold text-nhs-blue underline">Change &ldquo;{rule.name}&rdquo;</summary>
      <Affected state={state} title={`Bookings outside the changed rule "${rule.name}"`} />
      <form key={state.at ?? 0} action={action} noValidate className="mt-2 border-l-4 border-nhs-grey-3 pl-3">
        <FormOutcome state={state} prefix={prefix} />
        <input type="hidden" name="ruleId" value={rule.id} />
        <input type="hidden" name="version" value={rule.version} />
        <RuleFields prefix={prefix} state={state} rule={rule} schedules={data.service.schedules} today={data.today} />
        <Button type="submit" variant="secondary" disabled={pending}>
          Save changes to &ldquo;{rule.name}&rdquo;
        </Button>
      </form>
    </details>
  );
}

type FormAction = (form: FormData) => void;

/**
 * "Stop rule" asks first (WCAG 3.3.4): what stopping would withdraw from 111 and which booked patients fall in the
 * rule's places, then the clerk confirms. The result is said at the top of the rules list, which outlives this rule's
 * entry (a stopped rule leaves the list of rules in use).
 */
function StopRule({ rule, onlyRule, stop, stopping }: { rule: RuleRow; onlyRule: boolean; stop: FormAction; stopping: boolean }) {
  const [asked, ask, asking] = useActionState(previewStopRuleAction, {} as FormState);
  const [dismissedAt, setDismissedAt] = useState<number | undefined>(undefined);
  const prefix = `rule-stop-${rule.id}`;
  const hidden = (
    <>
      <input type="hidden" name="ruleId" value={rule.id} />
      <input type="hidden" name="version" value={rule.version} />
      <input type="hidden" name="ruleName" value={rule.name} />
      <input type="hidden" name="onlyRule" value={onlyRule ? "yes" : "no"} />
    </>
  );
  const question = asked.ok && dismissedAt !== asked.at ? asked : null;
  if (!question) {
    return (
      <form action={ask} className="mt-2">
        {asked.error && <FormOutcome state={asked} prefix={prefix} />}
        {hidden}
        <Button type="submit" variant="warning" disabled={asking}>
          Stop rule &ldquo;{rule.name}&rdquo;
        </Button>
      </form>
    );
  }
  return (
    <div role="alert" aria-labelledby={`${prefix}-question`} className="mt-2 border-4 border-nhs-warm-yellow bg-white p-4">
      <h4 id={`${prefix}-question`} className="text-lg font-bold">
        Stop the rule &ldquo;{rule.name}&rdquo;?
      </h4>
      <p className="mb-2">{question.ok}</p>
      {question.affected && question.affected.length > 0 && (
        <ul className="mb-3 list-disc pl-6">
          {question.affected.map((a) => (
            <li key={a.appointmentId}>
              {formatLondonDateTime(new Date(a.start))}: {a.patientName}
              {a.phone ? `, ${a.phone}` : ", no phone number given"}
            </li>
          ))}
        </ul>
      )}
      <form action={stop} className="flex flex-wrap gap-3">
        {hidden}
        <input type="hidden" name="confirmed" value="yes" />
        <Button type="submit" variant="warning" disabled={stopping}>
          Yes, stop &ldquo;{rule.name}&rdquo;
        </Button>
        <Button type="button" variant="secondary" onClick={() => setDismissedAt(asked.at)}>
          No, keep it
        </Button>
      </form>
    </div>
  );
}

function RestartRule({ rule, restart, restarting }: { rule: RuleRow; restart: FormAction; restarting: boolean }) {
  return (
    <form action={restart} className="inline">
      <input type="hidden" name="ruleId" value={rule.id} />
      <input type="hidden" name="version" value={rule.version} />
      <Button type="submit" variant="secondary" disabled={restarting} className="ml-2">
        Restart<span className="sr-only"> the rule &ldquo;{rule.name}&rdquo;</span>
      </Button>
    </form>
  );
}

export function RulesList({ data }: { data: RulesPageData }) {
  const active = data.rules.filter((r) => r.active);
  const stopped = data.rules.filter((r) => !r.active);
  // Held here, not in each rule's entry: a stopped or restarted rule moves between the lists, and what happened must
  // stay on screen.
  const [stopState, stop, stopping] = useCapacityAction(deactivateRuleAction);
  const [restartState, restart, restarting] = useCapacityAction(restartRuleAction);
  const latest = (stopState.at ?? 0) >= (restartState.at ?? 0) ? { state: stopState, prefix: "rule-stop" } : { state: restartState, prefix: "rule-restart" };
  return (
    <section aria-labelledby="rules-title" className="mb-8">
      <h2 id="rules-title">Weekly rules</h2>
      <FormOutcome state={latest.state} prefix={latest.prefix} />
      {latest.prefix === "rule-stop" && <Affected state={stopState} title="Bookings in places of the stopped rule" />}
      {active.length === 0 ? (
        <p className="mb-3">No weekly rule is in use: this service publishes no arrival times.</p>
      ) : (
        <ul className="space-y-4">
          {active.map((r) => (
            <li key={r.id} className="bg-white p-4">
              <h3>{r.name}</h3>
              <p>
                {r.daysText}, {r.startTime} to {r.endTime}: {r.slotMinutes}-minute slots, {r.perSlot} {r.perSlot === 1 ? "place" : "places"} each. From{" "}
                {formatLondonDate(r.effectiveFrom)}
                {r.effectiveTo ? ` to ${formatLondonDate(r.effectiveTo)}` : ", no end date"}. Schedule: {r.scheduleName}.
              </p>
              <EditRule rule={r} data={data} />
              <StopRule key={r.version} rule={r} onlyRule={active.length === 1} stop={stop} stopping={stopping} />
            </li>
          ))}
        </ul>
      )}
      {stopped.length > 0 && (
        <details className="mt-4" open={active.length === 0 || undefined}>
          <summary className="cursor-pointer font-bold text-nhs-blue underline">Stopped rules ({stopped.length})</summary>
          <ul className="mt-2 list-disc space-y-2 pl-6">
            {stopped.map((r) => (
              <li key={r.id}>
                {r.name}: {r.daysText}, {r.startTime} to {r.endTime}
                <RestartRule rule={r} restart={restart} restarting={restarting} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function RemoveOverride({ o }: { o: RulesPageData["overrides"][number] }) {
  const [state, action, pending] = useCapacityAction(removeOverrideAction);
  return (
    <form action={action}>
      <FormOutcome state={state} prefix={`override-remove-${o.id}`} />
      <input type="hidden" name="overrideId" value={o.id} />
      <input type="hidden" name="version" value={o.version} />
      <Button type="submit" variant="link" disabled={pending}>
        Remove<span className="sr-only"> the change for {formatLondonDate(o.date)}</span>
      </Button>
    </form>
  );
}

export function Overrides({ data }: { data: RulesPageData }) {
  const [state, action, pending] = useCapacityAction(addOverrideAction);
  const v = state.ok ? undefined : state.values;
  const f = state.ok ? {} : (state.fields ?? {});
  const [kind, setKind] = useState(v?.kind ?? "closed");
  const prefix = "override";
  return (
    <section aria-labelledby="overrides-title" className="mb-8">
      <h2 id="overrides-title">One-off dates</h2>
      {data.overrides.length === 0 ? (
        <p className="mb-3">No date is changed.</p>
      ) : (
        <ul className="mb-4 space-y-2">
          {data.overrides.map((o) => (
            <li key={o.id} className="bg-white p-3">
              <strong>{formatLondonDate(o.date)}</strong>: {o.kind === "closed" ? "closed all day" : `open ${o.startTime} to ${o.endTime} only`}. Reason: {o.reason}
              <RemoveOverride o={o} />
            </li>
          ))}
        </ul>
      )}
      <Affected state={state} title="Bookings on the changed date" />
      <form key={state.at ?? 0} action={action} noValidate className="bg-white p-4" aria-labelledby="override-form-title">
        <h3 id="override-form-title">Change one date</h3>
        <FormOutcome state={state} prefix={prefix} />
        <input type="hidden" name="serviceId" value={data.service.id} />
        <DateField prefix={prefix} name="date" label="Date" defaultValue={v?.date ?? ""} values={v} error={f.date} />
        <fieldset className="mb-3">
          <legend className="font-bold">What changes</legend>
          {[
            ["closed", "Closed all day: no arrival times"],
            ["hours", "Different hours: arrival times only between an opening and a closing time"],
          ].map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="kind" value={value} defaultChecked={kind === value} onChange={() => setKind(value)} className="h-5 w-5" />
              {label}
            </label>
          ))}
        </fieldset>
        {kind === "hours" && (
          <div className="flex flex-wrap gap-x-6">
            <Field prefix={prefix} name="startTime" label="Opening time" hint="Like 10:00" defaultValue={v?.startTime ?? ""} error={f.startTime} inputClassName="w-24" />
            <Field prefix={prefix} name="endTime" label="Closing time" hint="Like 16:00, or 24:00" defaultValue={v?.endTime ?? ""} error={f.endTime} inputClassName="w-24" />
          </div>
        )}
        <TextArea prefix={prefix} name="reason" label="Reason" error={f.reason} defaultValue={v?.reason} />
        <Button type="submit" variant="secondary" disabled={pending}>
          Save date change
        </Button>
      </form>
    </section>
  );
}
