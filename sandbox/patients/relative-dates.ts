// Vignette dates are relative to "today", so the records never fall out of the spec's windows.
// Times are fixed at 09:30 UTC on a past day (never today) so no record lies in the future.
export interface RelativeDates {
  /** YYYY-MM-DD, n days before today (negative n: after today). */
  day(daysAgo: number): string;
  /** A dateTime at 09:30Z, n days before today. */
  at(daysAgo: number): string;
  /** A birth date giving the age in whole years on today (birthday 100 days ago). */
  birthDateForAge(years: number): string;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function relativeDates(today: Date): RelativeDates {
  // The calendar day the caller sees, as a UTC midnight, so adding days never crosses DST.
  const base = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const shifted = (daysAgo: number) => new Date(base - daysAgo * 86_400_000);
  return {
    day: (daysAgo) => isoDay(shifted(daysAgo)),
    at: (daysAgo) => `${isoDay(shifted(daysAgo))}T09:30:00Z`,
    birthDateForAge: (years) => {
      const birthday = shifted(100);
      birthday.setUTCFullYear(birthday.getUTCFullYear() - years);
      return isoDay(birthday);
    },
  };
}
