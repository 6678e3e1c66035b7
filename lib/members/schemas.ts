import { z } from "zod";
import { emailSchema } from "@/lib/auth/schemas";

export const roleSchema = z.enum(["ADMIN", "LEAD", "REVIEWER"], { error: "Role must be admin, lead or reviewer." });

export const addMemberSchema = z.object({
  projectId: z.string().min(1),
  email: emailSchema,
  role: roleSchema,
  // Only when no account exists for the email yet: with an initial password an
  // account is created at once; without one the email is invited instead.
  name: z.string().trim().max(120).optional(),
  initialPassword: z.string().max(1024).optional(),
});

export const setMemberRoleSchema = z.object({
  projectId: z.string().min(1),
  userId: z.string().min(1),
  role: roleSchema,
});

export const removeMemberSchema = z.object({
  projectId: z.string().min(1),
  userId: z.string().min(1),
});

export const cancelInvitationSchema = z.object({
  projectId: z.string().min(1),
  email: emailSchema,
});

export const MIN_PASSWORD_LENGTH = 8;
