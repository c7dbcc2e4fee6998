export function newestSourceMtime(root: string): number;
export function buildIsStale(root: string, dist: string): boolean;
export function stampBuild(root: string, dist: string, stamp?: number): void;
