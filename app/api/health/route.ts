import { health } from "@/lib/health/health";

// Liveness and readiness for people and machines: no sign-in, no data.
// Outside /api/v1 on purpose: that tree is the documented REST API.
export const dynamic = "force-dynamic";

export async function GET() {
  const status = await health();
  return Response.json(status, {
    status: status.database === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
