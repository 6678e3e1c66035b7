import http from "node:http";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

// A real OpenID Connect provider for the SSO end-to-end tests (the
// `oidc-provider` package, the certified implementation many identity
// products build on), on loopback with its in-memory storage. The app under
// test is configured to use it in playwright.config.ts (OIDC_ISSUER…); the
// spec starts it. Its login page is a one-field form: the test types which
// test person it is. Consent is pre-granted, as for a company's own app.

import { TEST_OIDC_CLIENT } from "./oidc-test-client";

/** The people the test issuer knows, by the email typed on its login form. */
export const SSO_PEOPLE = {
  newcomer: { sub: "sso-sub-newcomer", email: "newcomer@sso.test", email_verified: true, name: "Nadia Newcomer" },
  invited: { sub: "sso-sub-invited", email: "invited@sso.test", email_verified: true, name: "Ivan Invited" },
  unverified: { sub: "sso-sub-unverified", email: "unverified@sso.test", email_verified: false, name: "Uma Unverified" },
} as const;

const byEmail = new Map<string, (typeof SSO_PEOPLE)[keyof typeof SSO_PEOPLE]>(Object.values(SSO_PEOPLE).map((person) => [person.email, person]));

export async function startTestOidcProvider(issuer: string, appUrl: string) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_OIDC_CLIENT.id,
        client_secret: TEST_OIDC_CLIENT.secret,
        redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The app reads the person from the ID token (NextAuth `idToken: true`), as with Entra ID or Okta.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true, methods: ["S256"] },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const person = Object.values(SSO_PEOPLE).find((candidate) => candidate.sub === sub);
      return person && { accountId: sub, claims: async () => ({ ...person }) };
    },
    // First-party app: consent is given in advance.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const handleProvider = provider.callback();

  const server = http.createServer(async (req, res) => {
    try {
      const login = /^\/interaction\/([^/]+)(\/login)?$/.exec(req.url ?? "");
      if (!login) return handleProvider(req, res);
      const details = await provider.interactionDetails(req, res);
      if (req.method === "POST" && login[2]) {
        const email = new URLSearchParams(await body(req)).get("email") ?? "";
        const person = byEmail.get(email.trim().toLowerCase());
        if (!person) return page(res, details.uid, `No test person ${email}.`);
        return provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
      }
      return page(res, details.uid);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(Number(new URL(issuer).port), "127.0.0.1", resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function body(req: http.IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve(text)).on("error", reject);
  });
}

function page(res: http.ServerResponse, uid: string, error = "") {
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(`<!doctype html><title>Test identity provider</title><h1>Test identity provider</h1>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
<label>Email <input name="email" type="email" autofocus></label> <button type="submit">Continue</button></form>
<p role="alert">${error.replace(/[<>&"]/g, "")}</p>`);
}
