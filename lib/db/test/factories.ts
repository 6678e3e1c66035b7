import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";

// Small builders for database tests. Password hashes are placeholders: these
// users never sign in through argon2.

export async function createUser(overrides: { email?: string; name?: string; isInstanceAdmin?: boolean } = {}) {
  const suffix = crypto.randomBytes(4).toString("hex");
  return db.user.create({
    data: { email: overrides.email ?? `user-${suffix}@test.local`, name: overrides.name ?? `User ${suffix}`, passwordHash: "x", isInstanceAdmin: overrides.isInstanceAdmin ?? false },
    select: { id: true, email: true, name: true, isInstanceAdmin: true },
  });
}

export async function createProjectWithMembers(roles: Role[] = ["ADMIN", "LEAD", "REVIEWER"]) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const project = await db.project.create({ data: { slug: `p-${suffix}`, name: `Project ${suffix}` } });
  const members: Partial<Record<Role, Awaited<ReturnType<typeof createUser>>>> = {};
  for (const role of roles) {
    const user = await createUser();
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role } });
    members[role] = user;
  }
  return { project, members: members as Record<Role, Awaited<ReturnType<typeof createUser>>> };
}
