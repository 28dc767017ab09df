// The note's and the print's time stamp, in its own tiny module: the first screen needs it, the note builder loads later.
/** "2026-11-30 14:05 Europe/Berlin (UTC+01:00)": the browser's local time with its zone, so a reader elsewhere can place it. */
export function localDateTime(now: Date, zone: string | undefined = browserTimeZone()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -now.getTimezoneOffset();
  const utc = `UTC${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())} ${zone ? `${zone} (${utc})` : utc}`;
}

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}
