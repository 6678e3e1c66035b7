import { projectRoute } from "@/lib/auth/route";
import { computeLeaderboard } from "@/lib/leaderboard/leaderboard";
import { leaderboardSchema } from "@/lib/leaderboard/schemas";

// GET /api/v1/projects/:projectId/leaderboard[?source=human|<pairwise judge>][&criterion=…][&datasetVersion=…][&anchor=<run>][&rounds=1000][&seed=1]
// Bradley–Terry ratings with bootstrap CIs and ranks, and the win-rate matrix;
// `rows: null` with `notEstimable` when the ratings do not exist.
export const GET = projectRoute({ permission: "dashboards.view", analytic: true, query: leaderboardSchema }, async ({ projectId, query }) => computeLeaderboard(projectId, query));
