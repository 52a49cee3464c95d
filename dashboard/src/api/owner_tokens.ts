/**
 * Owner tokens of the runs this browser created, kept in local storage so the
 * user can delete their own runs later.
 *
 * @module
 */

const STORAGE_KEY = "rg.ownerTokens";

/** Where tokens live (localStorage in the browser, a Map in tests). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Read and write owner tokens by run id. */
export interface OwnerTokens {
  get(id: string): string | undefined;
  set(id: string, token: string): void;
  remove(id: string): void;
  /** The newest `max` tokens, oldest first. */
  all(max: number): string[];
}

/** Owner tokens backed by `storage`; unreadable storage counts as empty. */
export function createOwnerTokens(storage: TokenStorage | null): OwnerTokens {
  const read = (): Record<string, string> => {
    try {
      const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? "{}");
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch {
      return {};
    }
  };
  const write = (all: Record<string, string>) => {
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(all));
    } catch {
      // Storage full or disabled: the token is lost, deleting is not offered.
    }
  };
  return {
    get: (id) => read()[id],
    set(id, token) {
      write({ ...read(), [id]: token });
    },
    remove(id) {
      const all = read();
      delete all[id];
      write(all);
    },
    all: (max) => Object.values(read()).slice(-max),
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
