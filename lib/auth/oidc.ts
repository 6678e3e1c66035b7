import type { OAuthConfig } from "next-auth/providers/oauth";
import { db } from "@/lib/db/client";
import { oidcSettings } from "@/lib/env";
import { acceptInvitations, joinInvitedProjects } from "@/lib/members/invitations";
import { emailSchema } from "./schemas";

// Single sign-on through one standard OIDC issuer (Entra ID, Okta, Google
// Workspace, Keycloak, Authentik…), with NextAuth 4's generic OAuth provider:
// discovery from the issuer's well-known document, the ID token's claims as
// the profile (signature, issuer, audience and nonce checked by
// openid-client), PKCE and state against forged callbacks.

export const OIDC_PROVIDER_ID = "oidc";

export type OidcClaims = { sub: string; email?: string; email_verified?: boolean | string; xms_edov?: boolean | string; name?: string; preferred_username?: string };

/** The NextAuth provider, or null when OIDC_* is not configured. */
export function oidcProvider(settings = oidcSettings()): OAuthConfig<OidcClaims> | null {
  if (!settings) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oauth",
    wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    profile: (claims) => ({ id: claims.sub, email: claims.email ?? null, name: claims.name ?? claims.preferred_username ?? claims.email ?? null }),
  };
}

/** Issuers say "verified" as a boolean or, some of them, the string "true"; Entra ID names it xms_edov. */
export function emailIsVerified(claims: Pick<OidcClaims, "email_verified" | "xms_edov">) {
  return [claims.email_verified, claims.xms_edov].some((value) => value === true || value === "true");
}

export type OidcSignIn =
  | { ok: true; user: { id: string; name: string; email: string; sessionVersion: number }; created: boolean }
  | { ok: false; reason: "EmailNotVerified" | "NoEmail" };

/**
 * The account an OIDC sign-in opens. A subject seen before signs in to the
 * account it was linked to, whatever its email says now. A new subject is
 * matched to an account by email only when the issuer vouches for that email
 * (email_verified): otherwise anyone able to set an unverified email at the
 * issuer could take over the account that owns it. No account: one is
 * created, with no password and no project until an admin adds them or an
 * invitation for the email waits (then they join with the invited role).
 */
export async function resolveOidcSignIn(issuer: string, claims: OidcClaims): Promise<OidcSignIn> {
  const select = { id: true, name: true, email: true, sessionVersion: true } as const;
  const linked = await db.oidcIdentity.findUnique({ where: { issuer_subject: { issuer, subject: claims.sub } }, select: { user: { select } } });
  if (linked) {
    await joinInvitedProjects(linked.user.id, linked.user.email);
    return { ok: true, user: linked.user, created: false };
  }
  const email = emailSchema.safeParse(claims.email ?? "");
  if (!email.success) return { ok: false, reason: "NoEmail" };
  if (!emailIsVerified(claims)) return { ok: false, reason: "EmailNotVerified" };

  return db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email: email.data }, select });
    const created = !user;
    user ??= await tx.user.create({
      // No password: this person signs in through the issuer (an admin may still give one with set-password).
      data: { email: email.data, name: (claims.name ?? claims.preferred_username ?? email.data).slice(0, 120), passwordHash: "" },
      select,
    });
    await tx.oidcIdentity.create({ data: { userId: user.id, issuer, subject: claims.sub } });
    await acceptInvitations(user.id, user.email, tx);
    return { ok: true as const, user, created };
  });
}
