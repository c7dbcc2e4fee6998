import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { boardStalenessSeconds, documentsByState } from "./database-metrics";
import { metrics } from "./metrics";

function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(" ")[1]) : undefined;
}

describe("metrics read from the database at scrape time", () => {
  it("board staleness: absent until watching starts, then seconds since the board was last open", async () => {
    expect(await boardStalenessSeconds()).toBeNull();
    expect(sample(await metrics().registry.metrics(), "ed_arrivals_board_staleness_seconds", '{board="arrivals"}')).toBeUndefined();

    const now = new Date();
    await db().appState.create({ data: { key: "arrivals.board-watch-started", value: new Date(now.getTime() - 600_000).toISOString() } });
    expect(Math.round((await boardStalenessSeconds(now))!)).toBe(600);
    // A manager on the board does not count; a clerk does.
    await db().boardPresence.create({ data: { staffUserId: "m1", siteId: "s1", role: "manager", lastSeenAt: new Date(now.getTime() - 10_000) } });
    expect(Math.round((await boardStalenessSeconds(now))!)).toBe(600);
    await db().boardPresence.create({ data: { staffUserId: "c1", siteId: "s1", role: "clerk", lastSeenAt: new Date(now.getTime() - 90_000) } });
    expect(Math.round((await boardStalenessSeconds(now))!)).toBe(90);
    const scraped = sample(await metrics().registry.metrics(), "ed_arrivals_board_staleness_seconds", '{board="arrivals"}')!;
    expect(scraped).toBeGreaterThanOrEqual(90);
    expect(scraped).toBeLessThan(150);
  });

  it("documents by their current state", async () => {
    const doc = (n: number, state: string) => db().clinicalDocument.create({ data: { documentId: `d${n}`, contentSha256: `s${n}`, content: "<x/>", source: "itk", state } });
    await doc(1, "linked");
    await doc(2, "linked");
    await doc(3, "needs-review");
    expect(await documentsByState()).toEqual({ linked: 2, "needs-review": 1 });
    const text = await metrics().registry.metrics();
    expect(sample(text, "ed_clinical_documents", '{state="linked"}')).toBe(2);
    expect(sample(text, "ed_clinical_documents", '{state="needs-review"}')).toBe(1);
  });
});
