"use client";

import { useEffect, useRef } from "react";

/** A ref for a native <dialog> that opens as a modal (focus trapped, Esc closes) while `open` is true. */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
