import { describe, expect, it } from "vitest";
import { NextResponse } from "next/server";
import { DatabaseUnavailable, InvalidInput } from "../errors";
import { staffErrorResponse } from "../auth/with-staff";
import { fhirErrorKindForDomainError, fhirErrorResponse } from "../doors/uec-stu3/operation-outcome";
import { asDatabaseUnavailable } from "./database-unavailable";

const err = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

describe("asDatabaseUnavailable: the one map from driver errors to an outage", () => {
  it.each([
    ["pg refused", err("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED" })],
    ["pg connect timeout", err("timeout exceeded when trying to connect")],
    ["pg query timeout", err("Query read timeout")],
    ["pg statement timeout", err("canceling statement due to statement timeout", { code: "57014" })],
    ["pg shutting down", err("terminating connection due to administrator command", { code: "57P01" })],
    ["pg disk full", err("could not extend file", { code: "53100" })],
    ["Prisma pool timeout", err("Timed out fetching a new connection from the connection pool", { code: "P2024" })],
    ["Prisma transaction start", err("Unable to start a transaction in the given time.", { code: "P2028" })],
    ["Prisma wrapping a driver error", err("Invalid `prisma.slot.findMany()` invocation", { cause: err("x", { code: "ECONNRESET" }) })],
    ["SQLite full", err("database or disk is full", { code: "SQLITE_FULL" })],
    ["SQLite read-only", err("attempt to write a readonly database", { code: "SQLITE_READONLY_DBMOVED" })],
    ["SQLite I/O", err("disk I/O error", { code: "SQLITE_IOERR_WRITE" })],
    ["SQLite busy", err("database is locked", { code: "SQLITE_BUSY" })],
  ])("%s is DatabaseUnavailable", (_name, e) => {
    const mapped = asDatabaseUnavailable(e);
    expect(mapped).toBeInstanceOf(DatabaseUnavailable);
    expect(mapped!.message).not.toMatch(/ECONN|SQLITE|57014|P20/);
  });

  it.each([
    ["a unique constraint", err("Unique constraint failed on the fields: (`slotId`)", { code: "P2002" })],
    ["a domain error", new InvalidInput("Bad NHS number")],
    ["a SQLite constraint", err("UNIQUE constraint failed: Appointment.x", { code: "SQLITE_CONSTRAINT_UNIQUE" })],
    ["a plain bug", new TypeError("x is undefined")],
  ])("%s is not an outage", (_name, e) => {
    expect(asDatabaseUnavailable(e)).toBeNull();
  });
});

describe("each door's answer for DatabaseUnavailable", () => {
  it("FHIR STU3: 503 transient OperationOutcome", () => {
    expect(fhirErrorKindForDomainError(new DatabaseUnavailable())).toBe("database-unavailable");
    const r = fhirErrorResponse("database-unavailable");
    expect(r.status).toBe(503);
    expect(r.body.issue[0].code).toBe("transient");
  });

  it("staff APIs: 503 JSON in plain English with Retry-After", async () => {
    const res: NextResponse = staffErrorResponse(new DatabaseUnavailable("x", 7));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("7");
    expect((await res.json()).error).toMatch(/cannot reach its database just now\. Nothing was changed/);
  });
});
