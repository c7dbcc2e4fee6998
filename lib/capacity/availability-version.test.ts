/**
 * Every instance keeps slot search answers keyed on each service's `availabilityVersion`, so every write that
 * changes what 111 can book must bump it in the same transaction (availability-change.ts). Nothing at run time
 * can tell a write that forgot; this reads the production source under lib/ and app/ and fails, naming file and
 * line, on any such write that is not made on the transaction `withAvailabilityChange` returned (or on a
 * parameter typed `BookableTx`, which only that transaction satisfies).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const HELPER = "withAvailabilityChange";
const HELPER_FILE = "lib/capacity/availability-change.ts";
const BOOKABLE_TX = /\bBookableTx\b/;

const CREATES = ["create", "createMany", "createManyAndReturn"];
const CHANGES = ["update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"];
const EVERY_WRITE = new Set([...CREATES, ...CHANGES]);
const CHANGES_ONLY = new Set(CHANGES);

/**
 * Every model that belongs to a service (directly or through a watched model), and which of its writes change
 * what 111 can book. A new such model fails "every model that belongs to a service is classified" until it is
 * added here.
 */
const MODELS: Record<string, { watched: ReadonlySet<string> } | { unwatched: string }> = {
  Slot: { watched: EVERY_WRITE },
  CapacityRule: { watched: EVERY_WRITE },
  CapacityOverride: { watched: EVERY_WRITE },
  CapacityBandOverride: { watched: EVERY_WRITE },
  Suspension: { watched: EVERY_WRITE },
  ConsumerQuota: { watched: EVERY_WRITE },
  DosServiceId: { watched: EVERY_WRITE },
  ScheduleDosLink: { watched: EVERY_WRITE },
  // A new schedule has no slots and no DoS id finds it until a link is made; changing one (out of use) hides slots.
  Schedule: { watched: CHANGES_ONLY },
  // A new service is found by no DoS id. Its limits live on its row: see `serviceDataIsBookable`.
  HealthcareService: { watched: CHANGES_ONLY },
  Appointment: { unwatched: "booked and cancelled only through the booking store, which bumps in its own transaction; the ED's workflow fields do not change what 111 can book" },
};

/** Columns of HealthcareService that say nothing about what 111 can book (`availabilityVersion` has its own rule). */
const SERVICE_BOOKKEEPING = new Set(["bookingSeq", "version", "updatedAt", "availabilityVersion"]);

/** Code that writes bookable data and bumps the version its own way, in the same transaction. */
const ALLOWED_PATHS: { glob: string; why: string }[] = [
  { glob: "lib/booking/**", why: "booking and cancelling go through the booking store, which bumps inside its own transaction" },
  { glob: "lib/db/booking-store*", why: "the booking store bumps inside its own transaction (SQL on its own connection included)" },
  { glob: "lib/seed/**", why: "builds a new database before any instance has served 111 from it" },
  { glob: HELPER_FILE, why: "the bump itself" },
];

/** Single writes that leave every cache valid, with the reason. Each must still match a write (see below). */
const ALLOWED_WRITES: { file: string; fn: string; what: string; why: string }[] = [
  {
    file: "lib/services/create-schedule.ts",
    fn: "createSchedule",
    what: "scheduleDosLink.create",
    why: "the new schedule has no slots, and each DoS id's active schedule links are part of every cache's key (dosSignature in slot-search-cache.ts)",
  },
  {
    file: "lib/outbox/bars-feedback-outbox.ts",
    fn: "setBarsFeedback",
    what: "healthcareService.update",
    why: "writes only barsFeedback (whether did-not-attend feedback goes back to 111), which no slot search or booking check reads",
  },
];

interface Finding {
  file: string;
  line: number;
  /** The top-level declaration the write is in. */
  fn: string;
  what: string;
}

