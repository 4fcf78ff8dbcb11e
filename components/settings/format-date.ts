// Dates for the Settings tables: the same text on the server and in the browser (no locale, no time zone drift).

export function formatDay(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "—";
}

export function formatMinute(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "never";
}
