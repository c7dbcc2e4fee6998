import type { BookingStore } from "../booking/booking-store";
import { db } from "./client";
import { prismaBookingStore } from "./booking-store-prisma";
import { sqliteBookingStore } from "./booking-store-sqlite";
import { databaseKind, databaseUrl } from "./url";

/** The booking store of the configured database: prepared statements on SQLite, the ORM on PostgreSQL. */
export function bookingStore(): BookingStore {
  const url = databaseUrl();
  return databaseKind(url) === "sqlite" ? sqliteBookingStore(url) : prismaBookingStore(db());
}
