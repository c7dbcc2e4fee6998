/**
 * NHS API platform application-restricted access: a JWT signed with our private key (private_key_jwt, RS512,
 * iss = sub = the API key, aud = the token endpoint, a new jti, at most 5 minutes' life) exchanged for an OAuth2
 * client-credentials access token, cached until shortly before it expires (30 s, or a tenth of its life if shorter).
 */
import { randomUUID } from "node:crypto";
import { SignJWT, importPKCS8, type CryptoKey } from "jose";

export interface TokenSettings {
  tokenUrl: string;
  clientId: string;
  keyId: string;
  privateKeyPem: string;
  timeoutMs: number;
}

export class TokenError extends Error {}

export class NhsTokenSource {
  private key: CryptoKey | null = null;
  private token: { value: string; renewAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  /** How many tokens were fetched (for tests and the log). */
  fetched = 0;

  constructor(
    private readonly s: TokenSettings,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A valid access token; `fresh` forgets the cached one first (after a 401 or 403). */
  async get(fresh = false): Promise<string> {
    if (fresh) this.token = null;
    if (this.token && this.clock() < this.token.renewAt) return this.token.value;
    this.inflight ??= this.fetch().finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async fetch(): Promise<string> {
    this.key ??= await importPKCS8(this.s.privateKeyPem, "RS512");
    const nowS = Math.floor(this.clock() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "RS512", typ: "JWT", kid: this.s.keyId })
      .setIssuer(this.s.clientId)
      .setSubject(this.s.clientId)
      .setAudience(this.s.tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + 300)
      .sign(this.key);
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    });
    let res: Response;
    try {
      res = await fetch(this.s.tokenUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body, signal: AbortSignal.timeout(this.s.timeoutMs) });
    } catch (e) {
      throw new TokenError(`The token endpoint did not answer (${e instanceof Error ? e.message : String(e)})`);
    }
    const text = await res.text();
    if (!res.ok) throw new TokenError(`The token endpoint answered ${res.status}: ${text.slice(0, 200)}`);
    let j: { access_token?: unknown; expires_in?: unknown };
    try {
      j = JSON.parse(text) as typeof j;
    } catch {
      throw new TokenError("The token endpoint's answer was not JSON");
    }
    if (typeof j.access_token !== "string" || !j.access_token) throw new TokenError("The token endpoint's answer had no access_token");
    const life = Math.max(1, Number(j.expires_in) || 599) * 1000;
    this.token = { value: j.access_token, renewAt: this.clock() + life - Math.min(30_000, life / 10) };
    this.fetched++;
    return j.access_token;
  }
}
