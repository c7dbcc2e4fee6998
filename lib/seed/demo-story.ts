import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import type { ConsumerActor, StaffActor } from "../auth/actor";
import { bookAppointment } from "../booking/book-appointment";
import { appointmentFromBooking } from "../doors/uec-stu3/appointment-from-booking";
import { parseItkMessage } from "../doors/itk/itk";
import { receiveClinicalDocuments } from "../clinical/receive-clinical-document";
import { linkDocumentToBooking } from "../clinical/review-document";
import { db } from "../db/client";
import { generateSlots } from "../capacity/generate-slots";
import { suspendBookings } from "../capacity/suspend-bookings";
import { markDidNotAttend } from "../arrivals/mark-did-not-attend";
import { testNhsNumber } from "../nhs/nhs-number";
import { addDays, londonToday, startOfLondonDay, wallClockToInstants } from "../time/london";
import { demoReportXml, type DemoReportSection } from "./demo-reports";

/**
 * The demo's day at the Emergency Department, laid out around the clock's now so every screen has something true
 * to show: arrival times booked by 111 today and tomorrow, most with a 111 clinical summary (allergies recorded,
 * "no known allergies", and not asked; a safeguarding concern about a child; a report replaced by a corrected
 * version; one still awaiting its summary), a 111 report for a walk-in with no booking, a patient who did not
 * attend waiting for a clinician's review, and a suspension earlier in the week. Invented people only: 999-range
 * NHS numbers, fictional addresses, Ofcom drama-range phone numbers.
 */
const ORG = { odsCode: "NZZ01", name: "Wessex Vale NHS 111 (demo)", asid: "200000000111" };
const ACTOR: ConsumerActor = { type: "consumer", asid: ORG.asid, odsCode: ORG.odsCode, orgName: ORG.name };

type Sections = DemoReportSection[];
interface Report {
  disposition: { code: string; text: string };
  sections: Sections;
  /** A corrected version sent later under the same set id (version 2). */
  correction?: Sections;
}
interface DemoPatient {
  given: string;
  family: string;
  birthDate: string;
  gender: "male" | "female";
  reason: string;
  /** false: the NHS number was sent but not traced (status 02). */
  verified?: boolean;
  /** null: booked, the 111 summary not yet received. */
  report: Report | null;
}

const DX02 = { code: "Dx02", text: "Attend Emergency Treatment Centre within 1 hour" };
const DX03 = { code: "Dx03", text: "Attend an Emergency Treatment Centre within 4 hours" };
const DX05 = { code: "Dx05", text: "Attend an Emergency Treatment Centre within 2 hours" };
const NKA: DemoReportSection = { title: "Allergies and Adverse Reactions", text: "No known allergies." };

function sections(condition: string, disposition: { code: string; text: string }, assessment: string, advice: string, ...more: Sections): Sections {
  return [
    { title: "Patient's Reported Condition", text: condition },
    { title: "Pathways Disposition", text: `${disposition.text} (${disposition.code})\nSelected service: Wessex General Hospital Emergency Department` },
    { title: "Pathways Assessment", text: assessment },
    { title: "Advice Given", text: advice },
    ...more,
  ];
}

