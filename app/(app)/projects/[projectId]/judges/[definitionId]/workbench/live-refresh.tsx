"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While a run of the shown versions is queued or running, re-reads the page every 2 s so its figures fill in. */
export function LiveRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, router]);
  return active ? (
    <p role="status" className="text-sm text-slate-600">
      A run is in progress: figures update every 2 seconds.
    </p>
  ) : null;
}
