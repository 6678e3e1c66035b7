import { z } from "zod";
import { NEW_PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024),
    newPassword: z
      .string()
      .min(NEW_PASSWORD_MIN_LENGTH, `At least ${NEW_PASSWORD_MIN_LENGTH} characters.`)
      .max(1024, "At most 1024 characters."),
    confirmPassword: z.string().max(1024),
  })
  .superRefine((input, ctx) => {
    if (input.confirmPassword !== input.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords differ." });
    }
    if (input.newPassword === input.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "The new password must differ from the current one." });
    }
  });

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
