/** What administrators submit about services, Directory of Services ids and schedules. */
import { z } from "zod";
import { requiredNumber } from "../capacity/limit-inputs";

const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);
const blankToNull = (v: unknown) => (v === undefined || (typeof v === "string" && v.trim() === "") ? null : v);
const version = z.coerce.number({ error: "Reload the page and try again" }).int();

export const SERVICE_KINDS = { ED: "Emergency Department", UTC: "Urgent Treatment Centre", SDEC: "Same Day Emergency Care", OTHER: "Other" } as const;

const serviceFields = {
  siteId: z.string({ error: "Select the site" }).trim().min(1, "Select the site"),
  name: z.preprocess(trimmed, z.string({ error: "Enter the service's name" }).min(1, "Enter the service's name").max(120, "Name must be 120 characters or fewer")),
  kind: z.enum(["ED", "UTC", "SDEC", "OTHER"], { error: "Select the kind of service" }),
  horizonHours: requiredNumber({ label: "Slot horizon", requiredMessage: "Enter how many hours ahead to publish slots", min: 1, max: 14 * 24, unit: "hours" }),
};

export const createServiceInput = z.object(serviceFields);
export type CreateServiceInput = z.infer<typeof createServiceInput>;

export const updateServiceInput = z.object({ ...serviceFields, serviceId: z.string().min(1), version, active: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()) });
export type UpdateServiceInput = z.infer<typeof updateServiceInput>;

/** DoS service ids are numbers as text (they can be long, and leading zeros matter). */
export const dosIdValue = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/\s+/g, "") : v),
  z
    .string({ error: "Enter the Directory of Services ID" })
    .min(1, "Enter the Directory of Services ID")
    .regex(/^\d+$/, "Directory of Services ID must be digits only, like 2000011001")
    .max(20, "Directory of Services ID must be 20 digits or fewer"),
);

export const addDosIdInput = z.object({ serviceId: z.string().min(1), value: dosIdValue, description: z.preprocess(blankToNull, z.string().trim().max(200).nullable()) });
export type AddDosIdInput = z.infer<typeof addDosIdInput>;

export const changeDosIdInput = z.object({
  dosRowId: z.string().min(1),
  value: dosIdValue,
  confirmed: z.preprocess((v) => v === "on" || v === "true" || v === true, z.literal(true, { error: "Confirm that the Directory of Services team has the new ID" })),
});
export type ChangeDosIdInput = z.infer<typeof changeDosIdInput>;

export const scheduleInput = z.object({
  serviceId: z.string().min(1),
  name: z.preprocess(trimmed, z.string({ error: "Enter the schedule's name" }).min(1, "Enter the schedule's name").max(120, "Name must be 120 characters or fewer")),
  practitionerId: z.preprocess(blankToNull, z.string().nullable()),
  practitionerRoleId: z.preprocess(blankToNull, z.string().nullable()),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;

export const updateScheduleInput = scheduleInput.omit({ serviceId: true }).extend({
  scheduleId: z.string().min(1),
  version,
  active: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});
export type UpdateScheduleInput = z.infer<typeof updateScheduleInput>;

export const scheduleLinksInput = z.object({
  scheduleId: z.string().min(1),
  dosRowIds: z.preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().min(1))),
});
export type ScheduleLinksInput = z.infer<typeof scheduleLinksInput>;