/** Booked into today's arrival times, from 20 minutes after now. */
const TODAY: DemoPatient[] = [
  // The one still awaiting its summary: the board shows "Awaiting 111 summary" and the chase timer.
  { given: "Olivia", family: "Hartwell", birthDate: "1984-03-12", gender: "female", reason: "Chest pain, 111 disposition: attend ED within 1 hour", report: null },
  {
    given: "Jacob", family: "Penrose", birthDate: "2019-07-30", gender: "male", reason: "Possible fracture of left wrist after a fall",
    report: {
      disposition: DX03,
      sections: sections(
        "Fell off a trampoline about an hour ago. Left wrist painful and swollen, will not move it.",
        DX03,
        "An injury was the reason for the contact.\nNo heavy bleeding.\nThe wrist was swollen and painful to move.",
        "Give the child's usual dose of paracetamol. Do not eat or drink until seen, in case an operation is needed.",
        NKA,
        { title: "Safeguarding Concerns", text: "Mother says the family has a social worker and there is a child protection plan in place.\nThird attendance with an injury this month." },
      ),
    },
  },
  {
    given: "Amara", family: "Okonkwo", birthDate: "1957-11-02", gender: "female", reason: "Shortness of breath, worsening over 2 days",
    report: {
      disposition: DX02,
      sections: sections(
        "Short of breath for two days, worse today. Can speak in sentences.",
        DX02,
        "Breathing was harder than usual.\nNo chest pain.\nKnown to have asthma.",
        "If breathing gets worse on the way, call 999.",
        NKA,
        { title: "Current Medication", text: "Salbutamol inhaler as needed\nBeclometasone inhaler twice a day" },
      ),
      // The call handler corrects the allergies after the first report was sent.
      correction: sections(
        "Short of breath for two days, worse today. Can speak in sentences.",
        DX02,
        "Breathing was harder than usual.\nNo chest pain.\nKnown to have asthma.",
        "If breathing gets worse on the way, call 999.",
        { title: "Allergies and Adverse Reactions", text: "Penicillin: rash and facial swelling (patient called back to correct this)." },
        { title: "Current Medication", text: "Salbutamol inhaler as needed\nBeclometasone inhaler twice a day" },
      ),
    },
  },
  {
    given: "Daniel", family: "Ashcombe", birthDate: "1993-01-21", gender: "male", reason: "Deep cut to hand needing closure", verified: false,
    report: {
      disposition: DX05,
      sections: sections(
        "Cut the palm of the right hand on a broken glass. Bleeding controlled with pressure.",
        DX05,
        "The wound was deep and gaping.\nFeeling in the fingers was normal.",
        "Keep pressure on the wound and the hand raised.",
        { title: "Allergies and Adverse Reactions", text: "Not asked." },
      ),
    },
  },
  {
    given: "Priya", family: "Raman", birthDate: "1978-05-09", gender: "female", reason: "Severe abdominal pain",
    report: {
      disposition: DX02,
      sections: sections(
        "Sudden severe pain low on the right side of the abdomen since this morning. Vomited twice.",
        DX02,
        "The pain was severe.\nNot pregnant.\nNo blood in the vomit.",
        "Do not eat or drink until seen.",
        { title: "Allergies and Adverse Reactions", text: "Codeine: vomiting." },
      ),
    },
  },
  {
    given: "George", family: "Tamworth", birthDate: "1941-09-17", gender: "male", reason: "Fall at home, head injury, on anticoagulants",
    report: {
      disposition: DX02,
      sections: sections(
        "Tripped on the stairs at home and hit his head. Small cut on the forehead. Takes a blood thinner.",
        DX02,
        "A head injury was the reason for the contact.\nNo loss of consciousness.\nTakes an anticoagulant.",
        "Someone should stay with him. If he becomes drowsy or confused, call 999.",
        NKA,
        { title: "Current Medication", text: "Apixaban 5 mg twice a day\nRamipril 5 mg once a day" },
        { title: "Special Patient Notes", text: "Hard of hearing: please face him and speak clearly. Lives alone; his daughter will bring him." },
      ),
    },
  },
  {
    given: "Evie", family: "Marchbank", birthDate: "2008-12-03", gender: "female", reason: "Ankle injury, unable to bear weight",
    report: {
      disposition: DX03,
      sections: sections(
        "Twisted the right ankle playing netball. Cannot put weight on it.",
        DX03,
        "An injury was the reason for the contact.\nUnable to walk four steps.",
        "Rest, ice and keep the ankle raised.",
        NKA,
        { title: "Special Patient Notes", text: "Autistic: finds a busy waiting room distressing; a quieter place to wait helps." },
      ),
    },
  },
  {
    given: "Tomasz", family: "Nowicki", birthDate: "1969-04-26", gender: "male", reason: "Eye injury from a foreign body",
    report: {
      disposition: DX03,
      sections: sections(
        "Metal fragment in the left eye while grinding, about two hours ago. Eye red and watering.",
        DX03,
        "A foreign body was in the eye.\nVision was blurred in that eye.",
        "Do not rub the eye. Wear glasses to protect it on the way.",
        NKA,
      ),
    },
  },
];

/** Booked for tomorrow morning: the board and the booking page show the date, not only the time. */
const TOMORROW: DemoPatient[] = [
  {
    given: "Harriet", family: "Lowther", birthDate: "1990-06-14", gender: "female", reason: "Painful swollen calf after a long flight",
    report: {
      disposition: DX05,
      sections: sections("Left calf swollen and painful since a long flight two days ago.", DX05, "The calf was swollen and tender.\nNo shortness of breath.", "If you become short of breath or have chest pain, call 999.", NKA),
    },
  },
  {
    given: "Samuel", family: "Achebe", birthDate: "1972-02-28", gender: "male", reason: "Burn to forearm from a kettle",
    report: {
      disposition: DX05,
      sections: sections("Scalded the right forearm with boiling water this evening. Blistering.", DX05, "A burn was the reason for the contact.\nThe burn was larger than the palm of the hand.", "Cool the burn under running water for 20 minutes. Cover it loosely with cling film.", { title: "Allergies and Adverse Reactions", text: "Latex: itchy rash." }),
    },
  },
];