const ACCESSORS = new Map(Object.keys(MODELS).map((m) => [m[0].toLowerCase() + m.slice(1), m]));
const RAW = new Set(["$executeRaw", "$executeRawUnsafe", "$queryRaw", "$queryRawUnsafe"]);
const SQL_WRITE = new RegExp(`\\b(INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+"?(${Object.keys(MODELS).join("|")})"?(?!\\w)`, "gi");
const SQL_BUMP = /\bSET\b[^;]*?"?availabilityVersion"?\s*=/i;
const ATOMIC = new Set(["increment", "decrement", "multiply", "divide", "set"]);

const skip = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isNonNullExpression(e) ? skip(e.expression) : e);
const nameOf = (n: ts.PropertyName | ts.BindingName | undefined) => (n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text : undefined);

function isHelperCall(e: ts.Expression): boolean {
  const c = skip(e);
  if (!ts.isCallExpression(c)) return false;
  return (ts.isIdentifier(c.expression) && c.expression.text === HELPER) || (ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === HELPER);
}

/** The parameter, variable or destructured binding an identifier refers to (lexically, by name). */
function declarationOf(id: ts.Identifier): ts.Node | undefined {
  const bound = (name: ts.BindingName): ts.Node | undefined => {
    if (ts.isIdentifier(name)) return name.text === id.text ? name : undefined;
    for (const el of name.elements) {
      if (ts.isOmittedExpression(el)) continue;
      if (ts.isIdentifier(el.name) ? el.name.text === id.text : bound(el.name)) return ts.isIdentifier(el.name) ? el : bound(el.name);
    }
    return undefined;
  };
  const inList = (list: ts.VariableDeclarationList | ts.Expression | undefined) => {
    if (!list || !ts.isVariableDeclarationList(list)) return undefined;
    for (const d of list.declarations) {
      const hit = bound(d.name);
      if (hit) return hit === d.name ? d : hit;
    }
    return undefined;
  };
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      for (const p of scope.parameters) {
        const hit = bound(p.name);
        if (hit) return hit === p.name ? p : hit;
      }
    }
    if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
      const hit = inList(scope.initializer);
      if (hit) return hit;
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
      for (const st of scope.statements) {
        const hit = ts.isVariableStatement(st) ? inList(st.declarationList) : undefined;
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** True when `e` is the transaction `withAvailabilityChange` returned, or a parameter typed `BookableTx`. */
function isBookableTx(e: ts.Expression, sf: ts.SourceFile): boolean {
  const r = skip(e);
  if (ts.isPropertyAccessExpression(r)) {
    if (r.name.text !== "tx") return false;
    if (isHelperCall(r.expression)) return true;
    const holder = skip(r.expression);
    const d = ts.isIdentifier(holder) ? declarationOf(holder) : undefined;
    return d !== undefined && ts.isVariableDeclaration(d) && d.initializer !== undefined && isHelperCall(d.initializer);
  }
  if (!ts.isIdentifier(r)) return false;
  const d = declarationOf(r);
  if (!d) return false;
  if (ts.isParameter(d) || ts.isVariableDeclaration(d)) {
    if (d.type && BOOKABLE_TX.test(d.type.getText(sf))) return true;
    return ts.isVariableDeclaration(d) && d.initializer !== undefined && ts.isPropertyAccessExpression(skip(d.initializer)) && isBookableTx(d.initializer, sf);
  }
  if (ts.isBindingElement(d) && ts.isObjectBindingPattern(d.parent) && ts.isVariableDeclaration(d.parent.parent)) {
    const key = nameOf(d.propertyName ?? d.name);
    const init = d.parent.parent.initializer;
    return key === "tx" && init !== undefined && isHelperCall(init);
  }
  return false;
}

/** A write to the service row is bookable unless its `data` provably sets bookkeeping columns only. */
function serviceDataIsBookable(call: ts.CallExpression, op: string): boolean {
  if (op === "upsert" || op.startsWith("delete")) return true;
  const arg = call.arguments[0];
  if (!arg || !ts.isObjectLiteralExpression(arg)) return true;
  const data = arg.properties.find((p) => ts.isPropertyAssignment(p) && nameOf(p.name) === "data");
  if (!data || !ts.isPropertyAssignment(data) || !ts.isObjectLiteralExpression(data.initializer)) return true;
  return data.initializer.properties.some((p) => ts.isSpreadAssignment(p) || !SERVICE_BOOKKEEPING.has(nameOf(p.name) ?? ""));
}

function literalText(n: ts.Node): string | undefined {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => `\${}${s.literal.text}`).join("");
  return undefined;
}

