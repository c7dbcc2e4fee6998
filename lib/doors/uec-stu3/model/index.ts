/** The typed STU3 model: definitions (for validation and XML) and the TypeScript types derived from them. */
export * from "./define";
export * from "./registry";
