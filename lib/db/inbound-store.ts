import type { InboundStore } from "../inbound/inbound-store";
import { db } from "./client";
import { prismaInboundStore } from "./inbound-store-prisma";
import { sqliteInboundStore } from "./inbound-store-sqlite";
import { databaseKind, databaseUrl } from "./url";

/** The inbound-message store of the configured database: prepared statements on SQLite, the ORM on PostgreSQL. */
export function inboundStore(): InboundStore {
  const url = databaseUrl();
  return databaseKind(url) === "sqlite" ? sqliteInboundStore(url) : prismaInboundStore(db());
}