/** The receiver of the raw-SQL call a literal is an argument of (through `Prisma.sql` and the like), if any. */
function rawReceiver(n: ts.Node): ts.Expression | undefined {
  for (let p: ts.Node | undefined = n.parent; p && !ts.isFunctionLike(p); p = p.parent) {
    const callee = ts.isTaggedTemplateExpression(p) ? p.tag : ts.isCallExpression(p) ? p.expression : undefined;
    if (callee && ts.isPropertyAccessExpression(callee) && RAW.has(callee.name.text)) return callee.expression;
  }
  return undefined;
}

function topLevelName(n: ts.Node): string {
  let top = n;
  while (top.parent && !ts.isSourceFile(top.parent)) top = top.parent;
  if ((ts.isFunctionDeclaration(top) || ts.isClassDeclaration(top)) && top.name) return top.name.text;
  if (ts.isVariableStatement(top)) return top.declarationList.declarations.map((d) => nameOf(d.name) ?? "?").join(",");
  return "(module)";
}

/** The writes in one source file that change what 111 can book without the bump. */
export function unbumpedWrites(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Finding[] = [];
  const flag = (n: ts.Node, what: string) => found.push({ file, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, fn: topLevelName(n), what });

  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isPropertyAccessExpression(n.expression.expression)) {
      const op = n.expression.name.text;
      const accessor = n.expression.expression.name.text;
      const model = ACCESSORS.get(accessor);
      const watch = model ? MODELS[model] : undefined;
      if (watch && "watched" in watch && watch.watched.has(op) && (model !== "HealthcareService" || serviceDataIsBookable(n, op))) {
        if (!isBookableTx(n.expression.expression.expression, sf)) flag(n, `${accessor}.${op}`);
      }
    }
    // `data: { availabilityVersion: … }` or `availabilityVersion: { increment: 1 }`: a bump that is not the helper's.
    if (ts.isPropertyAssignment(n) && nameOf(n.name) === "availabilityVersion") {
      const holder = n.parent.parent;
      const inData = ts.isPropertyAssignment(holder) && ["data", "create", "update"].includes(nameOf(holder.name) ?? "");
      const atomic = ts.isObjectLiteralExpression(n.initializer) && n.initializer.properties.some((p) => ATOMIC.has(nameOf(p.name) ?? ""));
      if (inData || atomic) flag(n, `availabilityVersion bumped by hand (use ${HELPER})`);
    }
    const sql = literalText(n);
    if (sql !== undefined) {
      if (SQL_BUMP.test(sql)) flag(n, `availabilityVersion bumped by hand in SQL (use ${HELPER})`);
      for (const m of sql.matchAll(SQL_WRITE)) {
        const verb = m[1].split(/\s+/)[0].toUpperCase();
        const model = Object.keys(MODELS).find((k) => k.toLowerCase() === m[2].toLowerCase())!;
        const watch = MODELS[model];
        const op = verb === "UPDATE" ? "update" : verb === "DELETE" ? "delete" : "create";
        if (!("watched" in watch) || !watch.watched.has(op)) continue;
        if (model === "HealthcareService" && op === "update") {
          const set = /\bSET\b([\s\S]*?)(?:\bWHERE\b|$)/i.exec(sql.slice(m.index))?.[1] ?? "";
          const columns = [...set.matchAll(/"?(\w+)"?\s*=/g)].map((c) => c[1]);
          if (columns.length > 0 && columns.every((c) => SERVICE_BOOKKEEPING.has(c))) continue;
        }
        const receiver = rawReceiver(n);
        if (!receiver || !isBookableTx(receiver, sf)) flag(n, `SQL ${m[0].replace(/\s+/g, " ")}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const globRe = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\0").replace(/\*/g, "[^/]*").replace(/\0/g, ".*")}$`);
const allowedPath = (file: string) => ALLOWED_PATHS.some((a) => globRe(a.glob).test(file));
const allowedWrite = (f: Finding) => ALLOWED_WRITES.some((a) => a.file === f.file && a.fn === f.fn && a.what === f.what);
const show = (f: Finding) => `${f.file}:${f.line} ${f.what} (in ${f.fn})`;

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name).split("\\").join("/");
    if (e.isDirectory()) return ["node_modules", "lib/testing", "lib/db/generated"].includes(path) || e.name === "node_modules" ? [] : productionFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

describe("every change to what 111 can book bumps availabilityVersion", () => {
  const files = [...productionFiles("lib"), ...productionFiles("app")];
  const findings = files.flatMap((f) => unbumpedWrites(f, readFileSync(f, "utf8")));

  it(`production code writes slots, rules, limits, suspensions, quotas, schedules and DoS ids only on the transaction ${HELPER} returned`, () => {
    expect(files.length).toBeGreaterThan(100);
    const offending = findings.filter((f) => !allowedPath(f.file) && !allowedWrite(f)).map(show);
    expect(offending, `bookable data written without ${HELPER} (${HELPER_FILE}) in the same transaction`).toEqual([]);
  });

  it("every exception still matches a write, so none outlives the code it excused", () => {
    const unused = ALLOWED_WRITES.filter((a) => !findings.some((f) => f.file === a.file && f.fn === a.fn && f.what === a.what));
    expect(unused).toEqual([]);
  });

  it("every model that belongs to a service is classified", () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const relations = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, model, body]) => ({
      model,
      to: [...body.matchAll(/^\s+\w+\s+(\w+)\??\s+@relation/gm)].map((r) => r[1]),
    }));
    const belongs = new Set(["HealthcareService"]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of relations) {
        const parent = r.to.find((t) => belongs.has(t) && "watched" in (MODELS[t] ?? { watched: null }));
        if (parent && !belongs.has(r.model)) {
          belongs.add(r.model);
          grew = true;
        }
      }
    }
    expect([...belongs].filter((m) => !(m in MODELS))).toEqual([]);
    expect(Object.keys(MODELS).filter((m) => !belongs.has(m))).toEqual([]);
  });
});

