import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { MoreNeeded, verifyStaffSignIn } from "../staff/verify-sign-in";
import { signInWithCis2, type Cis2Claims } from "../staff/cis2-sign-in";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { endStaffSessions } from "../staff/end-sessions";
import { clientAddress } from "../security/client-address";
import { cis2Settings, trustOdsCode, type Cis2Settings } from "./identity-config";

/** Staff sessions last one long shift at most; then sign in again. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * CIS2's scopes: identity, the national RBAC roles (`nationalrbacaccess` → nhsid_nrbac_roles), the organisations the
 * person works for (`associatedorgs` → nhsid_user_orgs) and the role they chose at sign-in (`selectedrole` →
 * selected_roleid).
 */
export const CIS2_SCOPES = "openid profile email nationalrbacaccess associatedorgs selectedrole";

/** Error codes the sign-in form reads: `NEED_CODE|message`, `NEED_REASON|message`. */
export const NEEDS_SEPARATOR = "|";

interface Cis2User {
  id: string;
  name?: string | null;
  email?: string | null;
  staffId?: string;
  role?: string;
  sv?: number;
}

function cis2Provider(cfg: Cis2Settings): OAuthConfig<Cis2Claims & { sub: string }> {
  return {
    id: "cis2",
    name: "NHS Care Identity",
    type: "oauth",
    wellKnown: `${cfg.issuer}/.well-known/openid-configuration`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    // Ask CIS2 to offer AAL2 and AAL3 authenticators; what each role needs is checked on the answer's `acr` (HAZ-075).
    authorization: { params: { scope: CIS2_SCOPES, acr_values: "AAL2_OR_AAL3_ANY" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // CIS2 returns the RBAC claims from the UserInfo endpoint; merge them over the verified ID token's claims.
    userinfo: {
      async request({ client, tokens }) {
        // At run time this is openid-client's TokenSet (the ID token already verified: signature, issuer, audience, nonce).
        const set = tokens as unknown as Parameters<typeof client.userinfo>[0] & { claims(): Record<string, unknown> };
        const idClaims = set.claims();
        const info = await client.userinfo(set);
        if (info.sub !== idClaims.sub) throw new Error("UserInfo subject does not match the ID token");
        return { ...idClaims, ...info };
      },
    },
    profile(p) {
      return { id: String(p.sub), name: typeof p.name === "string" ? p.name : null, email: null };
    },
  };
}

async function requestIp(): Promise<string | undefined> {
  try {
    return clientAddress((await headers()).get("x-forwarded-for"));
  } catch {
    return undefined;
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function buildAuthOptions(): NextAuthOptions {
  let cis2: Cis2Settings | null = null;
  let cis2Problem: string | null = null;
  try {
    cis2 = cis2Settings();
  } catch (e) {
    cis2Problem = e instanceof Error ? e.message : String(e);
    console.error("CIS2 sign-in is not configured correctly:", cis2Problem);
  }
  const cis2On = !!cis2;
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      ...(cis2 ? [cis2Provider(cis2)] : []),
      CredentialsProvider({
        id: "credentials",
        name: "User name and password",
        credentials: {
          username: { label: "User name", type: "text" },
          password: { label: "Password", type: "password" },
          code: { label: "Code", type: "text" },
          reason: { label: "Reason", type: "text" },
        },
        async authorize(credentials, req) {
          const forwarded = req?.headers?.["x-forwarded-for"];
          const ip = clientAddress(typeof forwarded === "string" ? forwarded : null);
          try {
            const staff = await verifyStaffSignIn({
              username: credentials?.username ?? "",
              password: credentials?.password ?? "",
              code: credentials?.code || undefined,
              reason: credentials?.reason || undefined,
              ip,
              cis2Enabled: cis2On,
            });
            return { id: staff.id, name: staff.name, role: staff.role, sv: staff.sessionVersion, mcp: staff.mustChangePassword, amr: staff.method, bg: staff.breakGlass };
          } catch (e) {
            if (e instanceof MoreNeeded) throw new Error(`NEED_${e.needs.toUpperCase()}${NEEDS_SEPARATOR}${e.message}`);
            // next-auth passes the message back to the sign-in page; ours are written to be shown.
            if (e instanceof DomainError) throw new Error(e.message);
            throw new Error("Sign-in is not working right now. Try again in a minute.");
          }
        },
      }),
    ],
    events: {
      async signOut({ token }) {
        if (token?.sub) {
          // Signing out ends the person's sessions everywhere: a session cookie copied before sign-out must not work.
          await endStaffSessions(token.sub).catch((e) => console.error("ending sessions at sign-out failed", e instanceof Error ? e.message : e));
          await recordAudit({ type: "system", name: "sign-out" }, { action: "staff.sign-out", entityType: "StaffUser", entityId: token.sub, detail: { sessionsEnded: true } }).catch(() => {});
        }
      },
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "cis2") return true;
        if (!cis2) return "/login?cis2=failed";
        try {
          const outcome = await signInWithCis2((profile ?? {}) as Cis2Claims, { trustOds: await trustOdsCode(), roleMap: cis2.roleMap, minAal: cis2.minAal, ip: await requestIp() });
          if (!outcome.ok) return `/login?cis2=${outcome.reason}`;
          Object.assign(user as Cis2User, { staffId: outcome.staff.id, role: outcome.staff.role, sv: outcome.staff.sessionVersion, name: outcome.staff.name });
          return true;
        } catch (e) {
          console.error("CIS2 sign-in failed", e instanceof Error ? e.message : e);
          return "/login?cis2=failed";
        }
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "cis2") {
          const u = user as Cis2User;
          return { name: u.name, sub: u.staffId, role: u.role, sv: u.sv, mcp: false, amr: "cis2", la: nowSeconds() };
        }
        if (user) {
          const u = user as unknown as { id: string; name: string; role: string; sv: number; mcp: boolean; amr: string; bg: boolean };
          return { name: u.name, sub: u.id, role: u.role, sv: u.sv, mcp: u.mcp, amr: u.amr, ...(u.bg ? { bg: true } : {}), la: nowSeconds() };
        }
        return token;
      },
      async session({ session, token }) {
        return {
          ...session,
          sv: token.sv,
          amr: token.amr,
          la: token.la,
          user: { ...session.user, id: token.sub, role: token.role, mustChangePassword: token.mcp },
        };
      },
    },
  };
}

export const authOptions: NextAuthOptions = buildAuthOptions();
