"use client";

import { closeTaskAction, contactAttemptAction } from "@/app/(staff)/tasks/actions";
import { ActionForm, FieldError } from "@/components/ui/ActionForm";

const input = "block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5";

export function TaskForms({ taskId, version, defaultCaller, chase111 = false }: { taskId: string; version: number; defaultCaller: string; chase111?: boolean }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <div>
        <h4 className="font-bold">Called and spoke to someone</h4>
        <ActionForm action={closeTaskAction} submit="Close task" ids={{ calledBy: `calledBy-${taskId}`, outcome: `o1-${taskId}`, advice: `advice-${taskId}` }}>
          {(s) => (
            <>
              <input type="hidden" name="taskId" value={taskId} />
              <input type="hidden" name="expectedVersion" value={version} />
              <label htmlFor={`calledBy-${taskId}`} className="block font-bold">
                Who called
              </label>
              <input id={`calledBy-${taskId}`} name="calledBy" defaultValue={defaultCaller} className={input} />
              <FieldError state={s} field="calledBy" />
              <fieldset>
                <legend className="font-bold">Who did you speak to?</legend>
                <div className="flex items-center gap-2">
                  <input id={`o1-${taskId}`} type="radio" name="outcome" value="spoke-to-patient" className="h-5 w-5" />
                  <label htmlFor={`o1-${taskId}`}>The patient</label>
                </div>
                <div className="flex items-center gap-2">
                  <input id={`o2-${taskId}`} type="radio" name="outcome" value="spoke-to-contact" className="h-5 w-5" />
                  <label htmlFor={`o2-${taskId}`}>The patient&apos;s contact</label>
                </div>
                {chase111 && (
                  <div className="flex items-center gap-2">
                    <input id={`o3-${taskId}`} type="radio" name="outcome" value="spoke-to-111" className="h-5 w-5" />
                    <label htmlFor={`o3-${taskId}`}>NHS 111</label>
                  </div>
                )}
              </fieldset>
              <FieldError state={s} field="outcome" />
              <label htmlFor={`advice-${taskId}`} className="block font-bold">
                Advice given
              </label>
              <textarea id={`advice-${taskId}`} name="advice" rows={3} className={input} />
              <FieldError state={s} field="advice" />
            </>
          )}
        </ActionForm>
      </div>
      <div>
        <h4 className="font-bold">Called and reached nobody</h4>
        <ActionForm action={contactAttemptAction} submit="Record the call" variant="secondary" ids={{ outcome: `attempt-${taskId}` }}>
          {(s) => (
            <>
              <input type="hidden" name="taskId" value={taskId} />
              <input type="hidden" name="expectedVersion" value={version} />
              <label htmlFor={`attempt-${taskId}`} className="block font-bold">
                What happened
              </label>
              <select id={`attempt-${taskId}`} name="outcome" className={input} defaultValue="">
                <option value="" disabled>
                  Choose
                </option>
                <option value="no-answer">No answer</option>
                <option value="left-message">Left a message</option>
                <option value="wrong-number">Wrong or unobtainable number</option>
              </select>
              <FieldError state={s} field="outcome" />
            </>
          )}
        </ActionForm>
      </div>
    </div>
  );
}
