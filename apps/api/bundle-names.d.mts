/** `code` with its redundant keepNames `__name` calls blanked (bundle-names.mjs). */
export function blankRedundantNameCalls(code: string): { code: string; blanked: number };
