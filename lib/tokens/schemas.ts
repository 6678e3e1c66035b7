import { z } from "zod";

export const createTokenSchema = z.object({
  projectId: z.string().min(1),
  name: z.string().trim().min(1, "Give the token a name (what uses it, e.g. “CI nightly eval”).").max(100, "At most 100 characters."),
  scope: z.enum(["READ", "WRITE"], { error: "Scope is READ or WRITE." }),
});

export const revokeTokenSchema = z.object({ projectId: z.string().min(1), tokenId: z.string().min(1) });
