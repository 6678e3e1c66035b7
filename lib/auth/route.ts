import { z } from "zod";
import { HTTP_STATUS, SafeError, type ErrorBody } from "@/lib/errors";
import { enforceApiRateLimit } from "./api-rate-limit";
import { actorFromApiToken, requireProjectPermission, type Actor } from "./authorize";
import { cachedAnalytic } from "@/lib/db/analytics";
import { toErrorBody } from "./error-mapping";
import type { Permission } from "./permissions";
import { JSON_ROUTE_BODY_LIMIT, parseJsonWithin, readBodyText } from "./request-body";
import { requireSameOrigin } from "./same-origin";
import { getCurrentUser } from "./session";
import { looksLikeApiToken } from "./tokens";

// Every route handler goes through here: session cookie or bearer API token →
// permission → zod → error mapping. Errors are JSON `{ code, message, issues? }`.

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export type ProjectRouteContext<Body, Query> = {
  request: Request;
  actor: Actor;
  projectId: string;
  params: Record<string, string | string[]>;
  body: Body;
  query: Query;
};

export function projectRoute<
  BodySchema extends z.ZodType = z.ZodUndefined,
  QuerySchema extends z.ZodType = z.ZodObject<Record<string, never>>,
>(
  // analytic: an expensive read (figures over many labels): its answer is
  // cached per server until the data changes, and computing it waits its turn
  // and runs on the analytics pool with a statement timeout (lib/db/analytics.ts).
  // freshOnly: an analytic answer that decides something (the CI gate) is
  // never served from before the latest data change.
  config: { permission: Permission; body?: BodySchema; query?: QuerySchema; analytic?: boolean; freshOnly?: boolean },
  handler: (context: ProjectRouteContext<z.output<BodySchema>, z.output<QuerySchema>>) => Promise<unknown>,
) {
  // Names this route in analytic cache keys (the path alone may not: tests call handlers with made-up URLs).
  const routeId = crypto.randomUUID();
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const params = await context.params;
      const projectId = params.projectId;
      if (typeof projectId !== "string") throw new SafeError("NOT_FOUND", "Project not found.");
      const actor = await actorFromRequest(request, projectId);
      if (actor.kind === "user") requireSameOrigin(request);
      // After the origin check: a forged cross-site request must not spend its victim's budget.
      await enforceApiRateLimit(actor, config.analytic === true);
      await requireProjectPermission(actor, projectId, config.permission);

      const searchParams = queryParams(request);
      const query = config.query ? config.query.parse(searchParams) : ({} as z.output<QuerySchema>);
      const body = config.body ? config.body.parse(await readJson(request)) : (undefined as z.output<BodySchema>);

      const run = () => handler({ request, actor, projectId, params, body, query });
      if (config.analytic) return await analyticResponse(analyticKey(routeId, params, request), run, { staleOk: config.freshOnly !== true });
      const result = await run();
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(toErrorBody(error));
    }
  };
}

/**
 * What an analytic answer depends on, as a cache key: the route, its path
 * parameters (the project among them) and the sorted query string, i.e. every
 * input the handler can read. No analytic handler reads the actor or the body.
 */
function analyticKey(routeId: string, params: Record<string, string | string[]>, request: Request) {
  const searchParams = new URL(request.url).searchParams;
  searchParams.sort();
  const sortedParams = Object.keys(params).sort().map((name) => [name, params[name]]);
  return JSON.stringify([routeId, sortedParams, searchParams.toString()]);
}

/**
 * An analytic answer from the result cache. The headers say when the figures
 * date from, so a page or a client can show "as of HH:MM:SS" when they are
 * not the latest.
 */
async function analyticResponse(key: string, run: () => Promise<unknown>, options: { staleOk: boolean }) {
  const compute = async () => {
    const result = await run();
    if (result instanceof Response) throw new Error("An analytic route must return data, not a Response: its answer is cached.");
    return JSON.stringify(result);
  };
  const cached = await cachedAnalytic(key, compute, options);
  return new Response(cached.body, {
    headers: { "Content-Type": "application/json", "X-Touchstone-As-Of": cached.asOf.toISOString(), "X-Touchstone-Cache": cached.state },
  });
}

export function errorResponse(body: ErrorBody) {
  const headers = body.retryAfterSeconds === undefined ? undefined : { "Retry-After": String(Math.ceil(body.retryAfterSeconds)) };
  return Response.json(body, { status: HTTP_STATUS[body.code], headers });
}

/** Who sends the request; with `projectId`, a signed-in user's membership there is read by the same query. */
export async function actorFromRequest(request: Request, projectId?: string): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header) {
    const [scheme, secret] = header.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !secret || !looksLikeApiToken(secret)) {
      throw new SafeError("UNAUTHENTICATED", "Malformed Authorization header: expected `Bearer ts_…`.");
    }
    const actor = await actorFromApiToken(secret);
    if (!actor) throw new SafeError("UNAUTHENTICATED", "Unknown or revoked API token.");
    return actor;
  }
  const user = await getCurrentUser({ projectId });
  if (!user) throw new SafeError("UNAUTHENTICATED", "Sign in, or send an API token as `Authorization: Bearer ts_…`.");
  return { kind: "user", userId: user.id, isInstanceAdmin: user.isInstanceAdmin, membership: user.membership };
}

async function readJson(request: Request) {
  const text = await readBodyText(request, JSON_ROUTE_BODY_LIMIT);
  if (!text.trim()) return undefined;
  return parseJsonWithin(text);
}

/**
 * The query string as an object. A NUL character is refused here, naming the
 * parameter: PostgreSQL cannot store or compare it, so it would otherwise
 * surface as a 500 from whichever query used the value.
 */
export function queryParams(request: Request): Record<string, string> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  for (const [name, value] of Object.entries(params)) {
    if (name.includes("\0") || value.includes("\0")) {
      const field = name.replaceAll("\0", "\\0").slice(0, 100);
      throw new SafeError("VALIDATION", `Query parameter "${field}" contains a NUL character (%00).`, [{ field, message: "Contains a NUL character (%00)." }]);
    }
  }
  return params;
}
