import type { ReactNode } from "react";
import type { ClinicalDocument, Telecom } from "@/lib/clinical/cda/types";
import { formatLondonDateTime } from "@/lib/time/london";

/** HL7 telecom use codes as a person says them. */
const USE: Record<string, string> = { MC: "mobile", H: "home", HP: "home", HV: "holiday home", WP: "work", EC: "emergency contact", PG: "pager", AS: "answering service" };

export function phoneText(t: Telecom): string {
  const uses = (t.use ?? "").split(/\s+/).map((u) => USE[u]).filter(Boolean);
  return uses.length ? `${t.display} (${uses.join(", ")})` : t.display;
}

/**
 * The 111 call as the ED needs it to act: when it happened, who triaged, how to ring 111 back about this case, the
 * case's references, and how to reach the patient and the caller. For a walk-in this is the only contact record the
 * ED has. Anything 111 did not send says so.
 */
export function CallDetails({ doc }: { doc: ClinicalDocument }) {
  const e = doc.encounter;
  const p = doc.patient;
  const phones = p?.telecoms.filter((t) => t.kind === "phone") ?? [];
  const emails = p?.telecoms.filter((t) => t.kind === "email") ?? [];
  const triagedBy = doc.authors.filter((a) => a.person || a.role);
  const cb = doc.callBack;
  const cbPhones = cb?.telecoms.filter((t) => t.kind === "phone") ?? [];
  return (
    <section aria-labelledby="call-details-h" className="text-sm">
      <h3 id="call-details-h" className="mb-2 text-lg font-bold">
        The 111 call
      </h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <Item label="Call started">{e?.start?.instant ? formatLondonDateTime(e.start.instant) : e?.start?.date ?? null}</Item>
        <Item label="Call ended">{e?.end?.instant ? formatLondonDateTime(e.end.instant) : e?.end?.date ?? null}</Item>
        <Item label="Triaged by">
          {triagedBy.length
            ? triagedBy.map((a, i) => (
                <span key={i} className="block">
                  {[a.person ?? "Name not sent", a.role ?? "role not sent", a.organisation?.name].filter(Boolean).join(", ")}
                </span>
              ))
            : null}
        </Item>
        <Item label="111 call-back number">
          {cbPhones.length ? `${cbPhones.map((t) => t.display).join(" or ")}${cb?.organisation?.name || cb?.name ? ` (${[cb?.organisation?.name, cb?.name].filter(Boolean).join(", ")})` : ""}` : null}
        </Item>
        <Item label="Case reference">{e?.caseReference ?? e?.localCaseId ?? null}</Item>
        <Item label="Journey id">{e?.journeyId ?? null}</Item>
        <Item label="Patient's phone">{phones.length ? phones.map(phoneText).join("; ") : null}</Item>
        {emails.length > 0 && <Item label="Patient's email">{emails.map((t) => t.display).join("; ")}</Item>}
        <Item label="Patient's address">{p?.addresses.length ? p.addresses.map((a) => a.text).join("; ") : null}</Item>
        <Item label="Caller">
          {doc.informants.length
            ? doc.informants.map((inf, i) => (
                <span key={i} className="block">
                  {[`${inf.name ?? "Name not sent"}${inf.relationship ? ` (${inf.relationship})` : ""}`, ...inf.telecoms.filter((t) => t.kind === "phone").map(phoneText)].join(", ")}
                </span>
              ))
            : null}
        </Item>
      </dl>
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-semibold">{label}</dt>
      <dd>{children ?? <span className="italic">Not sent by 111</span>}</dd>
    </>
  );
}
