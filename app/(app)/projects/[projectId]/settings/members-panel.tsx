"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { useSaveAction } from "@/components/ui/use-save-action";
import type { ActionResult } from "@/lib/auth/action";
import { addMember, cancelInvitation, removeMember, setMemberRole } from "@/lib/members/actions";

type Role = "ADMIN" | "LEAD" | "REVIEWER";
type Member = { userId: string; name: string; email: string; role: Role };
type Invitation = { email: string; role: Role };

const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: "REVIEWER", label: "Reviewer" },
  { value: "LEAD", label: "Lead" },
  { value: "ADMIN", label: "Admin" },
];

export function MembersPanel({ projectId, currentUserId, members, invitations }: { projectId: string; currentUserId: string; members: Member[]; invitations: Invitation[] }) {
  const router = useRouter();
  // Successes show in the lists themselves (refreshed): the only message is an error.
  const { pending, message: error, save } = useSaveAction({ clearOnStart: true });

  function run<T>(action: () => Promise<ActionResult<T>>, onDone?: () => void) {
    save(action, () => {
      onDone?.();
      router.refresh();
    });
  }

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    run(
      () =>
        addMember({
          projectId,
          email: String(form.get("email") ?? ""),
          role: String(form.get("role")) as Role,
          name: String(form.get("name") ?? "") || undefined,
          initialPassword: String(form.get("initialPassword") ?? "") || undefined,
        }),
      () => formElement.reset(),
    );
  }

  return (
    <Card title="Members" description="Roles are per project: reviewers review, leads see dashboards, admins manage data and people.">
      <ul className="divide-y divide-slate-100" aria-label="Members">
        {members.map((member) => (
          <li key={member.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium">{member.name}</p>
              <p className="truncate text-xs text-slate-500">{member.email}</p>
            </div>
            <div className="flex items-center gap-2">
              <Select
                aria-label={`Role of ${member.name}`}
                value={member.role}
                disabled={pending}
                className="w-32"
                onChange={(event) => run(() => setMemberRole({ projectId, userId: member.userId, role: event.target.value as Role }))}
              >
                {ROLE_OPTIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </Select>
              <Button
                variant="danger"
                disabled={pending || member.userId === currentUserId}
                aria-label={`Remove ${member.name}`}
                onClick={() => run(() => removeMember({ projectId, userId: member.userId }))}
              >
                Remove
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {invitations.length > 0 && (
        <>
          <h3 className="mt-4 text-sm font-semibold">Invited</h3>
          <p className="text-xs text-slate-500">They join with this role when they first sign in with this email.</p>
          <ul className="divide-y divide-slate-100" aria-label="Invitations">
            {invitations.map((invitation) => (
              <li key={invitation.email} className="flex items-center justify-between gap-2 py-2">
                <div className="min-w-0">
                  <p className="truncate text-sm">{invitation.email}</p>
                  <p className="text-xs text-slate-500">{ROLE_OPTIONS.find((option) => option.value === invitation.role)?.label} · pending</p>
                </div>
                <Button
                  variant="danger"
                  disabled={pending}
                  aria-label={`Cancel the invitation of ${invitation.email}`}
                  onClick={() => run(() => cancelInvitation({ projectId, email: invitation.email }))}
                >
                  Cancel
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error.text}
        </p>
      )}
      <form onSubmit={onAdd} className="mt-5 space-y-3 border-t border-slate-100 pt-4">
        <h3 className="text-sm font-semibold">Add a member</h3>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Email" htmlFor="member-email">
            <Input id="member-email" name="email" type="email" required />
          </Field>
          <Field label="Role" htmlFor="member-role">
            <Select id="member-role" name="role" defaultValue="REVIEWER">
              {ROLE_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Name (new accounts)" htmlFor="member-name">
            <Input id="member-name" name="name" />
          </Field>
          <Field
            label="Initial password (new accounts)"
            htmlFor="member-password"
            hint="At least 8 characters; share it privately. Leave empty to invite: they join when they first sign in with this email (single sign-on, or a password set later)."
          >
            <Input id="member-password" name="initialPassword" type="password" autoComplete="new-password" />
          </Field>
        </div>
        <Button type="submit" disabled={pending}>
          Add member
        </Button>
      </form>
    </Card>
  );
}
