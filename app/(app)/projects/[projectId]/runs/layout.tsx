import type { ReactNode } from "react";
import { RunsTabs } from "./runs-tabs";

// Tabs only: every page below checks dashboards.view itself.
export default async function RunsLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <div>
      <RunsTabs projectId={projectId} />
      {children}
    </div>
  );
}
