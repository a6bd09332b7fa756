// Types of scripts/build-server.js for the TypeScript that imports it (its tests).

/** The server's source files under `root`/src, relative to src and sorted. */
export function sourceFiles(root?: string): string[];
/** Digest of the server's sources, the build script and tsconfig.json (16 hex digits). */
export function sourceDigest(root?: string): string;
/** The entry module (cli/main.js) of the build of the current sources, if it has been made. */
export function builtMain(root?: string): string | undefined;
/** Builds the current sources unless built, removes other builds, returns the entry module. */
export function buildServer(root?: string): Promise<string>;
