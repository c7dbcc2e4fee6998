import { testNhsNumber } from "../../nhs/nhs-number";

/**
 * Invented people and 111 services for the simulator. Nothing here is real: NHS numbers are from the 999 test
 * range (valid check digit), phone numbers from Ofcom's drama range (07700 900xxx), postcodes from the fictional
 * WX area, ODS codes from the unissued NZZ range and ASIDs from a made-up block.
 */

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

/** A UUID v4 drawn from the seeded generator (so a seeded run sends the same document ids). */
export function seededUuid(rnd: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const GIVEN_FEMALE = ["Amelia", "Olivia", "Isla", "Ava", "Freya", "Priya", "Grace", "Maryam", "Niamh", "Zofia", "Eleanor", "Ruth", "Aisha", "Hannah", "Megan"];
const GIVEN_MALE = ["Oliver", "George", "Arthur", "Noah", "Harry", "Mohammed", "Jack", "Tomasz", "Dylan", "Rhys", "Samuel", "Kwame", "Callum", "Ravi", "Edward"];
const FAMILY = ["Ashworth", "Pemberton", "Okafor", "Fenwick", "Marchbank", "Nowicki", "Haldane", "Quayle", "Thistlewood", "Abernethy", "Rahman", "Whitlock", "Penhaligon", "Oyelaran", "Kowalczyk", "Dunmore", "Larkspur", "Tregarthen", "Sandford", "Ellery"];
const STREETS = ["Orchard Way", "Mill Lane", "Heron Court", "Larkspur Row", "Station Road", "Chapel Street", "Willow Close", "Kingfisher Drive", "Market Place", "Beacon Hill"];
const TOWNS = ["Wessexford", "Eastbury", "Westford", "Northcombe", "Southmere"];
const REASONS = [
  "Fall from a ladder, painful swollen wrist",
  "Chest pain on exertion, now settled",
  "Deep cut to the hand while cooking",
  "Ankle injury, unable to bear weight",
  "High temperature and rash in a child",
  "Foreign body in the eye",
  "Abdominal pain for six hours",
  "Head injury without loss of consciousness",
];

export interface SyntheticPatient {
  nhsNumber: string;
  given: string;
  family: string;
  prefix: string;
  gender: "male" | "female";
  /** YYYY-MM-DD */
  birthDate: string;
  line: string;
  town: string;
  postcode: string;
  phone: string;
  reason: string;
}

export function syntheticPatient(rnd: Random): SyntheticPatient {
  const gender = rnd() < 0.5 ? "female" : "male";
  const given = pick(rnd, gender === "female" ? GIVEN_FEMALE : GIVEN_MALE);
  const year = 1932 + Math.floor(rnd() * 93);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  return {
    nhsNumber: testNhsNumber(Math.floor(rnd() * 1_000_000)),
    given,
    family: pick(rnd, FAMILY),
    prefix: gender === "female" ? pick(rnd, ["Ms", "Mrs", "Miss"]) : "Mr",
    gender,
    birthDate: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
    line: `${1 + Math.floor(rnd() * 120)} ${pick(rnd, STREETS)}`,
    town: pick(rnd, TOWNS),
    postcode: `WX${1 + Math.floor(rnd() * 9)} ${1 + Math.floor(rnd() * 9)}${pick(rnd, ["AA", "AB", "BD", "QT", "ZZ", "HN"])}`,
    phone: `07700 900${String(Math.floor(rnd() * 1000)).padStart(3, "0")}`,
    reason: pick(rnd, REASONS),
  };
}

/** One simulated 111 service: its own Spine ASID, ODS code, device and call handler (the JWT's practitioner). */
export interface SimulatedService {
  index: number;
  asid: string;
  ods: string;
  name: string;
  device: { id: string; system: string; value: string; model: string; version: string };
  practitioner: { id: string; family: string; given: string; prefix: string; sdsUserId: string; sdsRoleProfileId: string };
}

const SERVICE_NAMES = [
  "Wessex Vale NHS 111",
  "Northshire Integrated Urgent Care",
  "Eastbury Clinical Assessment Service",
  "Southmere NHS 111",
  "Westford Urgent Care Hub",
  "Northcombe IUC",
  "Beacon Hill 111",
  "Kingfisher Clinical Hub",
];

export function simulatedService(index: number, rnd: Random): SimulatedService {
  const n = index + 1;
  const base = SERVICE_NAMES[index % SERVICE_NAMES.length];
  const name = `${base}${index >= SERVICE_NAMES.length ? ` ${Math.floor(index / SERVICE_NAMES.length) + 1}` : ""} (simulated)`;
  const gender = rnd() < 0.5;
  return {
    index,
    asid: `2000001${String(n).padStart(5, "0")}`,
    ods: `NZZ${String(10 + n).padStart(2, "0")}`,
    name,
    device: { id: "1", system: `https://sim-${n}.nhs111.example/Id/device`, value: `sim-111-${n}`, model: "111 simulator", version: "1.0" },
    practitioner: {
      id: String(100 + n),
      family: pick(rnd, FAMILY),
      given: pick(rnd, gender ? GIVEN_FEMALE : GIVEN_MALE),
      prefix: gender ? "Ms" : "Mr",
      sdsUserId: `G${String(10_000_000 + n * 7919).slice(-8)}`,
      sdsRoleProfileId: `R${String(8000 + n)}`,
    },
  };
}
