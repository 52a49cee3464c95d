/**
 * What this browser remembers of the runs it created, in local storage: the
 * owner token (so the user can delete their own runs later) and, for fits of
 * a file, the file's name (the API stores no file names).
 *
 * @module
 */

const TOKENS_KEY = "rg.ownerTokens";
const FILES_KEY = "rg.runFiles";

/** Where tokens live (localStorage in the browser, a Map in tests). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Read and write owner tokens and file names by run id. */
export interface OwnerTokens {
  get(id: string): string | undefined;
  set(id: string, token: string): void;
  /** Forgets the run's token and file name. */
  remove(id: string): void;
  /** The newest `max` tokens, oldest first. */
  all(max: number): string[];
  /** The name of the file the run fitted, when this browser sent it. */
  fileName(id: string): string | undefined;
  setFileName(id: string, name: string): void;
}

/** A string → string map kept as JSON under `key`; unreadable counts as empty. */
function storedMap(storage: TokenStorage | null, key: string) {
  const read = (): Record<string, string> => {
    try {
      const parsed = JSON.parse(storage?.getItem(key) ?? "{}");
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch {
      return {};
    }
  };
  const write = (all: Record<string, string>) => {
    try {
      storage?.setItem(key, JSON.stringify(all));
    } catch {
      // Storage full or disabled: the entry is lost (no delete, no file name).
    }
  };
  return {
    get: (id: string): string | undefined => {
      const v = read()[id];
      return typeof v === "string" ? v : undefined;
    },
    set: (id: string, value: string) => write({ ...read(), [id]: value }),
    remove(id: string) {
      const all = read();
      if (!(id in all)) return;
      delete all[id];
      write(all);
    },
    /** The newest `max` values, oldest first. */
    values: (max: number): string[] =>
      Object.values(read()).filter((v) => typeof v === "string").slice(-max),
  };
}

/** Owner tokens and file names backed by `storage`. */
export function createOwnerTokens(storage: TokenStorage | null): OwnerTokens {
  const tokens = storedMap(storage, TOKENS_KEY);
  const files = storedMap(storage, FILES_KEY);
  return {
    get: tokens.get,
    set: tokens.set,
    remove(id) {
      tokens.remove(id);
      files.remove(id);
    },
    all: tokens.values,
    fileName: files.get,
    setFileName: files.set,
  };
}

/** The browser's local storage, or null where it is unavailable. */
export function browserStorage(): TokenStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
