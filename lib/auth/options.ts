import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyStaffSignIn } from "../staff/verify-sign-in";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/** Staff sessions last one long shift at most; then sign in again. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "User name and password",
      credentials: {
        username: { label: "User name", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const forwarded = req?.headers?.["x-forwarded-for"];
        const ip = typeof forwarded === "string" ? forwarded.split(",")[0].trim() : undefined;
        try {
          const staff = await verifyStaffSignIn({ username: credentials?.username ?? "", password: credentials?.password ?? "", ip });
          return { id: staff.id, name: staff.name, role: staff.role, sv: staff.sessionVersion, mcp: staff.mustChangePassword };
        } catch (e) {
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
        await recordAudit({ type: "system", name: "sign-out" }, { action: "staff.sign-out", entityType: "StaffUser", entityId: token.sub }).catch(() => {});
      }
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as unknown as { id: string; role: string; sv: number; mcp: boolean };
        token.sub = u.id;
        token.role = u.role;
        token.sv = u.sv;
        token.mcp = u.mcp;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, sv: token.sv, user: { ...session.user, id: token.sub, role: token.role, mustChangePassword: token.mcp } };
    },
  },
};
