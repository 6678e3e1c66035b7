import { z } from "zod";

export const agreementQuerySchema = z.object({
  judge: z.string().trim().min(1).max(60).optional(),
  criterion: z.string().trim().min(1).max(60).optional(),
  slices: z.enum(["true", "false"], { message: "slices is true or false." }).default("false"),
});
