"use client";

import { createContext, useActionState, useContext, useEffect, useRef } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { FormAction, FormState } from "@/lib/staff/form-state";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { summaryErrors } from "@/components/ui/error-lines";

export interface BoardContext {
  serviceId: string;
  serviceName: string;
  date: string;
  isClerk: boolean;
  /** Shows the worklist of bookings caught in a reduction. */
  reportAffected: (title: string, state: FormState) => void;
}

const Ctx = createContext<BoardContext | null>(null);
export const BoardProvider = Ctx.Provider;

export function useBoard(): BoardContext {
  const b = useContext(Ctx);
  if (!b) throw new Error("useBoard outside the capacity board");
  return b;
}

/**
 * A server action for a capacity form: after a successful answer every capacity query is refetched (so the
 * grid and the 111 preview show the change at once) and any affected bookings go to the worklist.
 */
export function useCapacityAction(action: FormAction, reductionTitle?: string) {
  const [state, formAction, pending] = useActionState(action, {} as FormState);
  const queryClient = useQueryClient();
  const board = useContext(Ctx);
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!state.at || seen.current === state.at) return;
    seen.current = state.at;
    if (!state.ok) return;
    void queryClient.invalidateQueries({ queryKey: ["capacity"] });
    if (reductionTitle && state.affectedCount !== undefined) board?.reportAffected(reductionTitle, state);
  }, [state, queryClient, board, reductionTitle]);
  return [state, formAction, pending] as const;
}

/** The answer to a form: a success message, or an error summary linking to each field in error. */
export function FormOutcome({ state, prefix }: { state: FormState; prefix: string }) {
  if (state.ok) {
    return (
      <div role="status" className="mb-3 border-l-8 border-nhs-green bg-white p-3">
        <span className="sr-only">Done: </span>
        <span className="font-bold">{state.ok}</span>
      </div>
    );
  }
  return <ErrorSummary errors={summaryErrors(state, (field) => `${prefix}-${field}`)} focusKey={state.at} />;
}
