import { formatLondonDateTime } from "@/lib/time/london";

export interface SafeguardingPanelData {
  door: "bars" | "stu3";
  concern: boolean;
  barsConcern: boolean;
  switchOn: boolean;
  problem: string | null;
  to: string | null;
  feedback: { state: "pending" | "delivered" | "failed" | "withdrawn"; attempts: number; lastError: string | null; createdAt: Date; deliveredAt: Date | null; failedAt: Date | null; confirmedByName: string | null } | null;
  task: { status: string; reason: string; createdAt: Date; closedAt: Date | null; closedNote: string | null } | null;
}

/** The booking page's safeguarding follow-up: the local task, and any did-not-attend feedback to 111. */
export function SafeguardingPanel({ s }: { s: SafeguardingPanelData }) {
  if (!s.task && !s.feedback) return null;
  const f = s.feedback;
  return (
    <section aria-labelledby="sg-follow-h" className="mt-6 border-l-8 border-nhs-warm-yellow bg-white p-4">
      <h2 id="sg-follow-h">Safeguarding follow-up</h2>
      {s.task && (
        <p>
          {s.task.status === "open" ? (
            <>
              <strong>To do:</strong> phone or e-mail 111 and the trust&apos;s safeguarding lead. {s.task.reason}. Task made {formatLondonDateTime(s.task.createdAt)}; close it on the Contact tasks page.
            </>
          ) : (
            <>
              Done {s.task.closedAt ? formatLondonDateTime(s.task.closedAt) : ""}: {s.task.closedNote}
            </>
          )}
        </p>
      )}
      {s.door === "stu3" && s.task && <p>This booking came without a BaRS referral, so there is no message route back to 111: tell them by phone or e-mail.</p>}
      {!f && s.barsConcern && !s.switchOn && <p>Did-not-attend messages to 111 are switched off for this service, so nothing is sent over BaRS.</p>}
      {!f && s.problem && <p>{s.problem}.</p>}
      {f && (
        <p role="status" data-testid="feedback-status">
          {f.state === "pending" && (
            <>
              <strong>Did-not-attend feedback will be sent to {s.to ?? "111"}</strong> (confirmed by {f.confirmedByName ?? "a clinician"}, {formatLondonDateTime(f.createdAt)}).
              {f.attempts > 0 && f.lastError ? ` Not delivered yet after ${f.attempts} attempt${f.attempts === 1 ? "" : "s"}: ${f.lastError}. It is tried again automatically.` : ""}
            </>
          )}
          {f.state === "delivered" && (
            <>
              <strong>Delivered to {s.to ?? "111"}</strong> {f.deliveredAt ? formatLondonDateTime(f.deliveredAt) : ""}.
            </>
          )}
          {f.state === "withdrawn" && (
            <>
              <strong>Not sent:</strong> the patient arrived before the did-not-attend feedback went to 111.
            </>
          )}
          {f.state === "failed" && (
            <>
              <strong>Not delivered:</strong> {f.lastError}. Phone 111 and tell the safeguarding lead.
            </>
          )}
        </p>
      )}
    </section>
  );
}
