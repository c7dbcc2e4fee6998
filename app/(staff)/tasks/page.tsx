import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/guard";
import { listContactTasks, OUTCOME_TEXT } from "@/lib/arrivals/contact-tasks";
import { CHASE_TASK_KIND } from "@/lib/arrivals/summary-chase";
import { describeNhsNumber, formatBirthDate } from "@/lib/format";
import { formatLondonDateTime } from "@/lib/time/london";
import { TaskForms } from "@/components/arrivals/TaskForms";
import { SafeguardingTaskForm } from "@/components/arrivals/SafeguardingTaskForm";
import { listSafeguardingFollowUps } from "@/lib/outbox/bars-feedback-outbox";

export const metadata: Metadata = { title: "Contact tasks" };
export const dynamic = "force-dynamic";

export default async function TasksPage() {
  const staff = await requirePageRole(["clerk", "clinician"]);
  const [open, done, safeguarding] = await Promise.all([listContactTasks(staff, "open"), listContactTasks(staff, "done"), listSafeguardingFollowUps(staff)]);
  return (
    <>
      <h1>Contact tasks</h1>
      <p className="mb-6 max-w-3xl">Patients whose booking the ED cancelled, or whose arrival time was taken away, must be phoned. A task is closed only with who called, who they spoke to and the advice given.</p>
      <section aria-labelledby="sg-h" className="mb-8">
        <h2 id="sg-h">Safeguarding follow-ups ({safeguarding.tasks.length})</h2>
        {safeguarding.failedFeedback.length > 0 && (
          <div role="alert" className="mb-4 border-l-8 border-nhs-red bg-white p-4">
            <h3>Did-not-attend messages 111 did not accept ({safeguarding.failedFeedback.length})</h3>
            <p>Phone 111 and tell the safeguarding lead for each of these patients.</p>
            <ul className="list-disc pl-6">
              {safeguarding.failedFeedback.map((f) => (
                <li key={f.id}>
                  {f.booking ? <Link href={`/arrivals/${f.booking.id}`}>{`${f.booking.patient.given} ${f.booking.patient.family}`}</Link> : "A referral without a booking"}: {f.lastError} ({f.failedAt ? formatLondonDateTime(f.failedAt) : ""})
                </li>
              ))}
            </ul>
          </div>
        )}
        {safeguarding.tasks.length === 0 ? (
          <p className="bg-white p-4">No safeguarding follow-ups open.</p>
        ) : (
          <ul className="space-y-4">
            {safeguarding.tasks.map((t) => (
              <li key={t.id} className="border-l-8 border-nhs-warm-yellow bg-white p-4">
                <h3>{t.booking ? <Link href={`/arrivals/${t.booking.id}`}>{`${t.booking.patient.given} ${t.booking.patient.family}`}</Link> : "Patient"}</h3>
                <p>
                  Phone or e-mail 111 and the trust&apos;s safeguarding lead. {t.reason}. Task made {formatLondonDateTime(t.createdAt)}.
                </p>
                <SafeguardingTaskForm taskId={t.id} version={t.version} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="open-h">
        <h2 id="open-h">To do ({open.length})</h2>
        {open.length === 0 ? (
          <p className="bg-white p-4">No one to phone.</p>
        ) : (
          <ul className="space-y-4">
            {open.map((t) => (
              <li key={t.id} className="border-l-8 border-nhs-warm-yellow bg-white p-4">
                <h3>
                  <Link href={`/arrivals/${t.booking.id}`}>{t.booking.patientName}</Link>
                </h3>
                <p>
                  Born {formatBirthDate(t.booking.birthDate)} · NHS number {describeNhsNumber(t.booking.nhsNumber, t.booking.nhsNumberStatus).text} · was due {formatLondonDateTime(t.booking.start)}, {t.booking.serviceName}
                </p>
                <p className="my-2 text-lg">
                  Ring: <strong>{t.phone ?? (t.kind === CHASE_TASK_KIND ? "111's number is not recorded here: use your local directory" : "No number was sent by 111")}</strong>
                  {t.phoneOwner ? ` (${t.phoneOwner})` : ""}
                </p>
                <p>{t.reason}</p>
                <p className="mb-3 text-sm text-nhs-grey-1">
                  Task made {formatLondonDateTime(t.createdAt)}.{" "}
                  {t.attempts > 0 ? `${t.attempts} call${t.attempts === 1 ? "" : "s"} reached nobody; last ${formatLondonDateTime(t.lastAttemptAt!)} (${OUTCOME_TEXT[t.lastAttemptOutcome ?? ""] ?? ""}).` : "Not called yet."}
                </p>
                <TaskForms taskId={t.id} version={t.version} defaultCaller={staff.name} chase111={t.kind === CHASE_TASK_KIND} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="done-h" className="mt-8">
        <h2 id="done-h">Done (latest 100)</h2>
        {done.length === 0 ? (
          <p className="bg-white p-4">None yet.</p>
        ) : (
          <ul className="space-y-2">
            {done.map((t) => (
              <li key={t.id} className="bg-white p-3">
                <Link href={`/arrivals/${t.booking.id}`} className="font-bold">
                  {t.booking.patientName}
                </Link>
                : {OUTCOME_TEXT[t.outcome ?? ""] ?? t.outcome} ({t.calledByName}, {t.calledAt ? formatLondonDateTime(t.calledAt) : ""}). Advice: {t.advice}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
