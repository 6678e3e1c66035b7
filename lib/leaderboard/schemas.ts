import { z } from "zod";

// Leaderboard options, shared by the page, the REST API and tests.
export const leaderboardSchema = z.object({
  /** "human" (reviewers' preference labels) or a pairwise judge's id or name. */
  source: z.string().trim().min(1).max(200).default("human"),
  /** Preference criterion key; default: every preference criterion of the project. */
  criterion: z.string().trim().min(1).max(200).optional(),
  /** Only runs of this dataset version. */
  datasetVersion: z.string().trim().min(1).max(100).optional(),
  /** Run id or name whose rating is pinned to 1000; default: the mean rating is 1000. */
  anchor: z.string().trim().min(1).max(200).optional(),
  rounds: z.coerce.number().int().min(1000, "rounds must be at least 1,000.").max(10000, "rounds must be at most 10,000.").default(1000),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1),
});
export type LeaderboardInput = z.output<typeof leaderboardSchema>;
