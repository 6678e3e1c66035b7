import type { Role } from "@/lib/generated/prisma/enums";
import { Badge } from "./ui/badge";

const TONE = { ADMIN: "brand", LEAD: "amber", REVIEWER: "green" } as const;

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={TONE[role]}>{role.toLowerCase()}</Badge>;
}
