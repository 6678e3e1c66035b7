"use client";

import { useEffect, type Dispatch } from "react";
import type { ScreenEvent } from "@/lib/review/screen-state";

// "Move to the next question after answering": a reviewer's own setting,
// remembered in this browser (on by default).

const KEY = "touchstone:review:auto-advance";

export function useAutoAdvanceSetting(dispatch: Dispatch<ScreenEvent>) {
  useEffect(() => {
    try {
      if (window.localStorage.getItem(KEY) === "off") dispatch({ type: "auto-advance", on: false });
    } catch {
      // No storage: the default stays.
    }
  }, [dispatch]);
  return (on: boolean) => {
    dispatch({ type: "auto-advance", on });
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch {
      // No storage: the setting lasts for this page.
    }
  };
}
