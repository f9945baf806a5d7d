import { z } from "zod";

/** datetime-local gives Taiwan wall-clock time without a zone; institutions work in Asia/Taipei. */
export const taipeiDateTime = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${label}格式不正確`)
    // 2026-02-30 would roll over to March: the date must read back exactly as it was typed.
    .refine((value) => {
      const date = new Date(`${value}:00+08:00`);
      return !Number.isNaN(date.getTime()) && new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16) === value;
    }, `${label}不是存在的日期或時間`)
    .transform((value) => new Date(`${value}:00+08:00`));

/** The value a datetime-local input shows for a moment, in Taiwan time. */
export function toTaipeiInput(value: Date | string | null | undefined): string {
  if (!value) return "";
  return new Date(new Date(value).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}
