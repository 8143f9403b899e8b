/**
 * Directory listings and file entries: `operation/endpoint/{id}/ls` and
 * `…/stat`.
 *
 * @module
 */
/**
 * One entry of a directory listing, or the answer of `stat`
 * (`DATA_TYPE: "file"`). Unknown fields are kept.
 */
export interface FileEntry {
  /** `"file"`. */
  DATA_TYPE?: string;
  /** The entry's name (not a path). */
  name: string;
  /**
   * `"dir"`, `"file"` or `"invalid_symlink"`. Typed so editors offer
   * these; another string still type-checks and passes validation.
   */
  type: "dir" | "file" | "invalid_symlink" | (string & Record<never, never>);
  /** Size in bytes. */
  size?: number | null;
  /** e.g. `"2021-01-15 01:45:50+00:00"`. */
  last_modified?: string | null;
  /** Octal permissions, e.g. `"0755"`. */
  permissions?: string | null;
  /** The owning user. */
  user?: string | null;
  /** The owning group. */
  group?: string | null;
  /** A symlink's target. */
  link_target?: string | null;
  /** A symlink target's size. */
  link_size?: number | null;
  /** A symlink target's user. */
  link_user?: string | null;
  /** A symlink target's group. */
  link_group?: string | null;
  /** A symlink target's modification time. */
  link_last_modified?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A directory listing (`DATA_TYPE: "file_list"`). */
export interface FileList {
  /** `"file_list"`. */
  DATA_TYPE?: string;
  /** The path that was listed, as asked. */
  path?: string | null;
  /** The absolute path, when the service knows it. */
  absolute_path?: string | null;
  /** The endpoint id. */
  endpoint?: string | null;
  /** The number of entries in `DATA`. */
  length?: number | null;
  /** The number of entries in the directory. */
  total?: number | null;
  /** Whether rename is supported. */
  rename_supported?: boolean | null;
  /** Whether symlinks are supported. */
  symlink_supported?: boolean | null;
  /** The entries. */
  DATA: FileEntry[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}
