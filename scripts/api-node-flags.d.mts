export const API_NODE_FLAGS: readonly string[];
