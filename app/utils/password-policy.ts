import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 10;

export const PasswordSchema = z
  .string({ error: "請輸入密碼" })
  .min(MIN_PASSWORD_LENGTH, `密碼至少需要 ${MIN_PASSWORD_LENGTH} 個字元`)
  .max(256, "密碼不可超過 256 個字元");

export const NewPasswordSchema = z
  .object({ password: PasswordSchema, confirm: z.string({ error: "請再輸入一次密碼" }) })
  .refine((value) => value.password === value.confirm, { message: "兩次輸入的密碼不一致", path: ["confirm"] });
