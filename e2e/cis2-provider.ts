import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import type { Configuration, KoaContextWithOIDC, Next } from "oidc-provider";
import { CIS2_TEST_ACCOUNTS, CIS2_TEST_CLIENT } from "./cis2-accounts";

/**
 * A stand-in for NHS CIS2 for the end-to-end tests: a real OpenID Connect provider (oidc-provider) on loopback,
 * with a sign-in page the tests fill in and test accounts that carry CIS2's national RBAC claim.
 */
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

async function readForm(req: import("node:http").IncomingMessage): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) break;
  }
  return new URLSearchParams(text);
}

export async function startTestCis2(port: number, appOrigin: string): Promise<{ issuer: string; close: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), use: "sig", alg: "RS256", kid: "e2e" };
  const configuration: Configuration = {
    clients: [
      {
        client_id: CIS2_TEST_CLIENT.id,
        client_secret: CIS2_TEST_CLIENT.secret,
        redirect_uris: [`${appOrigin}/api/auth/callback/cis2`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [jwk] },
    // CIS2's authentication assurance classes; the sign-in below reports each test account's own.
    acrValues: ["AAL3_ANY", "AAL2_OR_AAL3_ANY", "AAL1_USERPASS"],
    scopes: ["openid", "profile", "email", "nationalrbacaccess", "associatedorgs", "selectedrole"],
    claims: {
      openid: ["sub"],
      profile: ["name", "given_name", "family_name"],
      email: ["email"],
      nationalrbacaccess: ["nhsid_nrbac_roles"],
      associatedorgs: ["nhsid_user_orgs"],
      selectedrole: ["selected_roleid"],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["e2e-only-cookie-key"] },
    async findAccount(_ctx: unknown, id: string) {
      const account = Object.values(CIS2_TEST_ACCOUNTS).find((a) => a.sub === id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          const orgs = [...new Set(account.nhsid_nrbac_roles.map((r) => r.org_code))].map((org_code) => ({ org_code, org_name: `Organisation ${org_code}` }));
          // As CIS2 does after its role picker: the first role is the one chosen.
          return { ...account, email: null, nhsid_user_orgs: orgs, selected_roleid: account.nhsid_nrbac_roles[0]?.person_roleid };
        },
      };
    },
  };
  // oidc-provider is an ES module only.
  const { default: Provider } = await import("oidc-provider");
  const provider = new Provider(issuer, configuration);

  // The sign-in page (what the smartcard and CIS2's own pages do in real life) and automatic consent.
  provider.use(async (ctx: KoaContextWithOIDC, next: Next) => {
    const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
    if (!m) return next();
    ctx.set("Cache-Control", "no-store");
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name === "login") {
      if (ctx.method === "POST" && m[2]) {
        const form = await readForm(ctx.req);
        const account = CIS2_TEST_ACCOUNTS[String(form.get("account") ?? "").trim()];
        if (!account) {
          ctx.status = 400;
          ctx.type = "html";
          ctx.body = page("Test NHS CIS2 sign-in", `<p role="alert">No such test account.</p>`);
          return;
        }
        const to = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: account.sub, acr: account.acr } }, { mergeWithLastSubmission: false });
        ctx.status = 303;
        ctx.redirect(to);
        return;
      }
      ctx.type = "html";
      ctx.body = page(
        "Test NHS CIS2 sign-in",
        `<form method="post" action="/interaction/${details.uid}/login"><label for="account">Test account</label> <input id="account" name="account" autocomplete="off"> <button type="submit">Continue</button></form>`,
      );
      return;
    }
    if (details.prompt.name === "consent") {
      const { accountId } = details.session ?? {};
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      const to = await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      ctx.status = 303;
      ctx.redirect(to);
      return;
    }
    ctx.status = 400;
    ctx.body = "Unexpected prompt";
  });

  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
