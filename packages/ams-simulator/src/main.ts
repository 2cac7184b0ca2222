import { startAmsSimulator } from './server';

/**
 * `npm start -w packages/ams-simulator` (and scripts/start.sh): the AMS simulator on 127.0.0.1,
 * port from `--port N`, AMS_SIMULATOR_PORT or 4010. Its records and call log live in memory.
 */
async function main(): Promise<void> {
  const flag = process.argv.indexOf('--port');
  const port = Number(flag >= 0 ? process.argv[flag + 1] : (process.env.AMS_SIMULATOR_PORT ?? 4010));
  const simulator = await startAmsSimulator({ port, host: process.env.AMS_SIMULATOR_HOST ?? '127.0.0.1' });
  console.log(`AMS simulator on ${simulator.url} (a tenant's AMS: ${simulator.url}/<ams360|qqcatalyst|nowcerts|hawksoft>/<tenant>; admin: ${simulator.url}/admin)`);
  const stop = () => void simulator.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
