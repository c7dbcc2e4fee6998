import { gunzipSync } from "node:zlib";

/** Largest FHIR request body accepted, before and after gzip decoding. A booking is a few kilobytes. */
export const MAX_BODY_BYTES = 256 * 1024;

export type BodyProblem = { kind: "too-large"; detail: string } | { kind: "malformed"; detail: string };

/**
 * Reads a request body with a hard size limit (checked on Content-Length first, then while reading), and
 * decodes `Content-Encoding: gzip` with the same limit on the decoded size, so a decompression bomb is refused
 * without being expanded.
 */
export async function readBody(req: Request, limit = MAX_BODY_BYTES): Promise<{ ok: true; text: string } | { ok: false; problem: BodyProblem }> {
  const read = await readBodyBytes(req, limit);
  return read.ok ? { ok: true, text: read.bytes.toString("utf8") } : read;
}

/** As readBody, for a file that is not text (a PDF): the bytes as sent. */
export async function readBodyBytes(req: Request, limit = MAX_BODY_BYTES): Promise<{ ok: true; bytes: Buffer } | { ok: false; problem: BodyProblem }> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) return { ok: false, problem: { kind: "too-large", detail: `The request body is larger than ${limit} bytes` } };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { ok: false, problem: { kind: "too-large", detail: `The request body is larger than ${limit} bytes` } };
      }
      chunks.push(value);
    }
  }
  let bytes = Buffer.concat(chunks);
  const encoding = (req.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: limit });
    } catch (e) {
      const tooBig = (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || /maxOutputLength|too large/i.test((e as Error).message);
      return tooBig
        ? { ok: false, problem: { kind: "too-large", detail: `The decompressed request body is larger than ${limit} bytes` } }
        : { ok: false, problem: { kind: "malformed", detail: "The request body is not valid gzip" } };
    }
  } else if (encoding && encoding !== "identity") {
    return { ok: false, problem: { kind: "malformed", detail: `Content-Encoding ${encoding} is not supported` } };
  }
  return { ok: true, bytes };
}
