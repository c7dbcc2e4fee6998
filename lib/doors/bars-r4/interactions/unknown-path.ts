import { barsRoute } from "../bars-route";
import { notFound } from "../rec-errors";

const ALL = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

/** Every address under /R4 that is not an interaction: a 404 OperationOutcome, never the web app's page. */
export const unknownPathRoute = barsRoute({ id: "unknown-path", methods: ALL }, async (ctx) => {
  throw notFound(`${ctx.url.pathname.slice(0, 200)} is not an interaction of this receiver`);
});
