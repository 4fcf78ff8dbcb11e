"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/auth-client";
import { safeNextPath } from "@/lib/auth/next-path";

function messageFor(status: number | undefined, message: string | undefined): string {
  if (status === 429) return "Too many attempts: try again in 15 minutes";
  if (status === 401 || status === 400) return "Wrong email or password";
  if (status === 403) return message ? `Sign-in refused: ${message}` : "Sign-in refused";
  if (!status) return "The server could not be reached: check your connection and try again";
  return "Sign-in failed on the server: try again in a moment";
}

/** Email + password sign-in. On success goes to `next` (a path on this site) or /runs. */
export function SignInForm({ next }: { next?: string }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const { error: failure } = await authClient.signIn.email({
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (failure) {
        setError(messageFor(failure.status, failure.message));
        setPending(false);
        return;
      }
      router.replace(safeNextPath(next));
      router.refresh();
    } catch {
      setError(messageFor(undefined, undefined));
      setPending(false);
    }
  }

  const input =
    "w-full rounded border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" aria-describedby={error ? `${id}-error` : undefined} noValidate>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-email`} className="text-sm font-medium">
          Email
        </label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required autoFocus className={input} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-password`} className="text-sm font-medium">
          Password
        </label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required className={input} />
      </div>
      <p id={`${id}-error`} role="alert" aria-live="assertive" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
