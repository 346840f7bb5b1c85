export const SQLITE3_MISSING: string;
export function findOnPath(name: string, pathVar?: string): string | undefined;
export function sqliteVersion(bin: string | undefined): string;
export function rosterBuilt(root: string): boolean;
export function commandProbe(root: string, env: NodeJS.ProcessEnv): (...words: string[]) => boolean;
export function parseSubcommands(helpText: string): Set<string>;
