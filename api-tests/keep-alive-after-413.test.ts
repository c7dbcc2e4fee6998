/**
 * After a 413 on a chunked request body, the connection must not be left half-read: the server either reads (and
 * discards) the rest of a body that ends within a bound, so the next request on the same keep-alive connection is
 * answered, or says `Connection: close` and closes it, so a client never sends a request into a connection that is
 * then reset. Raw sockets, so the test sees exactly what went over the connection.
 */
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { bookHeaders } from "./helpers";

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads HTTP/1.1 answers off one socket, in order (Content-Length or chunked bodies). */
function answerReader(socket: Socket) {
  let buf = Buffer.alloc(0);
  let closed: string | null = null;
  const waiting: (() => void)[] = [];
  const wake = () => waiting.splice(0).forEach((w) => w());
  socket.on("data", (d) => {
    buf = Buffer.concat([buf, d]);
    wake();
  });
  socket.on("error", (e) => {
    closed = `error: ${(e as NodeJS.ErrnoException).code ?? e.message}`;
    wake();
  });
  socket.on("close", () => {
    closed ??= "closed";
    wake();
  });
  const parse = (): Answer | null => {
    const end = buf.indexOf("\r\n\r\n");
    if (end < 0) return null;
    const [statusLine, ...lines] = buf.subarray(0, end).toString("latin1").split("\r\n");
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
    let rest = buf.subarray(end + 4);
    let body: Buffer;
    if (headers["transfer-encoding"] === "chunked") {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = rest.indexOf("\r\n");
        if (lineEnd < 0) return null;
        const size = parseInt(rest.subarray(0, lineEnd).toString(), 16);
        if (rest.length < lineEnd + 2 + size + 2) return null;
        if (size === 0) {
          rest = rest.subarray(lineEnd + 4);
          break;
        }
        parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        rest = rest.subarray(lineEnd + 2 + size + 2);
      }
      body = Buffer.concat(parts);
    } else {
      const len = Number(headers["content-length"] ?? 0);
      if (rest.length < len) return null;
      body = rest.subarray(0, len);
      rest = rest.subarray(len);
    }
    buf = rest;
    return { status: Number(statusLine.split(" ")[1]), headers, body: body.toString("utf8") };
  };
  return {
    /** The next answer, or why none came (the connection closed or was reset) within `ms`. */
    next(ms = 10_000): Promise<Answer | string> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve("no answer in time"), ms);
        const attempt = () => {
          const a = parse();
          if (a) {
            clearTimeout(timer);
            resolve(a);
          } else if (closed) {
            clearTimeout(timer);
            resolve(closed);
          } else waiting.push(attempt);
        };
        attempt();
      });
    },
    get closed() {
      return closed;
    },
  };
}

function open(): Promise<Socket> {
  const url = new URL(process.env.API_BASE_URL!);
  return new Promise((resolve, reject) => {
    const s = connect(Number(url.port), url.hostname, () => resolve(s));
    s.on("error", reject);
  });
}

function head(method: string, path: string, headers: Record<string, string>): string {
  const host = new URL(process.env.API_BASE_URL!).host;
  return `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
}

/** A chunked body of `chunks` chunks of 64 KB, sent in full with its final chunk. */
function chunkedBody(chunks: number): Buffer {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const parts: Buffer[] = [];
  for (let i = 0; i < chunks; i++) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n"));
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}

const bookingHeaders = () => {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(bookHeaders())) if (k.toLowerCase() !== "content-length") h[k] = String(v);
  return { ...h, "Transfer-Encoding": "chunked" };
};

describe("a 413 on a chunked body leaves the keep-alive connection usable or closes it cleanly", () => {
  // 320 KB (just over the 256 KB limit) and 2.5 MB, each sent whole with its final chunk.
  for (const chunks of [5, 40])
    it(`answers the next request on the same connection after a 413 on a ${chunks * 64} KB chunked body, or says Connection: close and closes it`, async () => {
      const socket = await open();
      try {
        const answers = answerReader(socket);
        socket.write(Buffer.concat([Buffer.from(head("POST", "/STU3/1/Appointment", bookingHeaders())), chunkedBody(chunks)]));
        const first = await answers.next();
        expect(typeof first === "string" ? first : first.status).toBe(413);
        const firstAnswer = first as Answer;
        expect(JSON.parse(firstAnswer.body).resourceType).toBe("OperationOutcome");
        if (firstAnswer.headers.connection?.toLowerCase() === "close") {
          // Said so: a client opens a new connection; this one ends promptly (never left hanging).
          expect(["closed", "error: ECONNRESET"]).toContain(await answers.next(5_000));
          return;
        }
        // Kept alive: then the next request on it must be answered, as a client reusing it expects.
        socket.write(head("GET", "/STU3/1/metadata", { Accept: "application/fhir+json" }));
        const second = await answers.next(5_000);
        expect(typeof second === "string" ? second : second.status).toBe(200);
        expect(JSON.parse((second as Answer).body).resourceType).toBe("CapabilityStatement");
      } finally {
        socket.destroy();
      }
    });

  it("says Connection: close on a 413 whose body is still arriving, and ends the connection", async () => {
    const socket = await open();
    try {
      const answers = answerReader(socket);
      // 2 MB of body with no final chunk yet.
      const body = chunkedBody(32);
      socket.write(Buffer.concat([Buffer.from(head("POST", "/STU3/1/Appointment", bookingHeaders())), body.subarray(0, body.length - 5)]));
      const first = await answers.next();
      expect(typeof first === "string" ? first : first.status).toBe(413);
      expect((first as Answer).headers.connection?.toLowerCase()).toBe("close");
      expect(["closed", "error: ECONNRESET"]).toContain(await answers.next(5_000));
    } finally {
      socket.destroy();
    }
  });

  it("the ITK door closes the connection after refusing a body over its 5 MB limit (SOAP Fault, Connection: close)", async () => {
    const socket = await open();
    try {
      const answers = answerReader(socket);
      const headers = { "Content-Type": "text/xml; charset=utf-8", SOAPAction: "urn:nhs-itk:services:201005:SendNHS111Report-v2-0", "Transfer-Encoding": "chunked" };
      socket.write(Buffer.concat([Buffer.from(head("POST", "/itk/nhs111", headers)), chunkedBody(96)]));
      const first = await answers.next();
      expect(typeof first === "string" ? first : first.status).toBe(500);
      expect((first as Answer).body).toContain("The message is too large");
      expect((first as Answer).headers.connection?.toLowerCase()).toBe("close");
      expect(["closed", "error: ECONNRESET"]).toContain(await answers.next(5_000));
    } finally {
      socket.destroy();
    }
  });
});
