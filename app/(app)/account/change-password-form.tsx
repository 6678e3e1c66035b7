"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { changePassword } from "@/lib/account/actions";
import { NEW_PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";
import type { ErrorBody } from "@/lib/errors";

export function ChangePasswordForm() {
  const [error, setError] = useState<ErrorBody>();
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  const fieldError = (field: string) => error?.issues?.find((issue) => issue.field === field)?.message;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(undefined);
    setDone(false);
    startTransition(async () => {
      const result = await changePassword({
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
        confirmPassword: String(form.get("confirmPassword") ?? ""),
      });
      if (!result.ok) return setError(result.error);
      formElement.reset();
      setDone(true);
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Current password" htmlFor="current-password" error={fieldError("currentPassword")}>
        <Input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
      </Field>
      <Field label="New password" htmlFor="new-password" hint={`At least ${NEW_PASSWORD_MIN_LENGTH} characters.`} error={fieldError("newPassword")}>
        <Input id="new-password" name="newPassword" type="password" autoComplete="new-password" required minLength={NEW_PASSWORD_MIN_LENGTH} />
      </Field>
      <Field label="New password, again" htmlFor="confirm-password" error={fieldError("confirmPassword")}>
        <Input id="confirm-password" name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      {error && !error.issues?.length && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.message}
        </p>
      )}
      {done && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          Password changed. Your other sessions have ended; this browser stays signed in.
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
