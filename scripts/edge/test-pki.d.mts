export interface TestIdentity { cert: Buffer; key: Buffer; subject: string }
export interface TestPki {
  caFile: string;
  crlFile: string;
  serverPem: string;
  ca: Buffer;
  clients: { good: TestIdentity; revoked: TestIdentity; expired: TestIdentity; foreign: TestIdentity };
}
export function makeTestPki(dir: string): TestPki;
