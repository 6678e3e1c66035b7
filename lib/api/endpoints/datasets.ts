import { z } from "zod";
import { registerEndpoint } from "@/lib/api/openapi";

registerEndpoint({
  method: "get",
  path: "/api/v1/projects/{projectId}/datasets",
  summary: "List datasets and their versions",
  description: "Golden datasets only: the project's \"Production traffic\" dataset, which grows as evaluation rules sample traffic, is not listed.",
  tags: ["datasets"],
  response: z.object({
    datasets: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        versions: z.array(z.object({ id: z.string(), version: z.number().int(), itemCount: z.number().int(), createdAt: z.string() })),
      }),
    ),
  }),
});
