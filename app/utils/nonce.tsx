import { createContext, useContext } from "react";

const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;

/** The per-request CSP nonce for inline scripts (empty in the dev server, which sets no CSP). */
export function useNonce() {
  return useContext(NonceContext);
}
