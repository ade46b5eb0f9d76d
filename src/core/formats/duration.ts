// Durations as ponte.yaml writes them (`30s`, `15m`, `1h`, `7d`, `250ms`): the one parser every
// key that takes a duration uses (monitor.window.duration, alert cooldowns, test timeouts).
import { PonteError } from '../errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/** Milliseconds, or a PonteError naming `field` when the text is not a duration. */
export function parseDuration(text: string, field: string): number {
  const m = DURATION_PATTERN.exec(text.trim());
  if (!m) {
    throw new PonteError('value.duration', `${field} must be a duration such as "30s", "15m", "1h" or "7d", not "${text}"`, {
      hint: 'a number followed by one of ms, s, m, h, d, w',
    });
  }
  return Number(m[1]) * UNIT_MS[m[2]];
}
