/**
 * `npm run emulator`: the Devin emulator on its own.
 *
 *   --port <n>        or EMULATOR_PORT (default 4010)
 *   --seed <n>        seed of the demo data (default 42)
 *   --latency <ms>    added to every API request
 *   --rate-429 <x>    share (0..1) of API requests answered 429 with Retry-After
 *   --rate-5xx <x>    share (0..1) answered 503
 *   --extra-orgs <n>  generated orgs on top of the demo directory
 *   --extra-audit <n> generated audit entries
 *
 * The admin token is DEVIN_SERVICE_USER_TOKEN if set (and then not printed), else generated and printed.
 */
import { parseArgs } from 'node:util';
import { startEmulator, type FaultRule } from './index';

const USAGE = 'Usage: tsx emulator/server.ts [--port n] [--seed n] [--latency ms] [--rate-429 x] [--rate-5xx x] [--extra-orgs n] [--extra-audit n]';

function numberFlag(values: Record<string, string | boolean | undefined>, name: string, check: (n: number) => boolean): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !check(value)) {
    console.error(`Invalid --${name}: ${String(raw)}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

async function main() {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      options: Object.fromEntries(
        ['port', 'seed', 'latency', 'rate-429', 'rate-5xx', 'extra-orgs', 'extra-audit'].map((name) => [name, { type: 'string' as const }]),
      ),
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const isCount = (n: number) => Number.isInteger(n) && n >= 0;
  const isShare = (n: number) => n >= 0 && n <= 1;

  const port = numberFlag(values, 'port', (n) => isCount(n) && n < 65_536) ?? Number(process.env.EMULATOR_PORT || 4010);
  const rule: FaultRule = {
    latencyMs: numberFlag(values, 'latency', isCount),
    rate429: numberFlag(values, 'rate-429', isShare),
    rate5xx: numberFlag(values, 'rate-5xx', isShare),
  };
  const hasFaults = Object.values(rule).some((v) => v !== undefined);
  const adminFromEnv = Boolean(process.env.DEVIN_SERVICE_USER_TOKEN);

  const emulator = await startEmulator({
    port,
    seed: numberFlag(values, 'seed', Number.isInteger),
    extraOrgs: numberFlag(values, 'extra-orgs', isCount),
    extraAuditEntries: numberFlag(values, 'extra-audit', isCount),
    faults: hasFaults ? { rules: [rule] } : undefined,
  });

  const { tokens } = emulator;
  console.log(
    [
      `Devin emulator listening on ${emulator.url}`,
      `  admin token:    ${adminFromEnv ? '(from DEVIN_SERVICE_USER_TOKEN)' : tokens.admin}`,
      `  reader token:   ${tokens.reader}   (ReadAccountMeta only)`,
      `  noImpersonate:  ${tokens.noImpersonate}   (admin without ImpersonateOrgSessions)`,
      `  revoked token:  ${tokens.revoked}   (always 401)`,
      `  controls:       ${emulator.url}/_emulator/{health,faults,fail-next,requests,reset}`,
      ...(hasFaults ? [`  faults:         ${JSON.stringify(rule)}`] : []),
    ].join('\n'),
  );

  const shutdown = (signal: string) => {
    console.log(`\n${signal}: shutting down the emulator`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