/** Booked early this morning and never came: waits for a clinician's review. */
const DID_NOT_ATTEND: DemoPatient = {
  given: "Leon", family: "Farrant", birthDate: "1988-10-05", gender: "male", reason: "Back pain after lifting, unable to sit",
  report: {
    disposition: DX05,
    sections: sections("Sudden back pain after lifting a sofa. No numbness.", DX05, "Back pain was the reason for the contact.\nNo loss of bladder or bowel control.", "Keep moving gently. Take paracetamol.", NKA),
  },
};

/** A 111 report for a patient told to go to the ED with no arrival time booked: an expected walk-in. */
const WALK_IN: DemoPatient = {
  given: "Ruby", family: "Castellan", birthDate: "2001-08-19", gender: "female", reason: "Allergic reaction",
  report: {
    disposition: DX02,
    sections: sections(
      "Lips and face swelling after eating a takeaway 30 minutes ago. Has used her adrenaline pen.",
      DX02,
      "An allergic reaction was the reason for the contact.\nNo difficulty breathing at the time of the call.",
      "If breathing becomes difficult, call 999.",
      { title: "Allergies and Adverse Reactions", text: "Peanuts: anaphylaxis." },
    ),
  },
};

interface Booked {
  appointmentId: string;
  documentId: string;
}

function demographics(p: DemoPatient, index: number) {
  return {
    nhsNumber: testNhsNumber(1000 + index * 37),
    phone: `07700 900${String(100 + index).padStart(3, "0")}`,
    addressLines: [`${10 + index} Orchard Way`, "Wessexford"],
    postcode: "WX2 7QT",
    verified: p.verified !== false,
  };
}

async function book(slot: { id: string }, p: DemoPatient, index: number, at: Date): Promise<Booked> {
  const d = demographics(p, index);
  const documentId = randomUUID();
  const { appointmentId } = await bookAppointment(
    {
      slotId: slot.id,
      source: "fhir",
      description: p.reason,
      documentRefId: documentId,
      bookingOrgOds: ORG.odsCode,
      bookingOrgName: ORG.name,
      consumerAsid: ORG.asid,
      patient: {
        nhsNumber: d.nhsNumber,
        nhsNumberStatus: d.verified ? "01" : "02",
        family: p.family,
        given: p.given,
        birthDate: p.birthDate,
        gender: p.gender,
        postcode: d.postcode,
        telecom: [{ system: "phone", value: d.phone, use: "mobile", rank: 1 }],
        address: [{ use: "home", line: d.addressLines, postalCode: d.postcode }],
        gpPracticeOds: "Z99901",
        gpPracticeName: "Orchard Way Surgery (demo)",
      },
      resource: ({ slot: s, now: t }) =>
        appointmentFromBooking({
          slot: s,
          now: t,
          description: p.reason,
          documentId,
          patient: {
            nhsNumber: d.nhsNumber,
            nhsNumberStatus: d.verified ? "01" : "02",
            statusDisplay: d.verified ? "Number present and verified" : "Number present but not traced",
            family: p.family,
            given: p.given,
            birthDate: p.birthDate,
            gender: p.gender,
            phone: d.phone,
            addressLines: d.addressLines,
            postcode: d.postcode,
          },
        }),
    },
    ACTOR,
    at,
  );
  return { appointmentId, documentId };
}

/**
 * The report 111 sends after booking, over ITK. A correction follows as version 2 of the same set: it waits for
 * a clerk to check it against the booking (as every changed report does), and the demo clerk has done so.
 */
async function sendReports(p: DemoPatient, index: number, booked: Booked | null, callStartedAt: Date, receivedAt: Date, clerk: StaffActor): Promise<void> {
  const documentId = booked?.documentId ?? randomUUID();
  if (!p.report) return;
  const d = demographics(p, index);
  const base = { setId: documentId, nhsNumber: d.nhsNumber, verified: d.verified, given: p.given, family: p.family, birthDate: p.birthDate, gender: p.gender, addressLines: d.addressLines, postcode: d.postcode, phone: d.phone, callStartedAt, disposition: p.report.disposition, caseRef: `DEMO${4100 + index}` };
  const send = (xml: string, at: Date) => receiveClinicalDocuments(parseItkMessage(xml), { source: "itk", actor: ACTOR, addressing: null, now: at });
  await send(demoReportXml({ ...base, documentId, versionNumber: 1, sections: p.report.sections }), receivedAt);
  if (p.report.correction && booked) {
    const at = new Date(receivedAt.getTime() + 6 * 60_000);
    const [changed] = await send(demoReportXml({ ...base, documentId: randomUUID(), versionNumber: 2, sections: p.report.correction }), at);
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: changed.recordId } });
    await linkDocumentToBooking({ recordId: row.id, bookingId: booked.appointmentId, expectedVersion: row.version, confirmed: true, note: "Checked against the booking: same patient (demo)" }, clerk, new Date(at.getTime() + 2 * 60_000));
  }
}

