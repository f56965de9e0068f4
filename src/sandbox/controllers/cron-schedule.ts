/** Cron schedules as CronJobs use them: five fields (ranges, steps, lists, month/day names) or a macro, in UTC. */

/** A parsed cron schedule: the allowed values of each field. */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day-of-month and day-of-week both restricted: either may match (cron's rule). */
  dayOr: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function parseField(
  text: string,
  min: number,
  max: number,
  names: string[] | undefined,
  nameBase: number,
  what: string,
): Set<number> {
  const out = new Set<number>();
  const value = (s: string): number => {
    const i = names?.indexOf(s.toLowerCase()) ?? -1;
    if (i >= 0) return i + nameBase;
    if (!/^\d+$/.test(s))
      throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
    return Number(s);
  };
  for (const part of text.split(',')) {
    const [rangeText, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in ${what}: ${part}`);
    let lo: number;
    let hi: number;
    if (rangeText === '*' || rangeText === '?') [lo, hi] = [min, max];
    else if (rangeText.includes('-')) {
      const [a, b] = rangeText.split('-') as [string, string];
      [lo, hi] = [value(a), value(b)];
    } else {
      lo = value(rangeText);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min) throw new Error(`beginning of range (${lo}) below minimum (${min}): ${part}`);
    if (hi > max) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    for (let v = lo; v <= hi; v += step) out.add(v === 7 && what === 'day of week' ? 0 : v);
  }
  return out;
}

/** Parses a five-field cron schedule (or a macro); throws with the reason when it is not one. */
export function parseCronSchedule(schedule: string): CronSchedule {
  let text = schedule.trim();
  if (/^(CRON_)?TZ=/.test(text)) throw new Error('CRON_TZ or TZ used in schedule is not allowed, use timeZone instead');
  text = MACROS[text.toLowerCase()] ?? text;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${schedule}`);
  const [mi, h, dom, mo, dow] = fields as [string, string, string, string, string];
  return {
    minutes: parseField(mi, 0, 59, undefined, 0, 'minute'),
    hours: parseField(h, 0, 23, undefined, 0, 'hour'),
    days: parseField(dom, 1, 31, undefined, 0, 'day of month'),
    months: parseField(mo, 1, 12, MONTHS, 1, 'month'),
    weekdays: parseField(dow, 0, 7, DAYS, 0, 'day of week'),
    dayOr: dom !== '*' && dom !== '?' && dow !== '*' && dow !== '?',
  };
}

/** The first scheduled time strictly after `afterMs` (UTC, whole minutes), within ~5 years. */
export function nextCronTime(s: CronSchedule, afterMs: number): number | undefined {
  const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const limit = afterMs + 5 * 366 * 86_400_000;
  while (d.getTime() <= limit) {
    if (!s.months.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    const domOk = s.days.has(d.getUTCDate());
    const dowOk = s.weekdays.has(d.getUTCDay());
    if (!(s.dayOr ? domOk || dowOk : domOk && dowOk)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hours.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minutes.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return d.getTime();
  }
  return undefined;
}
