import { db } from "../db/client";

export interface AuditRow {
  id: string;
  at: Date;
  actorType: string;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  consumerOds: string | null;
}

export async function listAudit(filter: { action?: string; actorName?: string; limit?: number } = {}): Promise<AuditRow[]> {
  return db().auditEvent.findMany({
    where: {
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.actorName ? { actorName: { contains: filter.actorName } } : {}),
    },
    orderBy: { at: "desc" },
    take: Math.min(filter.limit ?? 200, 1000),
    select: { id: true, at: true, actorType: true, actorName: true, actorRole: true, action: true, entityType: true, entityId: true, outcome: true, consumerOds: true },
  });
}