async function staffActor(client: Db, username: string): Promise<StaffActor> {
  const u = await client.staffUser.findUniqueOrThrow({ where: { username } });
  return { type: "staff", id: u.id, name: u.name, role: u.role as StaffActor["role"] };
}

const MINUTE = 60_000;

export async function seedDemoStory(client: Db, edServiceId: string, now: Date): Promise<void> {
  const clerk = await staffActor(client, "clerk");
  const clinician = await staffActor(client, "clinician");
  const today = londonToday(now);
  const startOfToday = startOfLondonDay(today);

  // A suspension two evenings ago, long over: the capacity page's history and the reports have one to show.
  const twoDaysAgo = addDays(today, -2);
  const [suspendFrom] = wallClockToInstants(twoDaysAgo, "18:00");
  const [suspendTo] = wallClockToInstants(twoDaysAgo, "20:00");
  if (suspendFrom && suspendTo) {
    await suspendBookings(edServiceId, { startsAt: suspendFrom, endsAt: suspendTo, reopensAutomatically: true, reason: "Department at full capacity (demo)" }, clerk, new Date(suspendFrom.getTime() - 2 * MINUTE));
  }

  // Did not attend: an arrival time well over the hour's grace ago, today (none when the demo starts just after
  // midnight). Booked an hour before it, marked now, waiting for the clinician's review.
  const dnaStart = new Date(Math.floor((now.getTime() - 90 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE);
  const dnaBookedAt = new Date(dnaStart.getTime() - 60 * MINUTE);
  if (dnaBookedAt >= startOfToday) {
    await generateSlots(dnaBookedAt, edServiceId);
    const slot = await client.slot.findFirst({ where: { serviceId: edServiceId, start: dnaStart, seq: 0 } });
    if (slot) {
      const b = await book(slot, DID_NOT_ATTEND, 20, dnaBookedAt);
      await sendReports(DID_NOT_ATTEND, 20, b, new Date(dnaBookedAt.getTime() - 20 * MINUTE), new Date(dnaBookedAt.getTime() + 2 * MINUTE), clerk);
      const a = await client.appointment.findFirstOrThrow({ where: { slotId: slot.id, status: "booked" } });
      await markDidNotAttend({ bookingId: a.id, expectedWorkflowVersion: a.workflowVersion }, clinician, now);
    }
  }

  // Today's arrival times: every third slot from 20 minutes on. The 111 call began half an hour before each
  // booking was made, and the report came a couple of minutes after it.
  const slots = await client.slot.findMany({
    where: { serviceId: edServiceId, start: { gte: new Date(now.getTime() + 20 * MINUTE) }, seq: 0 },
    orderBy: { start: "asc" },
    take: TODAY.length * 3,
  });
  for (let i = 0; i < TODAY.length && i * 3 < slots.length; i++) {
    const bookedAt = new Date(now.getTime() - (TODAY.length - i) * 4 * MINUTE);
    const b = await book(slots[i * 3], TODAY[i], i, bookedAt);
    await sendReports(TODAY[i], i, b, new Date(bookedAt.getTime() - 30 * MINUTE), new Date(Math.min(bookedAt.getTime() + 2 * MINUTE, now.getTime())), clerk);
  }

  // Tomorrow morning.
  const [tomorrowFrom] = wallClockToInstants(addDays(today, 1), "10:00");
  if (tomorrowFrom) {
    const later = await client.slot.findMany({ where: { serviceId: edServiceId, start: { gte: tomorrowFrom }, seq: 0 }, orderBy: { start: "asc" }, take: TOMORROW.length * 4 });
    for (let i = 0; i < TOMORROW.length && i * 4 < later.length; i++) {
      const index = 10 + i;
      const bookedAt = new Date(now.getTime() - (i + 1) * 3 * MINUTE);
      const b = await book(later[i * 4], TOMORROW[i], index, bookedAt);
      await sendReports(TOMORROW[i], index, b, new Date(bookedAt.getTime() - 25 * MINUTE), new Date(bookedAt.getTime() + MINUTE), clerk);
    }
  }

  // A walk-in: 111 told her to go now and sent the report; nothing was booked.
  await sendReports(WALK_IN, 30, null, new Date(now.getTime() - 35 * MINUTE), new Date(now.getTime() - 10 * MINUTE), clerk);
}
