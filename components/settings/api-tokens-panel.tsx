"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Copy, KeyRound } from "lucide-react";
import { AlertDialog } from "radix-ui";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import {
  type ApiToken,
  type CreatedApiToken,
  createApiTokenInputSchema,
  createdApiTokenSchema,
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
  tokenListResponseSchema,
} from "@/lib/auth/account-schemas";
import { type Scope, SCOPE_DESCRIPTIONS } from "@/lib/auth/roles";
import { fetchJson } from "@/lib/http/fetch-json";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDay, formatMinute } from "@/components/settings/format-date";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/settings/styles";

const TOKENS_KEY = ["api-tokens"] as const;

function NewTokenNotice({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div
      role="status"
      className="mb-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
    >
      <p className="mb-2 font-medium">
        Token “{created.token.name}” created. Copy it now: it is shown this once and cannot be recovered.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-secret`} className="sr-only">
          New API token
        </label>
        <input
          id={`${id}-secret`}
          readOnly
          value={created.secret}
          onFocus={(event) => event.currentTarget.select()}
          className={`${inputClass} min-w-0 flex-1 font-mono text-xs`}
        />
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(created.secret);
              setCopied(true);
              toast.success("Token copied");
            } catch {
              toast.error("Copying was refused by the browser: select the text and copy it by hand");
            }
          }}
        >
          {copied ? <Check aria-hidden className="size-3.5" /> : <Copy aria-hidden className="size-3.5" />}
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Done
        </button>
      </div>
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
        Use it as <code className="font-mono">Authorization: Bearer {created.token.start}…</code>
      </p>
    </div>
  );
}

function CreateTokenForm({ allowedScopes, onCreated }: { allowedScopes: readonly Scope[]; onCreated: (created: CreatedApiToken) => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: unknown) => fetchJson("/api/v1/tokens", createdApiTokenSchema, { method: "POST", body }),
    onSuccess: (created) => {
      queryClient.setQueryData<ApiToken[]>(TOKENS_KEY, (tokens = []) => [created.token, ...tokens]);
      void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
      onCreated(created);
    },
    onError: (failure) => setError(failure.message),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      name: String(data.get("name") ?? ""),
      scopes: data.getAll("scopes").map(String),
      expiresInDays: Number(data.get("expiresInDays")),
    };
    const parsed = createApiTokenInputSchema.safeParse(input);
    if (!parsed.success) {
      setError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "")}: ${issue.message}`).join("; "));
      return;
    }
    setError(null);
    create.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Create token" className="mb-4 flex flex-col gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-name`} className="text-sm font-medium">
            Name
          </label>
          <input id={`${id}-name`} name="name" required maxLength={64} placeholder="e.g. laptop import" className={`${inputClass} w-56`} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-days`} className="text-sm font-medium">
            Expires in (days)
          </label>
          <input
            id={`${id}-days`}
            name="expiresInDays"
            type="number"
            min={1}
            max={MAX_TOKEN_DAYS}
            step={1}
            defaultValue={DEFAULT_TOKEN_DAYS}
            required
            className={`${inputClass} w-28 tabular-nums`}
          />
        </div>
      </div>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">Scopes</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1">
          {allowedScopes.map((scope) => (
            <label key={scope} className="flex items-center gap-1.5 text-sm" title={SCOPE_DESCRIPTIONS[scope]}>
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "read"} className="size-3.5" />
              <span className="font-mono">{scope}</span>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">{SCOPE_DESCRIPTIONS[scope]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div>
        <button type="submit" className={buttonClass} disabled={create.isPending}>
          <KeyRound aria-hidden className="size-3.5" />
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </div>
    </form>
  );
}

function RevokeButton({ token }: { token: ApiToken }) {
  const queryClient = useQueryClient();
  const label = token.name ?? token.start ?? token.id;
  const revoke = useMutation({
    mutationFn: () => fetchJson(`/api/v1/tokens/${encodeURIComponent(token.id)}`, null, { method: "DELETE" }),
    onSuccess: () => {
      queryClient.setQueryData<ApiToken[]>(TOKENS_KEY, (tokens = []) => tokens.filter((other) => other.id !== token.id));
      toast.success(`Token “${label}” revoked`);
    },
    onError: (failure) => toast.error(`Could not revoke “${label}”: ${failure.message}`),
  });
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button type="button" className={secondaryButtonClass} disabled={revoke.isPending} aria-label={`Revoke ${label}`}>
          Revoke
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,90vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-4 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
          <AlertDialog.Title className="text-base font-semibold">Revoke “{label}”?</AlertDialog.Title>
          <AlertDialog.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Programs using this token get 401 from their next request. This cannot be undone.
          </AlertDialog.Description>
          <div className="mt-4 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <button type="button" className={secondaryButtonClass}>
                Cancel
              </button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button type="button" className={buttonClass} onClick={() => revoke.mutate()}>
                Revoke
              </button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

/** The signed-in user's API tokens: list, create (the secret shown once), revoke. */
export function ApiTokensPanel({ initialTokens, allowedScopes }: { initialTokens: ApiToken[]; allowedScopes: readonly Scope[] }) {
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const tokens = useQuery({
    queryKey: TOKENS_KEY,
    queryFn: async () => (await fetchJson("/api/v1/tokens", tokenListResponseSchema)).tokens,
    initialData: initialTokens,
  });
  const list = tokens.data ?? [];
  return (
    <section aria-labelledby="tokens-heading" className="mb-8">
      <h2 id="tokens-heading" className="mb-1 text-base font-semibold">
        API tokens
      </h2>
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        For scripts and jobs: send <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. A token can do what its
        scopes allow and your role still allows.
      </p>
      {created ? <NewTokenNotice created={created} onDone={() => setCreated(null)} /> : null}
      <CreateTokenForm allowedScopes={allowedScopes} onCreated={setCreated} />
      {tokens.isError ? (
        <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">
          Could not refresh the tokens: {tokens.error.message}
        </p>
      ) : null}
      {list.length ? (
        <Table aria-label="API tokens">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Scopes</Th>
              <Th>Token</Th>
              <Th>Created</Th>
              <Th>Expires</Th>
              <Th>Last used</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {list.map((token) => (
              <tr key={token.id}>
                <Td className="font-medium">{token.name ?? "—"}</Td>
                <Td className="font-mono text-xs">{token.scopes.join(", ") || "—"}</Td>
                <Td className="font-mono text-xs">{token.start ? `${token.start}…` : "—"}</Td>
                <Td className="tabular-nums">{formatDay(token.createdAt)}</Td>
                <Td className="tabular-nums">{token.expiresAt ? formatDay(token.expiresAt) : "never"}</Td>
                <Td className="tabular-nums">{formatMinute(token.lastUsedAt)}</Td>
                <Td align="right">
                  <RevokeButton token={token} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No tokens yet: create one above when a script needs the API.</p>
      )}
    </section>
  );
}
