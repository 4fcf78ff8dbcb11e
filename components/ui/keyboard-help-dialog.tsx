"use client";

import { X } from "lucide-react";
import { Dialog } from "radix-ui";
import { Kbd, type KeyHelp } from "@/components/ui/keyboard-help";

/** The dialog of KeyboardHelp, loaded the first time it opens. */
export default function KeyboardHelpDialog({ keys, title, open, onOpenChange }: { keys: KeyHelp[]; title: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-4 shadow-lg dark:border-zinc-800 dark:bg-zinc-950">
          <div className="mb-3 flex items-center justify-between">
            <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
            <Dialog.Close className="rounded p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label="Close">
              <X aria-hidden className="size-4" />
            </Dialog.Close>
          </div>
          <Dialog.Description className="mb-2 text-xs text-zinc-500">Keys do nothing while you type in a field.</Dialog.Description>
          <table className="w-full text-sm">
            <tbody>
              {keys.map((k) => (
                <tr key={k.description}>
                  <td className="py-1 pr-4 whitespace-nowrap">
                    {k.keys.map((key, i) => (
                      <span key={key}>
                        {i ? <span className="px-1 text-zinc-400">/</span> : null}
                        <Kbd>{key}</Kbd>
                      </span>
                    ))}
                  </td>
                  <td className="py-1">{k.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
