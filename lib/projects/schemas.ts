import { z } from "zod";

export const createProjectSchema = z.object({
  name: z.string().trim().min(2, "Name needs at least 2 characters.").max(120),
  description: z.string().trim().max(2000).default(""),
});

const MIB = 1024 * 1024;
/** Uploads stream, so the cap is about how long one transaction may run, not memory. */
export const MAX_UPLOAD_MB = 2048;

export const projectSettingsSchema = z.object({
  projectId: z.string().min(1),
  name: z.string().trim().min(2, "Name needs at least 2 characters.").max(120),
  description: z.string().trim().max(2000),
  overlap: z.coerce.number().int().min(1, "Overlap is at least 1.").max(20, "Overlap is at most 20."),
  blindReview: z.boolean(),
  randomizeOrder: z.boolean(),
  showReference: z.boolean(),
  defaultMode: z.enum(["SINGLE", "PAIRWISE", "RANKING"]),
  leaseSeconds: z.coerce.number().int().min(60, "Leases last at least 60 s.").max(86_400),
  maxUploadBytes: z.coerce
    .number()
    .int()
    .min(MIB, "The upload limit is at least 1 MB.")
    .max(MAX_UPLOAD_MB * MIB, `The upload limit is at most ${MAX_UPLOAD_MB} MB.`),
});

export function slugify(name: string) {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "project"
  );
}
