import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";
import { SafeError, type ErrorBody } from "@/lib/errors";
import { requireProjectPermission } from "./authorize";
import { toErrorBody } from "./error-mapping";
import type { Permission } from "./permissions";
import { getCurrentUser, type CurrentUser } from "./session";

// Every server action goes through here: session → permission → zod → error
// mapping. Actions never throw to the client; they return a result the form
// can show, so a forbidden call is a clear message, not a 500.

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type ProjectActionContext = { user: CurrentUser; projectId: string; role: Role | null };

const projectIdSchema = z.object({ projectId: z.string().min(1, "projectId is required.") });

export function projectAction<Schema extends z.ZodType<{ projectId: string }>, Result>(
  config: { permission: Permission; schema: Schema },
  handler: (input: z.output<Schema>, context: ProjectActionContext) => Promise<Result>,
) {
  return async (input: z.input<Schema>): Promise<ActionResult<Result>> => {
    try {
      // Signed in first (an anonymous caller hears that, whatever it sent); the
      // same query reads the membership when the project id is well formed.
      const project = projectIdSchema.safeParse(input);
      const user = await requireSignedIn(project.success ? project.data.projectId : undefined);
      if (!project.success) throw project.error;
      const { projectId } = project.data;
      const { role } = await requireProjectPermission(
        { kind: "user", userId: user.id, isInstanceAdmin: user.isInstanceAdmin, membership: user.membership },
        projectId,
        config.permission,
      );
      const parsed = config.schema.parse(input);
      return { ok: true, data: await handler(parsed, { user, projectId, role }) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  };
}

/** Actions outside any project (creating one) are for instance admins. */
export function instanceAdminAction<Schema extends z.ZodType, Result>(
  config: { schema: Schema },
  handler: (input: z.output<Schema>, context: { user: CurrentUser }) => Promise<Result>,
) {
  return async (input: z.input<Schema>): Promise<ActionResult<Result>> => {
    try {
      const user = await requireSignedIn();
      if (!user.isInstanceAdmin) throw new SafeError("FORBIDDEN", "Forbidden: only instance administrators may do this.");
      return { ok: true, data: await handler(config.schema.parse(input), { user }) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  };
}

async function requireSignedIn(projectId?: string) {
  const user = await getCurrentUser({ projectId });
  if (!user) throw new SafeError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  return user;
}
