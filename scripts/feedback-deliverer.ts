// One delivering process for the feedback crash test: the sender the server starts (instrumentation.ts), alone.
//   DATABASE_URL=… BARS_FEEDBACK_…=… npx tsx scripts/feedback-deliverer.ts
import { startBarsFeedback } from "../lib/doors/bars-r4/outbound/start-feedback";

const sender = startBarsFeedback();
if (!sender) {
  console.error("[deliverer] BARS_FEEDBACK_* is not configured");
  process.exit(2);
}
console.log(`[deliverer] ${sender.owner} delivering`);
setInterval(() => {}, 1 << 30);
