/**
 * A stub of the NHS API platform and a 111 BaRS receiver, on loopback, for tests and the demo: an OAuth2 token
 * endpoint that checks our signed client assertion (RS512, private_key_jwt) and issues short tokens, and a
 * `$process-message` that checks the feedback headers and processes each X-Request-Id once (a resend of a processed
 * one gets 409 duplicate, and is counted). Each answer can be scripted: 200, 400, 401, 408, 429, 503, `hang` (no
 * answer, nothing processed) or `lose` (processed, then the connection is dropped, so the sender never hears).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify, type CryptoKey } from "jose";

export type StubAnswer = 200 | 400 | 401 | 403 | 408 | 429 | 503 | "hang" | "lose";

export interface StubReceived {
  at: number;
  requestId: string;
  correlationId: string;
  headers: Record<string, string>;
  body: string;
  answered: number | "hang" | "lose";
  token: string | null;
}

export interface StubStats {
  processed: Record<string, { at: number; bundleId: string; nhsNumber: string | null; targetDosId: string | null; responseTo: string | null }>;
  resends: number;
  received: number;
  tokensIssued: number;
  answers: Record<string, number>;
}

export interface FeedbackStub {
  url: string;
  tokenUrl: string;
  proxyUrl: string;
  clientId: string;
  keyId: string;
  privateKeyPem: string;
  received: StubReceived[];
  processed: Map<string, StubStats["processed"][string]>;
  resends: number;
  /** Requests received and not yet answered (or dropped). */
  inflight: number;
  tokensIssued: string[];
  /** Answers to give next, in order, before the default (200 when processed). */
  script(...answers: StubAnswer[]): void;
  /** Every token issued so far stops working (as after a key rotation at the platform). */
  revokeTokens(): void;
  /** expires_in of new tokens, in seconds. */
  tokenLifetimeSeconds: number;
  stats(): StubStats;
  close(): Promise<void>;
}

const USE_CONTEXT = /^a[0-9]t[0-9][|](referral|validation)[|]servicerequest(-request|-response)[|](new|update)$/;

