"use client";

import { setBarsFeedbackAction } from "@/app/(staff)/capacity/actions";
import { ActionForm } from "@/components/ui/ActionForm";

/** The per-service switch for safeguarding did-not-attend feedback to 111 over BaRS (off until the 111 partner accepts it). */
export function BarsFeedbackSwitch({ serviceId, on }: { serviceId: string; on: boolean }) {
  return (
    <section aria-labelledby="bars-feedback-h" className="no-print mb-6 bg-white p-4">
      <h2 id="bars-feedback-h">Safeguarding feedback to 111</h2>
      <p>
        {on
          ? "On: when a patient 111 referred over BaRS with a safeguarding concern does not attend, the reviewing clinician is asked whether to send 111 a did-not-attend message."
          : "Off: nothing is sent to 111 over BaRS. Switch it on only once the 111 provider has said it accepts did-not-attend messages."}{" "}
        The local safeguarding task (phone or e-mail 111 and the safeguarding lead) is made either way.
      </p>
      <ActionForm action={setBarsFeedbackAction} submit={on ? "Switch off" : "Switch on"} variant="secondary">
        {() => (
          <>
            <input type="hidden" name="serviceId" value={serviceId} />
            <input type="hidden" name="on" value={on ? "off" : "on"} />
          </>
        )}
      </ActionForm>
    </section>
  );
}
