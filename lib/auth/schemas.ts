import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."));

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password.").max(1024),
});

/** The strength rule for a password a person chooses (the account screen and `npm run set-password`). */
export const NEW_PASSWORD_MIN_LENGTH = 12;
