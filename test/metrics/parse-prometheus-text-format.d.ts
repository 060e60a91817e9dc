// The package ships no types; this is the part of its output the exposition checks read.
declare module 'parse-prometheus-text-format' {
  interface MetricFamily {
    name: string;
    help: string;
    type: string;
    metrics: unknown[];
  }
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