function outcome(res: ServerResponse, status: number, code: string, rec: string, diagnostics: string, ids: { r?: string; c?: string } = {}) {
  res.writeHead(status, { "Content-Type": "application/fhir+json", ...(ids.r ? { "X-Request-ID": ids.r } : {}), ...(ids.c ? { "X-Correlation-ID": ids.c } : {}) });
  res.end(JSON.stringify({ resourceType: "OperationOutcome", issue: [{ severity: "error", code, details: { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/http-error-codes", code: rec }] }, diagnostics }] }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const decode = (v: string | undefined) => {
  try {
    return v ? (JSON.parse(Buffer.from(v, "base64").toString("utf8")) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export async function startFeedbackStub(options: {
  port?: number;
  clientId?: string;
  keyId?: string;
  tokenLifetimeSeconds?: number;
  keys?: { privateKeyPem: string; publicKeyPem: string };
  /** Milliseconds to wait before processing and again before answering (the crash test makes kills land in both gaps). */
  delayMs?: () => number;
} = {}): Promise<FeedbackStub> {
  let privateKeyPem: string;
  let publicKey: CryptoKey;
  if (options.keys) {
    privateKeyPem = options.keys.privateKeyPem;
    publicKey = await importSPKI(options.keys.publicKeyPem, "RS512");
  } else {
    const pair = await generateKeyPair("RS512", { extractable: true, modulusLength: 2048 });
    privateKeyPem = await exportPKCS8(pair.privateKey);
    publicKey = pair.publicKey;
  }
  const clientId = options.clientId ?? "stub-api-key";
  const keyId = options.keyId ?? "stub-kid-1";
  const tokens = new Map<string, number>(); // token → expiry (epoch ms)
  const queue: StubAnswer[] = [];
  const answers: Record<string, number> = {};
  const seenJti = new Set<string>();
  let base = "";

  const stub: FeedbackStub = {
    url: "",
    tokenUrl: "",
    proxyUrl: "",
    clientId,
    keyId,
    privateKeyPem,
    received: [],
    processed: new Map(),
    resends: 0,
    inflight: 0,
    tokensIssued: [],
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 599,
    script: (...a) => void queue.push(...a),
    revokeTokens: () => tokens.clear(),
    stats: () => ({ processed: Object.fromEntries(stub.processed), resends: stub.resends, received: stub.received.length, tokensIssued: stub.tokensIssued.length, answers }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    const bad = (why: string) => {
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_request", error_description: why }));
    };
    if (form.get("grant_type") !== "client_credentials") return bad("grant_type must be client_credentials");
    if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return bad("client_assertion_type");
    try {
      const { payload, protectedHeader } = await jwtVerify(form.get("client_assertion") ?? "", publicKey, { algorithms: ["RS512"], audience: stub.tokenUrl, issuer: clientId, subject: clientId });
      if (protectedHeader.kid !== keyId) return bad("unknown kid");
      if (!payload.jti || seenJti.has(payload.jti)) return bad("jti missing or reused");
      if (!payload.exp || !payload.iat || payload.exp - payload.iat > 300) return bad("exp more than 5 minutes after iat");
      seenJti.add(payload.jti);
    } catch (e) {
      res.writeHead(401, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ error: "invalid_client", error_description: e instanceof Error ? e.message : "bad assertion" }));
    }
    const t = `stub-${randomUUID()}`;
    tokens.set(t, Date.now() + stub.tokenLifetimeSeconds * 1000);
    stub.tokensIssued.push(t);
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ access_token: t, expires_in: String(stub.tokenLifetimeSeconds), token_type: "Bearer", issued_at: String(Date.now()) }));
  }

  const pause = () => new Promise((r) => setTimeout(r, options.delayMs?.() ?? 0));

  async function processMessage(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    if (options.delayMs) await pause();
    const h = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]));
    const r = h["x-request-id"] ?? "";
    const c = h["x-correlation-id"] ?? "";
    const auth = /^Bearer (.+)$/.exec(h.authorization ?? "")?.[1] ?? null;
    stub.inflight++;
    const record = (answered: StubReceived["answered"]) => {
      stub.inflight--;
      stub.received.push({ at: Date.now(), requestId: r, correlationId: c, headers: h, body, answered, token: auth });
      answers[String(answered)] = (answers[String(answered)] ?? 0) + 1;
    };
    const scripted = queue.shift();
    if (scripted === "hang") return record("hang"); // never answered; the sender's timeout ends it
    if (scripted === 401 || scripted === 403) {
      record(scripted);
      return outcome(res, scripted, scripted === 401 ? "login" : "forbidden", scripted === 401 ? "ACCESS_DENIED" : "SEND_FORBIDDEN", "scripted", { r, c });
    }
    if (scripted === 408 || scripted === 429 || scripted === 503) {
      record(scripted);
      return outcome(res, scripted, scripted === 429 ? "throttled" : "timeout", scripted === 408 ? "REC_TIMEOUT" : scripted === 429 ? "SEND_TOO_MANY_REQUESTS" : "REC_UNAVAILABLE", "scripted", { r, c });
    }
    const expiry = auth ? tokens.get(auth) : undefined;
    if (!expiry || expiry < Date.now()) {
      record(401);
      return outcome(res, 401, "login", "ACCESS_DENIED", "Invalid or expired access token", { r, c });
    }
    const target = decode(h["nhsd-target-identifier"]);
    const problems = [
      !/^[0-9a-f-]{36}$/i.test(r) && "X-Request-ID",
      !/^[0-9a-f-]{36}$/i.test(c) && "X-Correlation-ID",
      (!target?.value || String(target.system) !== "https://fhir.nhs.uk/Id/dos-service-id") && "NHSD-Target-Identifier",
      !decode(h["nhsd-end-user-organisation"]) && "NHSD-End-User-Organisation",
      !decode(h["nhsd-requesting-software"]) && "NHSD-Requesting-Software",
      !/version=/.test(h.accept ?? "") && "Accept",
      !USE_CONTEXT.test(h["use-context"] ?? "") && "use-context",
    ].filter(Boolean);
    if (problems.length) {
      record(400);
      return outcome(res, 400, "required", "REC_BAD_REQUEST", `Missing or invalid: ${problems.join(", ")}`, { r, c });
    }
    if (stub.processed.has(r)) {
      stub.resends++;
      record(409);
      return outcome(res, 409, "duplicate", "REC_CONFLICT", "This X-Request-ID was already processed", { r, c });
    }
    if (scripted === 400) {
      record(400);
      return outcome(res, 400, "invariant", "REC_BAD_REQUEST", "scripted", { r, c });
    }
    let bundle: { id?: string; entry?: { resource?: Record<string, unknown> }[] };
    try {
      bundle = JSON.parse(body) as typeof bundle;
    } catch {
      record(400);
      return outcome(res, 400, "invalid", "REC_BAD_REQUEST", "Not JSON", { r, c });
    }
    const resources = (bundle.entry ?? []).map((e) => e.resource ?? {});
    const header = resources.find((x) => x.resourceType === "MessageHeader") as { eventCoding?: { code?: string }; response?: { identifier?: string }; destination?: { endpoint?: string }[] } | undefined;
    const sr = resources.find((x) => x.resourceType === "ServiceRequest");
    if (header?.eventCoding?.code !== "servicerequest-response" || !header.response?.identifier || sr?.status !== "revoked") {
      record(400);
      return outcome(res, 400, "invariant", "REC_BAD_REQUEST", "Not a safeguarding DNA response", { r, c });
    }
    const patient = resources.find((x) => x.resourceType === "Patient") as { identifier?: { system?: string; value?: string }[] } | undefined;
    const nhsNumber = patient?.identifier?.find((i) => /nhs-number/.test(i.system ?? ""))?.value ?? null;
    stub.processed.set(r, { at: Date.now(), bundleId: String(bundle.id), nhsNumber, targetDosId: String(target?.value ?? ""), responseTo: header.response.identifier });
    if (options.delayMs) await pause(); // processed; the sender may die before it hears
    if (scripted === "lose") {
      record("lose");
      req.socket.destroy(); // processed, but the answer is lost
      return;
    }
    record(200);
    res.writeHead(200, { "Content-Type": "application/fhir+json", "X-Request-ID": r, "X-Correlation-ID": c });
    res.end(body);
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const run = async () => {
      if (req.method === "POST" && path === "/oauth2/token") return token(req, res);
      if (req.method === "POST" && path === "/FHIR/R4/$process-message") return processMessage(req, res);
      if (req.method === "GET" && path === "/_stub/stats") {
        res.writeHead(200, { "Content-Type": "application/json" });
        return res.end(JSON.stringify(stub.stats()));
      }
      if (req.method === "POST" && path === "/_stub/script") {
        stub.script(...(JSON.parse(await readBody(req)) as StubAnswer[]));
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(404);
      res.end();
    };
    run().catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.url = base;
  stub.tokenUrl = `${base}/oauth2/token`;
  stub.proxyUrl = `${base}/FHIR/R4`;
  return stub;
}

/** A key pair for a stub run in another process (the crash test): the PEMs go to both sides. */
export async function stubKeyPair(): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const pair = await generateKeyPair("RS512", { extractable: true, modulusLength: 2048 });
  return { privateKeyPem: await exportPKCS8(pair.privateKey), publicKeyPem: await exportSPKI(pair.publicKey) };
}
