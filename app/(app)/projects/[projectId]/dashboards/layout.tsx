import type { ReactNode } from "react";
import { DashboardTabs } from "./dashboard-tabs";

export default async function DashboardsLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <div>
      <DashboardTabs projectId={projectId} />
      {children}
    </div>
  );
}
