"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Dialog } from "radix-ui";
import { type FormEvent, useId, useState } from "react";
import { toast } from "sonner";
import { buttonClass, inputClass, secondaryButtonClass } from "@/components/settings/styles";
import { VIEWS_KEY } from "@/components/trajectory/saved-views-menu";
import { fetchJson } from "@/lib/http/fetch-json";
import type { TrajectoryQuery } from "@/lib/trajectory-query";
import { savedViewSchema } from "@/lib/trajectory-schemas";

/** "Save this view": name it, share it or not. Loaded when first opened. */
export default function SaveViewDialog({ open, onOpenChange, query }: { open: boolean; onOpenChange: (open: boolean) => void; query: TrajectoryQuery }) {
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
