/**
 * Device and sensor ids: safe in blob names, file names and table keys. Every id that reaches
 * a name is validated against this first. Dots alone (`.`, `..`) are refused: as a path
 * segment they would move a blob name up a folder (`models/../v1.json` is `v1.json` once a URL
 * is normalised).
 *
 * A module of its own, without zod, so that a command-line tool can check ids without loading
 * the contracts (`@fleetscore/shared/ids`).
 */
export const ID_PATTERN = /^(?!\.+$)[A-Za-z0-9_.-]{1,64}$/;
