"use client";

import { closeSafeguardingTaskAction } from "@/app/(staff)/tasks/actions";
import { ActionForm, FieldError } from "@/components/ui/ActionForm";

export function SafeguardingTaskForm({ taskId, version }: { taskId: string; version: number }) {
  return (
    <ActionForm action={closeSafeguardingTaskAction} submit="Close safeguarding task" variant="secondary">
      {(s) => (
        <>
          <input type="hidden" name="taskId" value={taskId} />
          <input type="hidden" name="version" value={version} />
          <label htmlFor={`sg-note-${taskId}`} className="block font-bold">
            Who was told, and how
          </label>
          <textarea id={`sg-note-${taskId}`} name="note" rows={2} className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5" aria-describedby={s.fields?.note ? "note-error" : undefined} />
          <FieldError state={s} field="note" />
        </>
      )}
    </ActionForm>
  );
}
