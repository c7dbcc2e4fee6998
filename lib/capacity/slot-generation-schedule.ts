import { generateSlots } from "./generate-slots";

const DEFAULT_INTERVAL_MINUTES = 5;

let timer: NodeJS.Timeout | null = null;

/** Generates slots now and then every SLOT_GENERATION_INTERVAL_MINUTES (default 5). */
export function startSlotGenerationSchedule(): void {
  if (timer) return;
  const minutes = Number(process.env.SLOT_GENERATION_INTERVAL_MINUTES ?? DEFAULT_INTERVAL_MINUTES);
  const every = Math.max(1, Number.isFinite(minutes) ? minutes : DEFAULT_INTERVAL_MINUTES) * 60_000;
  const run = async () => {
    try {
      const r = await generateSlots();
      if (r.created > 0) console.log(JSON.stringify({ level: "info", msg: "slots generated", created: r.created, services: r.services }));
    } catch (e) {
      console.error(JSON.stringify({ level: "error", msg: "slot generation failed", error: e instanceof Error ? e.message : String(e) }));
    }
  };
  void run();
  timer = setInterval(run, every);
  timer.unref();
}
