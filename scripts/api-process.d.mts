export const API_ENTRY: string;
export const API_NODE_FLAGS: readonly string[];
export const API_ENVIRONMENT: Readonly<Record<string, string>>;
