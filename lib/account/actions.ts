"use server";

import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { ActionResult } from "@/lib/auth/action";
import { toErrorBody } from "@/lib/auth/error-mapping";
import { authOptions } from "@/lib/auth/options";
import { getCurrentUser } from "@/lib/auth/session";
import { sessionCookieName } from "@/lib/auth/session-token";
import { SafeError } from "@/lib/errors";
import { changePasswordFor } from "./change-password";
import type { ChangePasswordInput } from "./schemas";

/**
 * Changes the signed-in user's password. Every session of theirs ends (the
 * trigger bumps their session version); this browser stays signed in: it
 * gets a fresh session cookie under the new version, minted as NextAuth does.
 */
export async function changePassword(input: ChangePasswordInput): Promise<ActionResult<{ otherSessionsEnded: true }>> {
  try {
    const user = await getCurrentUser();
    if (!user) throw new SafeError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    const updated = await changePasswordFor(user.id, input);
    const maxAge = authOptions.session!.maxAge!;
    const token = await encode({
      token: { sub: updated.id, uid: updated.id, sv: updated.sessionVersion, name: updated.name, email: updated.email },
      secret: process.env.NEXTAUTH_SECRET!,
      maxAge,
    });
    (await cookies()).set(sessionCookieName(), token, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: authOptions.useSecureCookies,
      maxAge,
    });
    return { ok: true, data: { otherSessionsEnded: true } };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}
