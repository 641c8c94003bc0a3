export interface StartOptions {
  /** A fixture directory, as `directus-mock pull` writes it. */
  fixture?: string;
  /** Environment variables for the mock (Directus' names: ADMIN_TOKEN, DIRECTUS_MOCK_NOW, ...). */
  env?: Record<string, string>;
  /** 0 (default): a free port. */
  port?: number;
  /** More command-line flags. */
  args?: string[];
  timeoutMs?: number;
}

export interface JournalEntry {
  id: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  raw_query: string | null;
  status: number;
  user: string | null;
  ip: string | null;
  at: string;
  duration_ms: number;
  fault: number | null;
}

export interface FaultRule {
  path: string;
  method?: string;
  status?: number;
  code?: string;
  message?: string;
  times?: number;
  delay_ms?: number;
}

export interface DirectusMock {
  url: string;
  adminToken: string;
  process: import('node:child_process').ChildProcess;
  reset(): Promise<void>;
  snapshot(name: string): Promise<void>;
  restore(name: string): Promise<void>;
  journal(filter?: { method?: string; path?: string; status?: string | number; limit?: string | number }): Promise<JournalEntry[]>;
  clearJournal(): Promise<void>;
  fault(rule: FaultRule): Promise<FaultRule & { id: number; remaining: number }>;
  clearFaults(): Promise<void>;
  setClock(now: string | Date | null, options?: { frozen?: boolean }): Promise<{ now: string; set: boolean; frozen: boolean }>;
  advanceClock(seconds: number): Promise<{ now: string; set: boolean; frozen: boolean }>;
  seedIds(seed: number | null): Promise<{ seed: number | null }>;
  stop(): Promise<void>;
}

export function startDirectusMock(options?: StartOptions): Promise<DirectusMock>;
export function binaryPath(): string;
