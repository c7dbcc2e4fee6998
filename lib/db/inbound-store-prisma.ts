/** The inbound-message store through the ORM, for PostgreSQL. Each step is one statement, conditional on what was read. */
import type { InboundStore, InboundTx } from "../inbound/inbound-store";
import type { Db } from "./client";
import { isUniqueViolation } from "./unique-violation";

function prismaInboundTx(db: Db): InboundTx {
  return {
    insert: async (id, r) => {
      try {
        await db.barsMessage.create({ data: { id, ...r, state: "processing" }, select: { id: true } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    byRequestId: (requestId) =>
      db.barsMessage.findUnique({ where: { requestId }, select: { id: true, state: true, receivedAt: true, appointmentId: true, referralId: true } }),
    takeOver: async (seen, r) =>
      (
        await db.barsMessage.updateMany({
          where: { id: seen.id, state: seen.state, receivedAt: seen.receivedAt },
          data: { ...r, state: "processing", bundleId: null, event: null, reason: null, httpStatus: null, recCode: null, finishedAt: null },
        })
      ).count === 1,
    bundleIdUsed: async (bundleId, exceptId) =>
      (await db.barsMessage.findFirst({ where: { bundleId, reason: "new", state: "done", NOT: { id: exceptId } }, select: { id: true } })) !== null,
    finish: async (id, o) => {
      await db.barsMessage.update({ where: { id }, data: o });
    },
  };
}

export function prismaInboundStore(db: Db): InboundStore {
  return { transaction: async (work) => work(prismaInboundTx(db)) };
}
