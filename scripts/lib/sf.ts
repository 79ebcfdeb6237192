import { spawn } from 'node:child_process';
import { CommandError } from './cli.js';

/** Environment every `sf` call gets: no telemetry, no update checks. */
export const SF_ENV: Readonly<Record<string, string>> = {
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_DISABLE_AUTOUPDATE: 'true'
};

export interface SfResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sf` with arguments; injectable so tests can fake it. */
export type SfRunner = (args: readonly string[]) => Promise<SfResult>;

/** The real runner: spawns `sf` from PATH (node_modules/.bin when run through npm). */
export const spawnSf: SfRunner = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn('sf', [...args], {
      env: { ...process.env, ...SF_ENV },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) =>
      reject(
        new CommandError(
          `cannot run sf: ${error.message}`,
          'install the Salesforce CLI (npm install) or put sf on PATH'
        )
      )
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });

/** The `message` of an `sf --json` failure, or the raw output when it is not JSON. */
export function sfErrorMessage(result: SfResult): string {
  for (const text of [result.stdout, result.stderr]) {
    try {
      const parsed = JSON.parse(text) as { message?: string; name?: string };
      if (parsed && typeof parsed.message === 'string')
        return parsed.name ? `${parsed.name}: ${parsed.message}` : parsed.message;
    } catch {
      // not JSON
    }
  }
  return (
    result.stderr.trim() ||
    result.stdout.trim() ||
    `sf exited with code ${result.code}`
  ).slice(0, 2000);
}

export interface OrgAuth {
  readonly accessToken: string;
  readonly instanceUrl: string;
  readonly username: string;
  readonly apiVersion: string;
}

/** Auth of an org the `sf` CLI knows (`sf org display --json --target-org ALIAS`). */
export async function orgAuth(alias: string, run: SfRunner = spawnSf): Promise<OrgAuth> {
  const result = await run(['org', 'display', '--json', '--target-org', alias]);
  if (result.code !== 0) {
    throw new CommandError(
      `the sf CLI has no usable org "${alias}": ${sfErrorMessage(result)}`,
      `log in first (sf org login web --alias ${alias}) or list known orgs with sf org list`
    );
  }
  const parsed = JSON.parse(result.stdout) as {
    result?: { accessToken?: string; instanceUrl?: string; username?: string; apiVersion?: string };
  };
  const info = parsed.result;
  if (!info?.accessToken || !info.instanceUrl) {
    throw new CommandError(
      `sf org display for "${alias}" returned no access token`,
      `re-authenticate: sf org login web --alias ${alias}`
    );
  }
  return {
    accessToken: info.accessToken,
    instanceUrl: info.instanceUrl,
    username: info.username ?? '',
    apiVersion: info.apiVersion ?? '62.0'
  };
}
