"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bookmark, Trash2, Users } from "lucide-react";
import { Dialog, DropdownMenu } from "radix-ui";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/settings/styles";
import { fetchJson } from "@/lib/http/fetch-json";
import { trajectoryQueryString, type TrajectoryQuery } from "@/lib/trajectory-query";
import { savedViewSchema, type SavedView } from "@/lib/trajectory-schemas";
import { z } from "zod";

const VIEWS_KEY = ["saved-views"] as const;
const viewListSchema = z.object({ items: z.array(savedViewSchema) });

export function SavedViewsMenu({
  initial,
  current,
  onOpen,
  canDeleteShared,
}: {
  initial: SavedView[];
  current: TrajectoryQuery;
  onOpen: (view: SavedView) => void;
  canDeleteShared: boolean;
}) {
  const queryClient = useQueryClient();
  const { data: views = initial } = useQuery({
    queryKey: VIEWS_KEY,
    queryFn: async () => (await fetchJson("/api/v1/saved-views", viewListSchema)).items,
    initialData: initial,
  });
  const [saving, setSaving] = useState(false);
  const remove = useMutation({
    mutationFn: (view: SavedView) => fetchJson(`/api/v1/saved-views/${view.id}`, null, { method: "DELETE" }),
    onSuccess: (_data, view) => {
      toast.success(`Deleted the view “${view.name}”`);
      void queryClient.invalidateQueries({ queryKey: VIEWS_KEY });
    },
    onError: (error) => toast.error(error.message),
  });
  const mine = views.filter((v) => v.mine);
  const shared = views.filter((v) => !v.mine);
  const currentQs = trajectoryQueryString(current);

  const item = (view: SavedView) => (
    <div key={view.id} className="flex items-center gap-1">
      <DropdownMenu.Item
        onSelect={() => onOpen(view)}
        className={`flex min-w-0 flex-1 cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800 ${
          trajectoryQueryString(view.query) === currentQs ? "font-medium" : ""
        }`}
      >
        <span className="truncate">{view.name}</span>
        {view.shared ? <Users aria-label="shared" className="size-3.5 shrink-0 text-zinc-500" /> : null}
        {!view.mine ? <span className="ml-auto shrink-0 text-xs text-zinc-500">{view.owner.name}</span> : null}
      </DropdownMenu.Item>
      {view.mine || canDeleteShared ? (
        <DropdownMenu.Item
          onSelect={(event) => {
            event.preventDefault();
            if (window.confirm(`Delete the saved view “${view.name}”?`)) remove.mutate(view);
          }}
          aria-label={`Delete view ${view.name}`}
          className="cursor-pointer rounded p-1 text-zinc-500 outline-none data-[highlighted]:bg-zinc-100 data-[highlighted]:text-incorrect dark:data-[highlighted]:bg-zinc-800"
        >
          <Trash2 aria-hidden className="size-3.5" />
        </DropdownMenu.Item>
      ) : null}
    </div>
  );

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className={secondaryButtonClass}>
          <Bookmark aria-hidden className="size-3.5" /> Views
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-40 w-72 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-950"
          >
            <DropdownMenu.Item
              onSelect={() => setSaving(true)}
              className="cursor-pointer rounded px-2 py-1 text-sm font-medium outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
            >
              Save the current view…
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            <DropdownMenu.Label className="px-2 py-0.5 text-xs text-zinc-500">My views</DropdownMenu.Label>
            {mine.length ? mine.map(item) : <p className="px-2 py-1 text-xs text-zinc-500">None yet.</p>}
            <DropdownMenu.Label className="mt-1 px-2 py-0.5 text-xs text-zinc-500">Shared by others</DropdownMenu.Label>
            {shared.length ? shared.map(item) : <p className="px-2 py-1 text-xs text-zinc-500">None.</p>}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <SaveViewDialog open={saving} onOpenChange={setSaving} query={current} />
    </>
  );
}

function SaveViewDialog({ open, onOpenChange, query }: { open: boolean; onOpenChange: (open: boolean) => void; query: TrajectoryQuery }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () => fetchJson("/api/v1/saved-views", savedViewSchema, { method: "POST", body: { name, shared, query } }),
    onSuccess: (view) => {
      toast.success(`Saved the view “${view.name}”${view.shared ? ", shared with everyone" : ""}`);
      void queryClient.invalidateQueries({ queryKey: VIEWS_KEY });
      onOpenChange(false);
      setName("");
    },
    onError: (error) => toast.error(error.message),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(26rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-4 shadow-lg dark:border-zinc-800 dark:bg-zinc-950">
          <Dialog.Title className="mb-1 text-base font-semibold">Save this view</Dialog.Title>
          <Dialog.Description className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Filters, search and sort are saved; a view of the same name is replaced.
          </Dialog.Description>
          <form onSubmit={submit} className="flex flex-col gap-3">
            <label htmlFor={`${id}-name`} className="text-sm">
              Name
              <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required autoFocus className={`${inputClass} mt-1 w-full`} />
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
              Share with everyone in the workbench
            </label>
            <div className="flex justify-end gap-2">
              <Dialog.Close className={secondaryButtonClass}>Cancel</Dialog.Close>
              <button type="submit" className={buttonClass} disabled={save.isPending || !name.trim()}>
                {save.isPending ? "Saving…" : "Save view"}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
