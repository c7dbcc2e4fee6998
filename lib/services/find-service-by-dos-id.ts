import { hostedServicePostgres, hostedServiceSqlite } from "../db/hosted-service-sqlite";
import { databaseKind, databaseUrl } from "../db/url";

export interface HostedService {
  id: string;
  name: string;
  /** ED | UTC | SDEC | OTHER */
  kind: string;
  active: boolean;
  /** The DoS id asked for, and every other DoS id of the same service. */
  dosId: string;
  dosIds: string[];
  organisation: { odsCode: string; name: string };
}

/**
 * The service a Directory of Services id names, if we host it: how a door that is addressed by DoS id (BaRS'
 * NHSD-Target-Identifier, MessageHeader.destination, MessageDefinition `context`) knows which service is meant.
 * A service with no free slots is still hosted.
 */
export async function findServiceByDosId(dosId: string): Promise<HostedService | null> {
  const url = databaseUrl();
  if (databaseKind(url) === "sqlite") {
    const r = hostedServiceSqlite(url, dosId);
    return r ? { ...r, dosId } : null;
  }
  const r = await hostedServicePostgres(url, dosId);
  return r ? { ...r, dosId } : null;
}
