"use client";

import { useActionState } from "react";
import { setConsumerBlockedAction } from "@/app/(staff)/admin/consumers/actions";
import { Button } from "@/components/ui/Button";

export function ConsumerBlockForm({ kind, id, version, blocked, label }: { kind: "system" | "organisation"; id: string; version: number; blocked: boolean; label: string }) {
  const [state, action, pending] = useActionState(setConsumerBlockedAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="blocked" value={blocked ? "false" : "true"} />
      {!blocked && (
        <>
          <label htmlFor={`reason-${id}`} className="sr-only">
            Reason for blocking {label}
          </label>
          <input id={`reason-${id}`} name="reason" placeholder="Reason for blocking" className="border-2 border-nhs-black bg-white px-2 py-1" />
        </>
      )}
      <Button type="submit" variant={blocked ? "secondary" : "warning"} disabled={pending}>
        {blocked ? `Unblock ${label}` : `Block ${label}`}
      </Button>
      {state.error && (
        <p role="alert" className="font-bold text-nhs-red">
          {state.error}
        </p>
      )}
      {state.ok && <p role="status">{state.ok}</p>}
    </form>
  );
}
