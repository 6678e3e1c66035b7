import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string };
  }
  interface User {
    /** Read at sign-in, kept in the JWT as `sv` (lib/auth/options.ts). */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The user's session version at sign-in; sessions with an older one are refused. */
    sv?: number;
  }
}
