import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// The one Prisma client. Cached on globalThis so development reloads and test
// files do not open a new pool each time. Password hashes are omitted unless a
// query asks for them explicitly (sign-in does).

function createClient() {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: env().TOUCHSTONE_DB_POOL_SIZE });
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

export type Db = ReturnType<typeof createClient>;
const globalForDb = globalThis as unknown as { touchstoneDb?: Db };

function client(): Db {
  globalForDb.touchstoneDb ??= createClient();
  return globalForDb.touchstoneDb;
}

// Created on first use, not at import: `next build` imports server modules
// without a database, and the environment is validated only when needed.
export const db = new Proxy({} as Db, {
  get(_target, property) {
    const real = client();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
