"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import {
  createUserInputSchema,
  MIN_PASSWORD_LENGTH,
  type UserSummary,
  userListResponseSchema,
  userResponseSchema,
} from "@/lib/auth/account-schemas";
import { type Role, ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import { fetchJson } from "@/lib/http/fetch-json";
import { Table, Td, Th } from "@/components/ui/table";
import { buttonClass, inputClass } from "@/components/settings/styles";
import { formatDay } from "@/components/settings/format-date";

const USERS_KEY = ["users"] as const;

function replaceUser(users: UserSummary[] = [], user: UserSummary) {
  return users.some((other) => other.id === user.id) ? users.map((other) => (other.id === user.id ? user : other)) : [...users, user];
}

function CreateUserForm() {
  const id = useId();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: unknown) => fetchJson("/api/v1/users", userResponseSchema, { method: "POST", body }),
    onSuccess: ({ user }) => {
      queryClient.setQueryData<UserSummary[]>(USERS_KEY, (users) => replaceUser(users, user));
      toast.success(`Created ${user.email} (${ROLE_LABELS[user.role]})`);
    },
    onError: (failure) => setError(failure.message),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = createUserInputSchema.safeParse({
      email: String(data.get("email") ?? ""),
      name: String(data.get("name") ?? "") || undefined,
      password: String(data.get("password") ?? ""),
      role: String(data.get("role") ?? "viewer"),
    });
    if (!parsed.success) {
      setError(parsed.error.issues.map((issue) => issue.message).join("; "));
      return;
    }
    setError(null);
    create.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Create user" className="mb-4 flex flex-col gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-email`} className="text-sm font-medium">
            Email
          </label>
          <input id={`${id}-email`} name="email" type="email" required autoComplete="off" className={`${inputClass} w-56`} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-name`} className="text-sm font-medium">
            Name
          </label>
          <input id={`${id}-name`} name="name" maxLength={100} autoComplete="off" className={`${inputClass} w-44`} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-password`} className="text-sm font-medium">
            Password
          </label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            autoComplete="new-password"
            aria-describedby={`${id}-password-hint`}
            className={`${inputClass} w-44`}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-role`} className="text-sm font-medium">
            Role
          </label>
          <select id={`${id}-role`} name="role" defaultValue="viewer" className={inputClass}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass} disabled={create.isPending}>
          <UserPlus aria-hidden className="size-3.5" />
          {create.isPending ? "Creating…" : "Create user"}
        </button>
      </div>
      <p id={`${id}-password-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
        At least {MIN_PASSWORD_LENGTH} characters. Pass it on to the person; they sign in with it.
      </p>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function RoleSelect({ user, isSelf }: { user: UserSummary; isSelf: boolean }) {
  const queryClient = useQueryClient();
  const setRole = useMutation({
    mutationFn: (role: Role) =>
      fetchJson(`/api/v1/users/${encodeURIComponent(user.id)}`, userResponseSchema, { method: "PATCH", body: { role } }),
    onSuccess: ({ user: updated }) => {
      queryClient.setQueryData<UserSummary[]>(USERS_KEY, (users) => replaceUser(users, updated));
      toast.success(`${updated.email} is now ${ROLE_LABELS[updated.role]}`);
    },
    onError: (failure) => toast.error(`Role not changed: ${failure.message}`),
  });
  return (
    <select
      aria-label={`Role of ${user.email}`}
      value={setRole.isPending ? setRole.variables : user.role}
      disabled={setRole.isPending}
      onChange={(event) => {
        const role = event.currentTarget.value as Role;
        if (isSelf && role !== "admin" && !window.confirm("Remove your own admin role? You will lose access to this section.")) return;
        setRole.mutate(role);
      }}
      className={`${inputClass} py-0.5`}
    >
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}

/** Admins only: every user with their role, creating users and changing roles. */
export function UsersPanel({ initialUsers, currentUserId }: { initialUsers: UserSummary[]; currentUserId: string }) {
  const users = useQuery({
    queryKey: USERS_KEY,
    queryFn: async () => (await fetchJson("/api/v1/users", userListResponseSchema)).users,
    initialData: initialUsers,
  });
  const list = users.data ?? [];
  return (
    <section aria-labelledby="users-heading" className="mb-8">
      <h2 id="users-heading" className="mb-1 text-base font-semibold">
        Users
      </h2>
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Viewers read; annotators also annotate; admins also ingest, launch jobs and manage users. A role change applies
        from the user&apos;s next request, to their session and their tokens alike.
      </p>
      <CreateUserForm />
      {users.isError ? (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
          Could not refresh the users: {users.error.message}
        </p>
      ) : null}
      <Table aria-label="Users">
        <thead>
          <tr>
            <Th>Email</Th>
            <Th>Name</Th>
            <Th>Role</Th>
            <Th>Created</Th>
          </tr>
        </thead>
        <tbody>
          {list.map((user) => (
            <tr key={user.id}>
              <Td className="font-medium">
                {user.email}
                {user.id === currentUserId ? <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">(you)</span> : null}
                {user.banned ? <span className="ml-1.5 text-xs text-red-700 dark:text-red-400">banned</span> : null}
              </Td>
              <Td>{user.name}</Td>
              <Td>
                <RoleSelect user={user} isSelf={user.id === currentUserId} />
              </Td>
              <Td className="tabular-nums">{formatDay(user.createdAt)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
