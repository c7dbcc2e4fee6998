import type { EdgeTrustConfig } from "../../config/deployment";

/** Longest edge identity kept (a certificate subject can be long; nothing longer is needed to tell sources apart). */
const MAX_LENGTH = 256;

/**
 * Who the edge says the caller is, as opposed to what the caller claims (Ssp-From, the token's ODS code): the
 * verified client-certificate subject (client-cert mode, from the header the TLS terminator sets after verifying
 * it, `EDGE_CLIENT_SUBJECT_HEADER`, default `x-ssl-client-s-dn`), or the proxy address it checked (address-allowlist
 * mode). With edge trust off nothing was verified, and every caller is the one source `unverified`. Consumers are
 * recorded with it and new identities are counted against it (lib/consumers/record-consumer-contact.ts).
 */
export function edgeVerifiedSource(headers: Headers, edge: EdgeTrustConfig, env: Record<string, string | undefined> = process.env): string {
  if (edge.mode === "client-cert") {
    const header = (env.EDGE_CLIENT_SUBJECT_HEADER || "x-ssl-client-s-dn").toLowerCase();
    const subject = clean(headers.get(header) ?? "");
    return subject ? `cert:${subject}` : "cert:verified";
  }
  if (edge.mode === "address-allowlist") {
    const address = clean((headers.get(edge.addressHeader) ?? "").split(",")[0]);
    return address ? `address:${address}` : "address:unknown";
  }
  return "unverified";
}

function clean(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_LENGTH);
}
