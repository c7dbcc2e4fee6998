import type { BookingStore } from "../booking/booking-store";
import { pgBookingStore } from "./booking-store-pg";
import { sqliteBookingStore } from "./booking-store-sqlite";
import { databaseKind, databaseUrl } from "./url";

/**
 * The booking store of the configured database: prepared statements on both (SQLite with group commit, PostgreSQL on
 * the instance's pool). The ORM store (booking-store-prisma.ts) is the reference the two-stores test compares with.
 */
export function bookingStore(): BookingStore {
  const url = databaseUrl();
  return databaseKind(url) === "sqlite" ? sqliteBookingStore(url) : pgBookingStore(url);
}
