export async function measureQueries(_url: string, _records: number, _nowMs: number, _lines: number): Promise<Record<string, { p50: number; p99: number }>> {
  return {};
}
