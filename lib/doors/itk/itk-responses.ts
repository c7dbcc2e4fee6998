import { randomUUID } from "node:crypto";
import { escapeXmlText } from "../../xml/safe-parse";
import { ClinicalDocumentRejected } from "../../clinical/cda/parse-clinical-document";
import { ReportNotAddressedHere } from "../../clinical/classify-report-route";
import { NS } from "../../clinical/cda/vocabulary";
import { ITK_REJECTION_TEXT, ItkRejected } from "./itk-errors";

/**
 * The synchronous SOAP replies of an ITK 2.2 receiver (same HTTP connection as the request):
 * - accepted: HTTP 200, wsa:Action = the received Action + "Response", a new wsa:MessageID,
 *   wsa:RelatesTo = the received MessageID, body itk:SimpleMessageResponse "OK";
 * - refused: HTTP 500, SOAP 1.1 Fault (faultcode Client, MustUnderstand or Server) whose detail is an
 *   itk:ToolkitErrorInfo (ErrorID UUID, ErrorCode in code system …17.268, ErrorText, ErrorDiagnosticText),
 *   wsa:Action = the WS-Addressing fault action.
 * Element names and namespaces follow ITKMessageTypes-2010-05.xsd / ITKDatatypes-2010-05.xsd and the
 * NHS 111 WSDL. Every value is escaped; no caller text reaches the XML unescaped.
 */
export interface SoapResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface ToolkitErrorInfo {
  /** UUID; generated when not given. */
  errorId?: string;
  /** ITK toolkit error code: 1000 for a message the sender must fix, 2200 for our own processing failure. */
  errorCode: string;
  errorText: string;
  errorDiagnosticText?: string;
}

export const TOOLKIT_ERROR_CODE_SYSTEM = "2.16.840.1.113883.2.1.3.2.4.17.268";
export const ITK_CLIENT_ERROR = "1000";
export const ITK_INTERNAL_ERROR = "2200";
export const WSA_FAULT_ACTION = "http://www.w3.org/2005/08/addressing/soap/fault";
const DEFAULT_REPORT_ACTION = "urn:nhs-itk:services:201005:SendNHS111Report-v2-0";
const CONTENT_TYPE = "text/xml; charset=utf-8";

const newMessageId = () => randomUUID().toUpperCase();
const element = (name: string, value: string | null | undefined) => (value ? `<${name}>${escapeXmlText(value)}</${name}>` : "");

export function buildSoapOkResponse(input: { relatesTo: string | null; action?: string | null; messageId?: string }): SoapResponse {
  const action = `${input.action ?? DEFAULT_REPORT_ACTION}Response`;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${NS.soap11}" xmlns:wsa="${NS.wsa}" xmlns:itk="${NS.itk}">
  <soap:Header>
    ${element("wsa:MessageID", input.messageId ?? newMessageId())}
    ${element("wsa:Action", action)}
    ${element("wsa:RelatesTo", input.relatesTo)}
  </soap:Header>
  <soap:Body>
    <itk:SimpleMessageResponse>OK</itk:SimpleMessageResponse>
  </soap:Body>
</soap:Envelope>`;
  return { status: 200, contentType: CONTENT_TYPE, body };
}

export function buildSoapFault(input: {
  faultCode: "Client" | "Server" | "MustUnderstand";
  error: ToolkitErrorInfo;
  faultString?: string;
  relatesTo?: string | null;
  to?: string | null;
  messageId?: string;
}): SoapResponse {
  const { error } = input;
  const faultString =
    input.faultString ??
    (input.faultCode === "Server" ? "A server related error has occurred, see detail element for further information" : "A client related error has occurred, see detail element for further information");
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="${NS.soap11}" xmlns:wsa="${NS.wsa}" xmlns:itk="${NS.itk}">
  <soap:Header>
    ${element("wsa:MessageID", input.messageId ?? newMessageId())}
    ${element("wsa:Action", WSA_FAULT_ACTION)}
    ${element("wsa:RelatesTo", input.relatesTo)}
    ${element("wsa:To", input.to)}
  </soap:Header>
  <soap:Body>
    <soap:Fault>
      <faultcode>soap:${input.faultCode}</faultcode>
      <faultstring>${escapeXmlText(faultString)}</faultstring>
      <detail>
        <itk:ToolkitErrorInfo>
          <itk:ErrorID>${escapeXmlText(error.errorId ?? newMessageId())}</itk:ErrorID>
          <itk:ErrorCode codeSystem="${TOOLKIT_ERROR_CODE_SYSTEM}">${escapeXmlText(error.errorCode)}</itk:ErrorCode>
          <itk:ErrorText>${escapeXmlText(error.errorText)}</itk:ErrorText>
          ${element("itk:ErrorDiagnosticText", error.errorDiagnosticText)}
        </itk:ToolkitErrorInfo>
      </detail>
    </soap:Fault>
  </soap:Body>
</soap:Envelope>`;
  return { status: 500, contentType: CONTENT_TYPE, body };
}

/**
 * The fault for anything thrown while receiving: our refusals say what the sender must fix; any other
 * error is reported as an internal error without its details (those go to our logs, not to the sender).
 */
export function soapFaultFor(e: unknown, inbound: { messageId?: string | null } = {}): SoapResponse {
  if (e instanceof ItkRejected) {
    return buildSoapFault({
      faultCode: e.reason === "must-understand" ? "MustUnderstand" : "Client",
      relatesTo: e.context.messageId ?? inbound.messageId ?? null,
      error: { errorCode: ITK_CLIENT_ERROR, errorText: ITK_REJECTION_TEXT[e.reason], errorDiagnosticText: e.message },
    });
  }
  if (e instanceof ClinicalDocumentRejected) {
    return buildSoapFault({
      faultCode: "Client",
      relatesTo: inbound.messageId ?? null,
      error: { errorCode: ITK_CLIENT_ERROR, errorText: "The clinical document could not be read", errorDiagnosticText: e.message },
    });
  }
  if (e instanceof ReportNotAddressedHere) {
    // Refused, not accepted as information: an OK would tell 111 the report reached its addressee, which it has not.
    return buildSoapFault({
      faultCode: "Client",
      relatesTo: inbound.messageId ?? null,
      error: { errorCode: ITK_CLIENT_ERROR, errorText: "The message is not addressed to this service", errorDiagnosticText: e.message },
    });
  }
  return buildSoapFault({
    faultCode: "Server",
    relatesTo: inbound.messageId ?? null,
    error: { errorCode: ITK_INTERNAL_ERROR, errorText: "Internal Error. Please contact the system administrator", errorDiagnosticText: "Internal Error" },
  });
}
