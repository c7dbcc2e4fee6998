/**
 * HAZ-071: board presence is per site. A board open for one hospital must not hide that nobody is watching the ED
 * at another: the warning names the unwatched site, the automatic suspension stops only its services, and a board
 * showing every site of a multi-site trust counts for none of them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import type { StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { arrivalsConfig } from "./arrivals-config";
import { AUTO_SUSPENSION_REASON, boardUnseenStatus, checkBoardUnseen, recordBoardPresence, watchStatusForPage } from "./board-presence";
import { boardStalenessSeconds } from "../observability/database-metrics";

const clinician: StaffActor = { type: "staff", id: "clin-71", name: "Dr Watch", role: "clinician" };
const cfg = { ...arrivalsConfig(), boardUnseenMinutes: 15, boardUnseenSuspend: true };
const minutes = (t: Date, m: number) => new Date(t.getTime() + m * 60_000);

describe("board presence per site (HAZ-071)", () => {
  let siteA: { id: string; name: string };
  let siteB: { id: string; name: string };
  const t0 = new Date();

  beforeAll(async () => {
    await seedDemo(db());
    const sites = await db().site.findMany({ where: { services: { some: { active: true } } }, orderBy: { name: "asc" } });
    expect(sites.length).toBeGreaterThanOrEqual(2);
    [siteA, siteB] = sites;
    await db().boardPresence.deleteMany();
    expect(await checkBoardUnseen(t0, cfg)).toBe(0);
  });

  it("a board open for one site leaves the other site's board unseen, and says which", async () => {
    // Someone watches site A the whole time; nobody watches site B.
    for (let m = 0; m <= 16; m += 4) await recordBoardPresence(clinician, { siteId: siteA.id }, minutes(t0, m));
    const status = await boardUnseenStatus(minutes(t0, 16), cfg);
    expect(status.unseen).toBe(true);
    expect(status.sites.find((s) => s.siteId === siteA.id)).toMatchObject({ unseen: false });
    expect(status.sites.find((s) => s.siteId === siteB.id)).toMatchObject({ unseen: true, lastSeenAt: null });
    expect(watchStatusForPage(status).sites.map((s) => s.siteName)).toEqual([siteB.name]);
    expect(Math.round((await boardStalenessSeconds(minutes(t0, 16)))!)).toBe(16 * 60);
  });

  it("suspends only the unwatched site's services, and lifts them only when that site's board is opened", async () => {
    const made = await checkBoardUnseen(minutes(t0, 16), cfg);
    const bServices = await db().healthcareService.count({ where: { active: true, siteId: siteB.id } });
    expect(made).toBe(bServices);
    const auto = await db().suspension.findMany({ where: { reason: { startsWith: AUTO_SUSPENSION_REASON }, liftedAt: null }, include: { service: true } });
    expect(auto.every((s) => s.service.siteId === siteB.id)).toBe(true);
    expect(auto[0].reason).toContain(siteB.name);

    // Site A's board again lifts nothing of site B's.
    expect((await recordBoardPresence(clinician, { siteId: siteA.id }, minutes(t0, 17))).liftedSuspensions).toBe(0);
    const opened = await recordBoardPresence(clinician, { siteId: siteB.id }, minutes(t0, 18));
    expect(opened).toMatchObject({ liftedSuspensions: bServices, watchingSiteIds: [siteB.id], chooseSite: false });
    expect(await db().suspension.count({ where: { reason: { startsWith: AUTO_SUSPENSION_REASON }, liftedAt: null } })).toBe(0);
    expect((await boardUnseenStatus(minutes(t0, 19), cfg)).unseen).toBe(false);
  });

  it("a board showing every site of a multi-site trust counts for none of them and asks for the site", async () => {
    const all = await recordBoardPresence(clinician, { siteId: null }, minutes(t0, 40));
    expect(all).toEqual({ liftedSuspensions: 0, watchingSiteIds: [], chooseSite: true });
    const status = await boardUnseenStatus(minutes(t0, 40), cfg);
    expect(status.sites.every((s) => s.unseen)).toBe(true);
  });

  it("refuses a heartbeat for a site that does not exist, and records nothing", async () => {
    const before = await db().boardPresence.count();
    await expect(recordBoardPresence(clinician, { siteId: "no-such-site" }, minutes(t0, 41))).rejects.toBeInstanceOf(InvalidInput);
    expect(await db().boardPresence.count()).toBe(before);
  });
});
