import { decode, encode, type JWT } from "next-auth/jwt";

/** next-auth's session cookie: the __Secure- form when the site is served over https. */
export function sessionCookieName(): string {
  return (process.env.NEXTAUTH_URL ?? process.env.PUBLIC_URL ?? "").startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

export interface CookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: { httpOnly: boolean; sameSite: "lax"; path: string; secure: boolean; expires: Date }): unknown;
}

/**
 * Writes the session token again with `changes`, keeping its absolute expiry: the session goes on (after a password
 * change, with the new session version, while every other session of the person has ended). Does nothing when there
 * is no valid session cookie.
 */
export async function reissueSessionCookie(jar: CookieJar, changes: Partial<JWT>, nowSeconds = Math.floor(Date.now() / 1000)): Promise<boolean> {
  const name = sessionCookieName();
  const secret = process.env.NEXTAUTH_SECRET ?? "";
  const current = jar.get(name)?.value;
  if (!current) return false;
  const token = await decode({ token: current, secret }).catch(() => null);
  const exp = typeof token?.exp === "number" ? token.exp : 0;
  if (!token || exp <= nowSeconds) return false;
  await writeSessionCookie(jar, { ...token, ...changes }, exp, nowSeconds);
  return true;
}

export async function writeSessionCookie(jar: CookieJar, token: JWT, exp: number, nowSeconds: number): Promise<void> {
  const name = sessionCookieName();
  const value = await encode({ token, secret: process.env.NEXTAUTH_SECRET ?? "", maxAge: exp - nowSeconds });
  jar.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: name.startsWith("__Secure-"), expires: new Date(exp * 1000) });
}
