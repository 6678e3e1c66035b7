import { z } from "zod";

export const EXPORT_KINDS = ["labels", "ground-truth", "calibration"] as const;

export const exportQuerySchema = z.object({
  format: z.enum(["jsonl", "csv"], { message: "format is jsonl or csv." }).default("jsonl"),
  criterion: z.string().trim().max(60).optional(),
  size: z.coerce.number({ message: "size is a number." }).int("size is a whole number.").min(1, "size is at least 1.").max(1000, "size is at most 1000.").default(20),
  seed: z.coerce.number({ message: "seed is a number." }).int().min(0).max(2 ** 31 - 1).default(1),
});
