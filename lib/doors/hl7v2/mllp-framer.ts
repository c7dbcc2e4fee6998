/**
 * MLLP framing (HL7 v2 Minimal Lower Layer Protocol): <VT> message <FS><CR>. TCP delivers bytes in any chunks, so a
 * frame may arrive in pieces, several frames may share one chunk, and a sender may write noise between frames.
 *
 * Why our own: the maintained MLLP connection classes (@medplum/hl7's Hl7Connection) end a frame only when a TCP chunk
 * happens to end with <FS><CR>, so two messages in one chunk, or a frame split after its FS, are lost or merged; and
 * they buffer without a limit. Framing is the one thing here that is not HL7 parsing (that is @medplum/core's Hl7Message).
 */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export type FrameEvent =
  /** One whole message's bytes (without VT, FS, CR). */
  | { kind: "frame"; bytes: Buffer }
  /** A message longer than the limit, skipped to its end: `head` is its first bytes, enough to read its MSH for a refusal. */
  | { kind: "oversize"; head: Buffer; length: number }
  /** Too many bytes outside any frame: the peer is not speaking MLLP. The connection should be closed. */
  | { kind: "noise"; length: number };

export interface FramerLimits {
  /** The largest message accepted, in bytes. */
  maxMessageBytes: number;
  /** How many bytes outside a frame are tolerated (between frames) before giving up on the peer. */
  maxNoiseBytes: number;
}

const HEAD_BYTES = 4096;

export class MllpFramer {
  private inFrame = false;
  private parts: Buffer[] = [];
  private length = 0;
  private oversize = false;
  private head: Buffer | null = null;
  /** The last byte of the previous chunk was FS, inside a frame. */
  private pendingFs = false;
  private noise = 0;

  constructor(private readonly limits: FramerLimits) {}

  /** Feeds bytes; returns what they completed. */
  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(VT, i);
        const skipped = (start === -1 ? chunk.length : start) - i;
        this.noise += skipped;
        if (this.noise > this.limits.maxNoiseBytes) {
          events.push({ kind: "noise", length: this.noise });
          this.noise = 0;
        }
        if (start === -1) break;
        this.startFrame();
        i = start + 1;
        continue;
      }
      if (this.pendingFs) {
        // FS then CR ends the frame; a lone FS ends it too (lenient), and the byte after it is read afresh.
        this.pendingFs = false;
        events.push(this.endFrame());
        if (chunk[i] === CR) i++;
        continue;
      }
      const fs = chunk.indexOf(FS, i);
      const vt = chunk.indexOf(VT, i);
      if (vt !== -1 && (fs === -1 || vt < fs)) {
        // A new frame began before this one ended: the broken one is dropped (it has no end, so it was never whole).
        this.take(chunk.subarray(i, vt));
        this.startFrame();
        i = vt + 1;
        continue;
      }
      if (fs === -1) {
        this.take(chunk.subarray(i));
        break;
      }
      this.take(chunk.subarray(i, fs));
      i = fs + 1;
      if (i < chunk.length) {
        events.push(this.endFrame());
        if (chunk[i] === CR) i++;
      } else {
        this.pendingFs = true;
      }
    }
    return events;
  }

  /** Bytes held for an unfinished frame (for tests and metrics). */
  get buffered(): number {
    return this.oversize ? 0 : this.length;
  }

  private startFrame() {
    this.inFrame = true;
    this.parts = [];
    this.length = 0;
    this.oversize = false;
    this.head = null;
    this.pendingFs = false;
    this.noise = 0;
  }

  private take(bytes: Buffer) {
    if (!bytes.length) return;
    this.length += bytes.length;
    if (this.oversize) return;
    this.parts.push(Buffer.from(bytes));
    if (this.length > this.limits.maxMessageBytes) {
      this.head = Buffer.concat(this.parts).subarray(0, HEAD_BYTES);
      this.parts = [];
      this.oversize = true;
    }
  }

  private endFrame(): FrameEvent {
    this.inFrame = false;
    const event: FrameEvent = this.oversize ? { kind: "oversize", head: this.head!, length: this.length } : { kind: "frame", bytes: Buffer.concat(this.parts) };
    this.parts = [];
    this.length = 0;
    this.oversize = false;
    this.head = null;
    return event;
  }
}

/** Wraps one message in an MLLP frame. */
export function mllpFrame(message: string | Buffer): Buffer {
  const body = typeof message === "string" ? Buffer.from(message, "utf8") : message;
  return Buffer.concat([Buffer.from([VT]), body, Buffer.from([FS, CR])]);
}
