/**
 * The window blob formats, each also its blob name extension (`segmentName`). `ndjson` is the
 * default; `csv` is the reference's layout, `parquet` is for analytics engines. A reader picks
 * the format by extension, so a deployment that changes format keeps reading its old blobs.
 */
export const WINDOW_FORMATS = ['ndjson', 'csv', 'parquet'] as const;
export type WindowFormat = (typeof WINDOW_FORMATS)[number];

/** The format named by a blob's extension, or undefined when it is not a window format. */
export function formatOfBlob(name: string): WindowFormat | undefined {
  const dot = name.lastIndexOf('.');
  const extension = dot < 0 ? '' : name.slice(dot + 1);
  return WINDOW_FORMATS.find((format) => format === extension);
}
