import { InvalidInput } from "../../errors";
import type { XmlRejection } from "../../xml/safe-parse";

/** Why an inbound ITK message was refused. Each maps to one SOAP fault (see itk-responses.ts). */
export type ItkRejection =
  | XmlRejection
  | "not-itk"
  | "soap-version"
  | "must-understand"
  | "missing-addressing"
  | "action-mismatch"
  | "unsupported-service"
  | "bad-envelope"
  | "manifest-mismatch"
  | "unsupported-payload"
  | "payload-too-large"
  | "bad-payload";

/** What was known about the message before it was refused, so the fault can refer back to it. */
export interface ItkRejectionContext {
  messageId?: string | null;
  action?: string | null;
  trackingId?: string | null;
}

export class ItkRejected extends InvalidInput {
  constructor(
    readonly reason: ItkRejection,
    message: string,
    readonly context: ItkRejectionContext = {},
  ) {
    super(message);
  }
}

/** The short, sender-facing ErrorText for each reason; the detailed message goes in ErrorDiagnosticText. */
export const ITK_REJECTION_TEXT: Record<ItkRejection, string> = {
  malformed: "This is not a valid XML message",
  empty: "This is not a valid XML message",
  doctype: "XML with a DOCTYPE is not accepted",
  "too-large": "The message is too large",
  "too-deep": "The message is nested too deeply",
  "too-many-nodes": "The message has too many XML nodes",
  "not-itk": "The message is not an ITK SOAP message",
  "soap-version": "Only SOAP 1.1 is supported",
  "must-understand": "A mandatory SOAP header is not understood",
  "missing-addressing": "WS-Addressing MessageID and Action are required",
  "action-mismatch": "The SOAP Action does not match the ITK service",
  "unsupported-service": "The ITK service is not supported by this endpoint",
  "bad-envelope": "The ITK DistributionEnvelope is not valid",
  "manifest-mismatch": "The ITK manifest does not match the payloads",
  "unsupported-payload": "The payload type is not supported",
  "payload-too-large": "A payload is too large",
  "bad-payload": "A payload could not be read",
};