describe("the check itself", () => {
  const lines = (src: string) => unbumpedWrites("lib/capacity/new-writer.ts", src).map((f) => `${f.line} ${f.what} (in ${f.fn})`);

  it("fails a new use case that writes slots without the bump, naming the line", () => {
    const src = [
      `import { db } from "../db/client";`,
      `export async function closeCubicle(slotId: string) {`,
      `  await db().$transaction(async (tx) => {`,
      `    await tx.slot.updateMany({ where: { id: slotId, status: "free" }, data: { status: "blocked" } });`,
      `  });`,
      `}`,
    ].join("\n");
    expect(lines(src)).toEqual(["4 slot.updateMany (in closeCubicle)"]);
    const found = unbumpedWrites("lib/capacity/new-writer.ts", src);
    expect(found.filter((f) => !allowedPath(f.file) && !allowedWrite(f)).map(show)).toEqual(["lib/capacity/new-writer.ts:4 slot.updateMany (in closeCubicle)"]);
  });

  it("fails writes to limits, suspensions and quotas, inside or outside a transaction", () => {
    const src = `
      export async function surge(serviceId: string) {
        await db().suspension.create({ data: { serviceId } });
        await db().$transaction(async (tx) => {
          await tx.consumerQuota.deleteMany({ where: { serviceId } });
          await tx.healthcareService.updateMany({ where: { id: serviceId }, data: { capPerHour: 3, version: { increment: 1 } } });
          await tx.healthcareService.update({ where: { id: serviceId }, data: { ...limits } });
          await tx.capacityRule.create({ data: {} });
        });
      }`;
    expect(lines(src)).toEqual([
      "3 suspension.create (in surge)",
      "5 consumerQuota.deleteMany (in surge)",
      "6 healthcareService.updateMany (in surge)",
      "7 healthcareService.update (in surge)",
      "8 capacityRule.create (in surge)",
    ]);
  });

  it("fails a write on the plain transaction even when the same function called the helper", () => {
    const src = `
      export async function half(tx: Tx, a: string, b: string) {
        const { tx: bookable } = await withAvailabilityChange(tx, a);
        await bookable.slot.deleteMany({ where: { serviceId: a } });
        await tx.slot.deleteMany({ where: { serviceId: b } });
      }`;
    expect(lines(src)).toEqual(["5 slot.deleteMany (in half)"]);
  });

  it("fails raw SQL writes, and a bump written by hand instead of through the helper", () => {
    const src = `
      const FREE = 'UPDATE "Slot" SET "status" = ? WHERE "id" = ?';
      export async function raw(tx: Tx, id: string) {
        await tx.$executeRaw\`DELETE FROM "Suspension" WHERE "id" = \${id}\`;
        await tx.$executeRawUnsafe(\`INSERT INTO ConsumerQuota ("id") VALUES ($1)\`, id);
        await tx.healthcareService.update({ where: { id }, data: { availabilityVersion: { increment: 1 } } });
      }`;
    expect(lines(src)).toEqual([
      '2 SQL UPDATE "Slot" (in FREE)',
      '4 SQL DELETE FROM "Suspension" (in raw)',
      "5 SQL INSERT INTO ConsumerQuota (in raw)",
      "6 availabilityVersion bumped by hand (use withAvailabilityChange) (in raw)",
    ]);
  });

  it("fails a function handed a plain transaction that writes bookable data; its callers must pass a BookableTx", () => {
    expect(lines(`export async function put(tx: Tx) { await tx.slot.create({ data: {} }); }`)).toEqual(["1 slot.create (in put)"]);
    expect(lines(`export async function put(tx: BookableTx) { await tx.slot.create({ data: {} }); }`)).toEqual([]);
  });

  it("passes the helper's transaction, however it is reached, and writes that change nothing 111 can book", () => {
    const src = `
      export async function ok(serviceId: string) {
        await db().$transaction(async (tx) => {
          await tx.healthcareService.update({ where: { id: serviceId }, data: { bookingSeq: { increment: 0 } } });
          const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, serviceId);
          const change = await withAvailabilityChange(tx, serviceId);
          const again = change.tx;
          await bookable.slot.updateMany({ where: { serviceId }, data: { status: "blocked" } });
          await again.suspension.create({ data: { serviceId, reason: service.name } });
          await (await withAvailabilityChange(tx, serviceId)).tx.consumerQuota.deleteMany({ where: { serviceId } });
          await bookable.$executeRaw\`UPDATE "Slot" SET "status" = 'free' WHERE "serviceId" = \${serviceId}\`;
          await reconcile(async () => { await bookable.capacityRule.updateMany({ where: { serviceId }, data: { active: false } }); });
          await tx.appointment.update({ where: { id: "a" }, data: { edStatus: "arrived" } });
          await tx.healthcareService.create({ data: { name: "New" } });
          await tx.schedule.create({ data: { serviceId } });
          return tx.healthcareService.findMany({ select: { availabilityVersion: true } });
        });
      }`;
    expect(lines(src)).toEqual([]);
  });
});
