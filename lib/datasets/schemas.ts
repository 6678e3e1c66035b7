import { z } from "zod";

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The browse page's search parameters; anything malformed falls back to the first page of everything. */
export const browseQuerySchema = z.object({
  q: z.preprocess(first, z.string().trim().max(200).catch("")).default(""),
  tag: z.preprocess(first, z.string().trim().max(100).catch("")).default(""),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1)).default(1),
});

export type BrowseQuery = z.output<typeof browseQuerySchema>;
